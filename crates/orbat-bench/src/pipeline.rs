//! Bytes to report, as `orbat ingest` does it: parse with `orbat-text`, let
//! the container's metadata fill what the document does not say, extract.
//! Kept here (rather than borrowed from the CLI, which is a binary) so the
//! benchmark, the fuzz targets and the regression tests run one path.

use orbat_extract::Extractor;
use orbat_report::Report;
use orbat_store::ingest::{expand_in_memory, Format, Pending, RawDoc};
use orbat_text::{InputFormat, Limits, TextError};
use serde::Deserialize;

/// One document of a JSONL corpus (the fields `orbat ingest` reads).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct JsonlDoc {
    /// Plain text or Markdown.
    pub text: Option<String>,
    /// An HTML page (wins over `text`).
    pub html: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Site.
    pub source: Option<String>,
}

/// A document ready for the pipeline.
#[derive(Debug, Clone)]
pub struct Input {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// How to read them.
    pub format: InputFormat,
    /// The container's publication date, if any.
    pub published: Option<String>,
    /// The container's title, if any.
    pub title: Option<String>,
}

impl Input {
    /// A document read out of a container (JSONL line, feed item), with the
    /// container's date and title.
    pub fn from_raw(raw: RawDoc) -> Self {
        Input {
            bytes: raw.bytes,
            format: match raw.format {
                Format::Text => InputFormat::Text,
                Format::Html => InputFormat::Html,
                Format::Markdown => InputFormat::Markdown,
            },
            published: raw.meta.published,
            title: raw.meta.title,
        }
    }
}

impl JsonlDoc {
    /// The pipeline input, or `None` when the line has neither `html` nor `text`.
    pub fn into_input(self) -> Option<Input> {
        let (bytes, format) = match (self.html, self.text) {
            (Some(h), _) => (h.into_bytes(), InputFormat::Html),
            (None, Some(t)) => (t.into_bytes(), InputFormat::Auto),
            (None, None) => return None,
        };
        Some(Input {
            bytes,
            format,
            published: self.published,
            title: self.title,
        })
    }
}

/// Parses and extracts one document.
pub fn extract(extractor: &Extractor, input: &Input, limits: &Limits) -> Result<Report, TextError> {
    let mut doc = orbat_text::parse(&input.bytes, input.format, limits)?;
    if doc.published.is_none() {
        doc.published = input.published.clone();
    }
    if doc.title.is_none() {
        doc.title = input.title.clone();
    }
    Ok(extractor.extract(&doc))
}

/// Parses and extracts raw bytes of any format (what `orbat extract FILE` does).
pub fn extract_bytes(
    extractor: &Extractor,
    bytes: &[u8],
    format: InputFormat,
) -> Result<Report, TextError> {
    let doc = orbat_text::parse(bytes, format, &Limits::default())?;
    Ok(extractor.extract(&doc))
}

/// Reads a JSONL container the way `orbat ingest file.jsonl` does (the
/// store's own reader), then extracts every document in it. Returns how many
/// reports came out; bad lines are failures, not panics.
pub fn ingest_jsonl(extractor: &Extractor, content: &str) -> usize {
    let (pending, _failed) = expand_in_memory("fuzz.jsonl", content);
    let mut reports = 0;
    for p in pending {
        let raw = match p {
            Pending::Raw(raw) => raw,
            Pending::Report(..) => {
                reports += 1;
                continue;
            }
            // Files are not read from a container held in memory.
            Pending::File(..) => continue,
        };
        if extract(extractor, &Input::from_raw(raw), &Limits::default()).is_ok() {
            reports += 1;
        }
    }
    reports
}

/// Reads a JSONL corpus into memory: one [`Input`] per line with a body.
pub fn read_jsonl(content: &str) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let d: JsonlDoc = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        if let Some(input) = d.into_input() {
            out.push(input);
        }
    }
    Ok(out)
}
