//! Bytes to [`Document`]: the first stage of orbat.
//!
//! [`parse`] turns an HTML page, a Markdown file or plain text into one
//! normalised plain text (NFC, LF line ends, single spaces, paragraphs
//! separated by a blank line) together with its title, publication date,
//! canonical URL and site name (HTML), its language, its sentences and its
//! tokens. Every offset is a **byte** offset into [`Document::text`];
//! [`Document::char_offset`] converts to the character offsets that the
//! report format uses. The crate knows nothing about armed groups or places.
//!
//! ```
//! use orbat_text::{parse, InputFormat, Limits, TokenKind};
//!
//! let html = br#"<html><head><title>Strike on Qusayr | The Ledger</title>
//!   <meta property="og:site_name" content="The Ledger">
//!   <meta property="article:published_time" content="2024-10-28T07:30:00+02:00"></head>
//!   <body><nav><a href="/">Home</a></nav>
//!   <article><h1>Strike on Qusayr</h1>
//!   <p>An air strike hit the Qusayr road on Friday. Gen. Haddad said 4 people died.</p>
//!   </article><footer>&copy; The Ledger</footer></body></html>"#;
//! let doc = parse(html, InputFormat::Auto, &Limits::default()).unwrap();
//! assert_eq!(doc.title.as_deref(), Some("Strike on Qusayr"));
//! assert_eq!(doc.published.as_deref(), Some("2024-10-28"));
//! assert_eq!(doc.text, "Strike on Qusayr\n\nAn air strike hit the Qusayr road on Friday. Gen. Haddad said 4 people died.");
//! assert_eq!(doc.sentences.len(), 3);
//! let s = &doc.sentences[2];
//! assert_eq!(&doc.text[s.start..s.end], "Gen. Haddad said 4 people died.");
//! let four = s.tokens.clone().find(|&i| doc.tokens[i].kind == TokenKind::Number).unwrap();
//! assert_eq!(doc.token_text(four), "4");
//! assert_eq!(doc.language, "en");
//! ```
//!
//! # Encodings and bad input
//! UTF-8 (with or without BOM) and UTF-16 (with BOM, or Latin text without
//! one) are read; an HTML page's declared `charset` is honoured when its
//! bytes are not UTF-8. Text that is mostly UTF-8 with a few invalid bytes
//! (typically Windows-1252 curly quotes) is repaired by reading those bytes
//! as Windows-1252; when more than one byte in ten is invalid,
//! [`TextError::InvalidUtf8`] is returned rather than guessing. NUL bytes or
//! more than 5% control bytes give [`TextError::NotText`]. `parse` never
//! panics (a fixed-seed random-input test guards this).
//!
//! # Costs
//! Everything is linear in the input. Plain text and Markdown run at tens of
//! MB/s in release builds; HTML is slower because html5ever builds a full
//! DOM first (a few MB/s, and memory of several times the page size).
//! Tokens take 24 bytes each (about five per 30 bytes of English).
//! [`Document::char_offset`] is O(1), with one count per eight bytes of
//! non-ASCII text.
//!
//! # Modules
//! `decode` (bytes to string), `html`, `markdown` (format to raw text),
//! `normalize` (the one text normalisation), `sentences`, `tokens`, `lang`.

mod bytescan;
mod date;
mod decode;
mod error;
mod html;
mod lang;
mod markdown;
mod normalize;
#[cfg(test)]
mod random_text;
mod sentences;
mod tokens;

pub use error::TextError;
pub use lang::is_supported;

use bytescan::{has_byte, position_from};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::ops::Range;
use std::path::Path;

/// Which parser to use; `Auto` sniffs the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    #[default]
    Auto,
    Text,
    Markdown,
    Html,
}

/// Resource limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes (default 10 MiB).
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 10 * 1024 * 1024,
        }
    }
}

/// One analysed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// NFC-normalised plain text; all offsets index this.
    pub text: String,
    /// HTML: og:title, else the first `<h1>`, else `<title>`, without a " | Site" suffix.
    /// Markdown: front matter `title`, else the first heading. Plain text: the first
    /// line when shorter than 200 characters and not ending in a full stop.
    pub title: Option<String>,
    /// `YYYY-MM-DD` from HTML metadata or Markdown front matter, in the page's own
    /// timezone; `None` for plain text.
    pub published: Option<String>,
    /// Canonical URL (HTML).
    pub url: Option<String>,
    /// Site name (HTML: og:site_name or the JSON-LD publisher).
    pub source: Option<String>,
    /// ISO 639-1 code ("en"), or "und" when unsure.
    pub language: String,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    char_index: CharIndex,
}

/// A sentence: byte span into [`Document::text`] and its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Indices into [`Document::tokens`].
    pub tokens: Range<usize>,
    /// Index of the paragraph (blank-line separated block), from 0.
    pub paragraph: usize,
}

/// A token: byte span into [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

/// What a token is. See the rules in the `tokens` module: a token starting
/// with a digit is a `Number` (so ordinals like `45th` are Numbers), one
/// starting with a letter is a `Word` (internal hyphens and apostrophes
/// included: `al-Mayadeen`, `Kata'ib`), currency, maths and `% & # @` signs
/// are `Symbol`s, and everything else is `Punct`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
}

impl Document {
    /// The text of token `i`. Panics if `i` is out of range, like slice indexing.
    pub fn token_text(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }

    /// Byte offset to Unicode scalar (char) offset. A byte inside a character
    /// maps to that character; past the end maps to the char count.
    pub fn char_offset(&self, byte: usize) -> usize {
        self.char_index.char_offset(&self.text, byte)
    }

    /// The sentence containing byte `byte`, if any (not between sentences).
    pub fn sentence_of(&self, byte: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.start <= byte);
        (i > 0 && byte < self.sentences[i - 1].end).then(|| i - 1)
    }

    /// Hex SHA-256 of [`Document::text`]: the document id of the report format.
    pub fn sha256(&self) -> String {
        Sha256::digest(self.text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Byte to char offsets: identity for ASCII, else the char count before
/// every eight-byte word plus a count within the word.
#[derive(Debug, Clone, Default)]
struct CharIndex {
    /// `words[k]`: how many chars start in `text[..8 * k]`, for every `k`
    /// up to `text.len() / 8`.
    words: Option<Vec<usize>>,
}

impl CharIndex {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharIndex { words: None };
        }
        let (words, _) = text.as_bytes().as_chunks::<8>();
        let mut counts = Vec::with_capacity(words.len() + 1);
        let mut count = 0;
        counts.push(count);
        for w in words {
            count += 8 - bytescan::continuation_bytes(u64::from_le_bytes(*w)) as usize;
            counts.push(count);
        }
        CharIndex {
            words: Some(counts),
        }
    }

    fn char_offset(&self, text: &str, byte: usize) -> usize {
        let mut byte = byte.min(text.len());
        let Some(counts) = &self.words else {
            return byte;
        };
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let (k, within) = (byte / 8, byte % 8);
        if within == 0 {
            return counts[k];
        }
        let bytes = text.as_bytes();
        let in_word = match bytes[k * 8..].first_chunk::<8>() {
            // the word's bytes from `byte` on masked to zero (not continuation bytes)
            Some(w) => {
                let before = u64::from_le_bytes(*w) & ((1 << (8 * within)) - 1);
                within - bytescan::continuation_bytes(before) as usize
            }
            // the text's last, partial word
            None => chars_in(&bytes[k * 8..byte]),
        };
        counts[k] + in_word
    }
}

/// How many chars start in `bytes` (UTF-8): its bytes less its continuation
/// bytes (`0b10xx_xxxx`), counted eight at a time.
fn chars_in(bytes: &[u8]) -> usize {
    let (words, rest) = bytes.as_chunks::<8>();
    let continuation_in_words: u32 = words
        .iter()
        .map(|w| bytescan::continuation_bytes(u64::from_le_bytes(*w)))
        .sum();
    let continuation_in_rest = rest.iter().filter(|&&b| b & 0xc0 == 0x80).count();
    bytes.len() - continuation_in_words as usize - continuation_in_rest
}

/// What a format-specific extractor hands to the common pipeline.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub text: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
}

/// Parse a document held in memory.
pub fn parse(bytes: &[u8], format: InputFormat, limits: &Limits) -> Result<Document, TextError> {
    if bytes.len() > limits.max_bytes {
        return Err(TextError::TooLarge {
            bytes: bytes.len() as u64,
            max: limits.max_bytes,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(TextError::Empty);
    }
    let raw = decode::decode(bytes)?;
    if raw.trim().is_empty() {
        return Err(TextError::Empty);
    }
    let format = match format {
        InputFormat::Auto => sniff(&raw),
        f => f,
    };
    let extracted = match format {
        InputFormat::Html => html::extract(&raw)?,
        InputFormat::Markdown => markdown::extract(&raw),
        InputFormat::Text | InputFormat::Auto => Extracted {
            text: raw,
            ..Extracted::default()
        },
    };
    let text = normalize::normalize(&extracted.text);
    if text.is_empty() {
        return Err(TextError::Empty);
    }
    let title = extracted
        .title
        .map(|t| normalize::normalize(&t).replace('\n', " "))
        .filter(|t| !t.is_empty())
        .or_else(|| match format {
            InputFormat::Html => None,
            _ => first_line_title(&text),
        });
    let tokenized = tokens::tokenize(&text);
    let sentences = sentences::split(&text, &tokenized);
    Ok(Document {
        language: lang::detect(&text),
        char_index: CharIndex::new(&text),
        title,
        published: extracted.published,
        url: extracted.url,
        source: extracted.source,
        text,
        sentences,
        tokens: tokenized.tokens,
    })
}

/// Read and parse a file; `-` reads standard input. The format follows the
/// extension (`.txt`, `.md`, `.html`/`.htm`); other extensions are sniffed.
pub fn parse_path(path: &Path, limits: &Limits) -> Result<Document, TextError> {
    let io_err = |source| TextError::Io {
        path: path.to_path_buf(),
        source,
    };
    let max = limits.max_bytes;
    let too_large = |bytes: u64| TextError::TooLarge { bytes, max };
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        let mut stdin = std::io::stdin().lock();
        (&mut stdin)
            .take(max as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(io_err)?;
        if bytes.len() > max {
            let rest = std::io::copy(&mut stdin, &mut std::io::sink()).map_err(io_err)?;
            return Err(too_large(bytes.len() as u64 + rest));
        }
    } else {
        let file = std::fs::File::open(path).map_err(io_err)?;
        let len = file.metadata().map_err(io_err)?.len();
        if len > max as u64 {
            return Err(too_large(len));
        }
        file.take(max as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(io_err)?;
        if bytes.len() > max {
            return Err(too_large(bytes.len() as u64));
        }
    }
    parse(&bytes, format_of(path), limits)
}

fn format_of(path: &Path) -> InputFormat {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("txt" | "text") => InputFormat::Text,
        Some("md" | "markdown" | "mdown" | "mkd") => InputFormat::Markdown,
        Some("html" | "htm" | "xhtml" | "shtml") => InputFormat::Html,
        _ => InputFormat::Auto,
    }
}

/// Guess the format from the content: HTML by its tags, Markdown by at least
/// three points of syntax (headings, fences and links 2 each; emphasis, list
/// and quote lines 1 each), else plain text.
fn sniff(text: &str) -> InputFormat {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // tags match in any case: the lower-case tags below are compared
    // ASCII-case-insensitively rather than lower-casing a copy of the head
    let head = text[..end].trim_start().as_bytes();
    let starts = |at: usize, tag: &str| {
        head.get(at..at + tag.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(tag.as_bytes()))
    };
    if starts(0, "<!doctype html") || starts(0, "<html") {
        return InputFormat::Html;
    }
    // one pass over the `<`s: any page-level tag, or three paragraph-level
    // ones (no tag here can match where another does, nor overlap itself, so
    // this equals counting each tag's matches in `head`)
    const PAGE_TAGS: [&str; 5] = ["<html", "<body", "<head>", "<article", "<meta "];
    const PARAGRAPH_TAGS: [&str; 5] = ["<p>", "<p ", "</p>", "<div", "<br"];
    let mut paragraph_tags = 0;
    let mut from = 0;
    while let Some(at) = position_from(head, from, |w| has_byte(w, b'<'), |b| b == b'<') {
        if PAGE_TAGS.iter().any(|t| starts(at, t)) {
            return InputFormat::Html;
        }
        if PARAGRAPH_TAGS.iter().any(|t| starts(at, t)) {
            paragraph_tags += 1;
        }
        from = at + 1;
    }
    if paragraph_tags >= 3 {
        return InputFormat::Html;
    }
    let mut score = 0;
    let mut list_points = 0;
    for line in text.lines().take(200) {
        let l = line.trim_end();
        let hashes = l.chars().take_while(|&c| c == '#').count();
        let heading = (1..=6).contains(&hashes) && l[hashes..].starts_with(' ');
        if heading || l.starts_with("```") || l.starts_with("~~~") {
            score += 2;
        } else if l.starts_with("- ") || l.starts_with("* ") || l.starts_with("+ ") {
            if list_points < 2 {
                list_points += 1;
                score += 1;
            }
        } else if l.starts_with("> ") {
            score += 1;
        }
        if contains_pair(l, b"](") && l.contains('[') {
            score += 2;
        }
        if count_pairs(l, b"**", 2) >= 2 {
            score += 1;
        }
        if score >= 3 {
            return InputFormat::Markdown;
        }
    }
    InputFormat::Text
}

/// `line.contains(pair)` for a two-byte ASCII `pair`, by a byte search for
/// its first byte (cheaper than a substring search on short lines).
fn contains_pair(line: &str, pair: &[u8; 2]) -> bool {
    count_pairs(line, pair, 1) >= 1
}

/// `line.matches(pair).count()` for a two-byte ASCII `pair`, counting no
/// further than `enough`.
fn count_pairs(line: &str, pair: &[u8; 2], enough: usize) -> usize {
    let bytes = line.as_bytes();
    let mut count = 0;
    let mut from = 0;
    while count < enough {
        let Some(at) = position_from(bytes, from, |w| has_byte(w, pair[0]), |b| b == pair[0])
        else {
            break;
        };
        if bytes.get(at + 1) == Some(&pair[1]) {
            count += 1;
            from = at + 2;
        } else {
            from = at + 1;
        }
    }
    count
}

/// Plain-text title: the first non-empty line, if under 200 characters and
/// not ending in a full stop.
fn first_line_title(text: &str) -> Option<String> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    (first.chars().count() < 200 && !first.ends_with('.')).then(|| first.to_string())
}

/// Shown in messages for `-`.
pub(crate) fn show_path(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_cross_threads() {
        fn check<T: Send + Sync>() {}
        check::<Document>();
        check::<TextError>();
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff("<!DOCTYPE html><p>x"), InputFormat::Html);
        assert_eq!(sniff("  <div>a</div><p>b</p><br>"), InputFormat::Html);
        assert_eq!(
            sniff("# Title\n\nSome [link](http://x)."),
            InputFormat::Markdown
        );
        assert_eq!(
            sniff("Title\n\n1. First item.\n2. Second - item."),
            InputFormat::Text
        );
        assert_eq!(
            sniff("Costs rose 5 < 6 and the *army* left."),
            InputFormat::Text
        );
    }

    /// The pair searches agree with `str::contains` and `str::matches` on
    /// pseudo-random lines.
    #[test]
    fn pair_searches_agree_with_str_methods() {
        const ALPHABET: &[&str] = &["*", "]", "(", "[", "a", " ", "é", "**", "](", ")"];
        for line in crate::random_text::random_texts(ALPHABET, 0x2545_f491_4f6c_dd1d, 12, 20_000) {
            assert_eq!(contains_pair(&line, b"]("), line.contains("]("), "{line:?}");
            let stars = line.matches("**").count();
            assert_eq!(count_pairs(&line, b"**", usize::MAX), stars, "{line:?}");
            assert_eq!(count_pairs(&line, b"**", 2), stars.min(2), "{line:?}");
        }
    }

    /// `sniff`'s single pass over the `<`s decides HTML exactly as searching
    /// for each tag did, on pseudo-random tag soup.
    #[test]
    fn tag_scan_agrees_with_tag_searches() {
        fn searched_html(text: &str) -> bool {
            let head = text.trim_start().to_ascii_lowercase();
            head.starts_with("<!doctype html")
                || head.starts_with("<html")
                || ["<html", "<body", "<head>", "<article", "<meta "]
                    .iter()
                    .any(|t| head.contains(t))
                || ["<p>", "<p ", "</p>", "<div", "<br"]
                    .iter()
                    .map(|t| head.matches(t).count())
                    .sum::<usize>()
                    >= 3
        }
        const ALPHABET: &[&str] = &[
            "<", "<p", ">", " ", "</p>", "<P>", "<div", "<br", "<b", "<html", "<head", "<head>",
            "<meta", "<meta ", "<body", "<article", "x", "<<",
        ];
        for text in crate::random_text::random_texts(ALPHABET, 0x9e37_79b9_7f4a_7c15, 10, 20_000) {
            assert_eq!(
                sniff(&text) == InputFormat::Html,
                searched_html(&text),
                "{text:?}"
            );
        }
    }

    /// The word-at-a-time char count agrees with counting chars.
    #[test]
    fn chars_in_agrees_with_chars_count() {
        const ALPHABET: &[&str] = &["a", " ", "é", "’", "中", "😀", "\u{7f}", "\u{80}", "zz"];
        for text in crate::random_text::random_texts(ALPHABET, 0x2545_f491_4f6c_dd1d, 40, 5_000) {
            assert_eq!(chars_in(text.as_bytes()), text.chars().count(), "{text:?}");
            let idx = CharIndex::new(&text);
            for byte in 0..=text.len() + 1 {
                // the chars wholly before `byte`: a byte inside a char maps to that char
                let want = text
                    .char_indices()
                    .take_while(|&(i, c)| i + c.len_utf8() <= byte)
                    .count();
                assert_eq!(idx.char_offset(&text, byte), want, "{text:?} {byte}");
            }
        }
    }

    #[test]
    fn char_index_blocks() {
        let text = "é".repeat(100) + "abc";
        let idx = CharIndex::new(&text);
        assert_eq!(idx.char_offset(&text, 0), 0);
        assert_eq!(idx.char_offset(&text, 2), 1);
        assert_eq!(idx.char_offset(&text, 3), 1); // inside the second é
        assert_eq!(idx.char_offset(&text, 128), 64);
        assert_eq!(idx.char_offset(&text, 201), 101);
        assert_eq!(idx.char_offset(&text, 10_000), 103);
    }
}
