//! The one error type of the crate.

use std::path::PathBuf;

/// Why a document could not be turned into text. Every message is one line.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// The file (or stdin, shown as `-`) could not be read.
    #[error("cannot read {}: {source}", crate::show_path(path))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Nothing but whitespace (or nothing at all).
    #[error("the document is empty (no text after removing whitespace)")]
    Empty,
    /// Over [`crate::Limits::max_bytes`].
    #[error("input is {bytes} bytes, over the {max}-byte limit (--max-bytes)")]
    TooLarge { bytes: u64, max: usize },
    /// Binary data: NUL bytes, or a high share of control characters.
    #[error("the input looks like binary data, not text (NUL bytes or control characters)")]
    NotText,
    /// Not UTF-8, and too much of it is invalid to read it as Windows-1252.
    #[error(
        "the input is not UTF-8 (first invalid byte at offset {valid_up_to}) and does not look like Windows-1252 text either; convert it to UTF-8"
    )]
    InvalidUtf8 { valid_up_to: usize },
    /// An HTML page whose body has no article text once menus, link lists and scripts are removed.
    #[error("the HTML page has no article text (only navigation, link lists, forms or scripts)")]
    NoArticle,
    /// Returned by callers that check [`crate::is_supported`]; `parse` itself never returns it.
    #[error("language '{0}' is not supported yet")]
    UnsupportedLanguage(String),
}
