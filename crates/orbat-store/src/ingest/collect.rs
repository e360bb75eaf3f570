//! Turning paths into documents: folders are walked (sorted, hidden entries
//! skipped), JSONL files and feeds are split into one document per line or
//! item, `.json` files holding an `orbat.report/1` are taken as extracted.
use super::feed::parse_feed;
use super::{Failure, Format, Meta, RawDoc};
use orbat_report::{Report, REPORT_SCHEMA};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A document waiting for extraction.
#[derive(Debug, Clone)]
pub enum Pending {
    /// A single-document file, read when its turn comes.
    File(PathBuf, Format),
    /// A document already read out of a container (JSONL line, feed item).
    Raw(RawDoc),
    /// An already extracted report.
    Report(Box<Report>, String),
}

/// A pending document, loaded.
pub enum Loaded {
    /// Bytes for the extractor.
    Raw(RawDoc),
    /// A report, as is.
    Report(Box<Report>),
}

impl Pending {
    /// Where it came from.
    pub fn locator(&self) -> String {
        match self {
            Pending::File(p, _) => p.display().to_string(),
            Pending::Raw(r) => r.locator.clone(),
            Pending::Report(_, l) => l.clone(),
        }
    }

    /// Reads it.
    pub fn load(&self) -> Result<Loaded, String> {
        match self {
            Pending::File(path, format) => {
                let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
                let (bytes, meta) = with_header(bytes, *format);
                Ok(Loaded::Raw(RawDoc {
                    locator: path.display().to_string(),
                    bytes,
                    format: *format,
                    meta,
                }))
            }
            Pending::Raw(r) => Ok(Loaded::Raw(r.clone())),
            Pending::Report(r, _) => Ok(Loaded::Report(r.clone())),
        }
    }
}

/// Plain text and Markdown: metadata lines out of the text, into [`Meta`].
/// Bytes that are not UTF-8 are left for the text parser to decode.
fn with_header(bytes: Vec<u8>, format: Format) -> (Vec<u8>, Meta) {
    if format == Format::Html {
        return (bytes, Meta::default());
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => {
            let (meta, body) = split_header(text);
            (body.into_bytes(), meta)
        }
        Err(_) => (bytes, Meta::default()),
    }
}

enum Kind {
    Single(Format),
    Jsonl,
    Feed,
    ReportJson,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" | "text" => Kind::Single(Format::Text),
        "md" | "markdown" => Kind::Single(Format::Markdown),
        "html" | "htm" | "xhtml" => Kind::Single(Format::Html),
        "jsonl" | "ndjson" => Kind::Jsonl,
        "rss" | "atom" | "xml" => Kind::Feed,
        "json" => Kind::ReportJson,
        _ => return None,
    })
}

/// Expands `paths` into pending documents, in a stable order.
pub fn collect(paths: &[PathBuf]) -> (Vec<Pending>, Vec<Failure>) {
    let mut pending = Vec::new();
    let mut failed = Vec::new();
    for given in paths {
        // Absolute paths, so a changed file is recognised as the same document
        // (and its facts replaced) whichever folder orbat is run from.
        let absolute = std::fs::canonicalize(given).ok();
        let path = absolute.as_ref().unwrap_or(given);
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files, &mut failed);
            for f in files.into_iter().filter(|f| !is_project_file(f)) {
                if let Some(kind) = kind_of(&f) {
                    expand(&f, kind, &mut pending, &mut failed);
                }
            }
        } else if path.is_file() {
            // Named explicitly: an unknown extension is read as plain text.
            let kind = kind_of(path).unwrap_or(Kind::Single(Format::Text));
            expand(path, kind, &mut pending, &mut failed);
        } else {
            failed.push(Failure {
                locator: given.display().to_string(),
                reason: "no such file or folder".into(),
            });
        }
    }
    (pending, failed)
}

/// A folder of reports often carries a README or LICENSE: they describe the
/// collection and are not reports. (Named explicitly, they are ingested.)
fn is_project_file(path: &Path) -> bool {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "README" | "LICENSE" | "LICENCE" | "CHANGELOG" | "NOTICE" | "COPYING"
    )
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, failed: &mut Vec<Failure>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            failed.push(Failure {
                locator: dir.display().to_string(),
                reason: format!("cannot list: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    paths.sort();
    for p in paths {
        // Symlinked folders are not followed: they can loop.
        let is_link = std::fs::symlink_metadata(&p)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false);
        if p.is_dir() && !is_link {
            walk(&p, files, failed);
        } else if p.is_file() {
            files.push(p);
        }
    }
}

/// Expands a document held in memory, named `name` (its extension says what
/// it is): the bundled examples use this.
pub fn expand_in_memory(name: &str, content: &str) -> (Vec<Pending>, Vec<Failure>) {
    let (mut pending, mut failed) = (Vec::new(), Vec::new());
    let kind = kind_of(Path::new(name)).unwrap_or(Kind::Single(Format::Text));
    if let Kind::Single(format) = kind {
        let (bytes, meta) = with_header(content.as_bytes().to_vec(), format);
        let raw = RawDoc {
            locator: name.to_string(),
            bytes,
            format,
            meta,
        };
        pending.push(Pending::Raw(raw));
    } else {
        expand_content(
            name,
            kind,
            || Ok(content.to_string()),
            &mut pending,
            &mut failed,
        );
    }
    (pending, failed)
}

fn expand(path: &Path, kind: Kind, pending: &mut Vec<Pending>, failed: &mut Vec<Failure>) {
    let shown = path.display().to_string();
    if let Kind::Single(format) = kind {
        pending.push(Pending::File(path.to_path_buf(), format));
        return;
    }
    let read = || std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"));
    expand_content(&shown, kind, read, pending, failed);
}

fn expand_content(
    shown: &str,
    kind: Kind,
    read: impl FnOnce() -> Result<String, String>,
    pending: &mut Vec<Pending>,
    failed: &mut Vec<Failure>,
) {
    let shown = shown.to_string();
    let read = || {
        read().map_err(|reason| Failure {
            locator: shown.clone(),
            reason,
        })
    };
    match kind {
        Kind::Single(_) => unreachable!("single documents are not containers"),
        Kind::ReportJson => match read().and_then(|s| {
            parse_report(&s).map_err(|reason| Failure {
                locator: shown.clone(),
                reason,
            })
        }) {
            Ok(r) => pending.push(Pending::Report(Box::new(r), shown.clone())),
            Err(f) => failed.push(f),
        },
        Kind::Jsonl => match read() {
            Ok(text) => {
                let lines: Vec<(usize, &str)> = text
                    .lines()
                    .enumerate()
                    .filter(|(_, line)| !line.trim().is_empty())
                    .collect();
                // Lines are parsed on all cores (in order): done serially, a
                // large file kept the cores idle before extraction could start.
                let parsed: Vec<(String, Result<Pending, String>)> = lines
                    .into_par_iter()
                    .map(|(i, line)| {
                        let locator = format!("{shown}:{}", i + 1);
                        let parsed = jsonl_line(line, &locator);
                        (locator, parsed)
                    })
                    .collect();
                for (locator, parsed) in parsed {
                    match parsed {
                        Ok(p) => pending.push(p),
                        Err(reason) => failed.push(Failure { locator, reason }),
                    }
                }
            }
            Err(f) => failed.push(f),
        },
        Kind::Feed => match read().and_then(|s| {
            parse_feed(&s).map_err(|e| Failure {
                locator: shown.clone(),
                reason: format!("not an RSS or Atom feed: {e}"),
            })
        }) {
            Ok(feed) => {
                for (i, item) in feed.items.into_iter().enumerate() {
                    let locator = item
                        .link
                        .clone()
                        .unwrap_or_else(|| format!("{shown}#item-{}", i + 1));
                    let meta = Meta {
                        title: item.title,
                        url: item.link,
                        source: feed.title.clone(),
                        published: item.published,
                    };
                    pending.push(Pending::Raw(RawDoc {
                        locator,
                        bytes: item.body.into_bytes(),
                        format: Format::Html,
                        meta,
                    }));
                }
            }
            Err(f) => failed.push(f),
        },
    }
}

fn parse_report(s: &str) -> Result<Report, String> {
    let report: Report =
        serde_json::from_str(s).map_err(|e| format!("not an {REPORT_SCHEMA} report: {e}"))?;
    if report.schema != REPORT_SCHEMA {
        return Err(format!("schema '{}' is not {REPORT_SCHEMA}", report.schema));
    }
    Ok(report)
}

/// One JSONL line: a document `{text|html, title, url, source, published}`,
/// or a whole report (`"schema": "orbat.report/1"`).
fn jsonl_line(line: &str, locator: &str) -> Result<Pending, String> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = v.as_object().ok_or("a line must be a JSON object")?;
    if obj.get("schema").is_some() {
        return Ok(Pending::Report(
            Box::new(parse_report(line)?),
            locator.to_string(),
        ));
    }
    let field = |k: &str| {
        obj.get(k)
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let (body, format) = match (field("html"), field("text")) {
        (Some(h), _) => (h, Format::Html),
        (None, Some(t)) => (t, Format::Text),
        (None, None) => return Err("needs a \"text\" or \"html\" field".into()),
    };
    let meta = Meta {
        title: field("title"),
        url: field("url"),
        source: field("source"),
        published: field("published").map(|p| normalise_date(&p).unwrap_or(p)),
    };
    let locator = meta.url.clone().unwrap_or_else(|| locator.to_string());
    Ok(Pending::Raw(RawDoc {
        locator,
        bytes: body.into_bytes(),
        format,
        meta,
    }))
}

/// `YYYY-MM-DD` from the start of an ISO date or timestamp.
pub(super) fn normalise_date(s: &str) -> Option<String> {
    let d = s.trim().get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    ok.then(|| d.to_string())
}

/// Header lines of a plain-text report: the first line is the title, and
/// `Published:`, `Source:` and `URL:` lines near the top say the rest.
pub fn header_meta(text: &str) -> Meta {
    split_header(text).0
}

/// The header's metadata, and the text without the metadata lines: they
/// describe the document and are not part of what it reports (an outlet's
/// name there is not an actor of the story).
pub fn split_header(text: &str) -> (Meta, String) {
    let mut meta = Meta::default();
    let mut body = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        if i >= 12 || trimmed.is_empty() {
            body.push_str(line);
            continue;
        }
        if meta.title.is_none() && i < 3 && !trimmed.contains(':') {
            meta.title = Some(trimmed.trim_start_matches('#').trim().to_string());
            body.push_str(line);
            continue;
        }
        let consumed = match trimmed.split_once(':') {
            Some((key, value)) => {
                let value = value.trim();
                match key.trim().to_ascii_lowercase().as_str() {
                    "published" | "date" => match normalise_date(value) {
                        Some(d) => {
                            meta.published = Some(d);
                            true
                        }
                        None => false,
                    },
                    "source" if !value.is_empty() => {
                        meta.source = Some(value.to_string());
                        true
                    }
                    "url" if !value.is_empty() => {
                        meta.url = Some(value.to_string());
                        true
                    }
                    _ => false,
                }
            }
            None => false,
        };
        if !consumed {
            body.push_str(line);
        }
    }
    (meta, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_headers() {
        let m = header_meta(
            "Militias move east\nPublished: 2019-09-24\nSource: Field notes\n\nBody text: more.",
        );
        assert_eq!(m.title.as_deref(), Some("Militias move east"));
        assert_eq!(m.published.as_deref(), Some("2019-09-24"));
        assert_eq!(m.source.as_deref(), Some("Field notes"));
        let (_, body) = split_header("Title\nPublished: 2019-09-24\nSource: X\n\nBody: kept.\n");
        assert_eq!(body, "Title\n\nBody: kept.\n");
        assert_eq!(
            normalise_date("2019-09-24T10:00:00Z").as_deref(),
            Some("2019-09-24")
        );
        assert_eq!(normalise_date("24/09/2019"), None);
    }

    #[test]
    fn reads_jsonl_lines() {
        let p = jsonl_line(
            r#"{"html":"<p>x</p>","title":"T","url":"https://e.org/a","published":"2020-01-02"}"#,
            "f:1",
        )
        .unwrap();
        let Pending::Raw(r) = p else {
            panic!("raw expected")
        };
        assert_eq!(
            (r.locator.as_str(), r.format),
            ("https://e.org/a", Format::Html)
        );
        assert_eq!(r.meta.published.as_deref(), Some("2020-01-02"));
        assert!(jsonl_line(r#"{"title":"no body"}"#, "f:2").is_err());
        assert!(jsonl_line("not json", "f:3").is_err());
    }
}
