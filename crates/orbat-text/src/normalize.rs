//! The one text normalisation every format goes through: line ends, odd
//! spaces, invisible characters, runs of spaces, blank lines, then NFC.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalise `raw` into the text that all offsets index.
///
/// - CRLF, CR, NEL and U+2028 become `\n`; U+2029 becomes a blank line.
/// - Tabs, no-break and other Unicode spaces become a plain space; runs of
///   spaces collapse to one; lines are trimmed.
/// - Zero-width space, word joiner, BOM, soft hyphen and control characters go.
/// - Two or more line breaks (a blank line) are one paragraph break `\n\n`;
///   leading and trailing blank lines go.
/// - The result is in Unicode Normalization Form C.
pub(crate) fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    let mut pending_newlines = 0u8;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                pending_newlines = pending_newlines.saturating_add(1);
            }
            '\n' | '\u{85}' | '\u{2028}' | '\x0b' | '\x0c' => {
                pending_newlines = pending_newlines.saturating_add(1)
            }
            '\u{2029}' => pending_newlines = pending_newlines.saturating_add(2),
            ' '
            | '\t'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}' => pending_space = true,
            '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
            c if c.is_control() => {}
            c => {
                if !out.is_empty() {
                    match pending_newlines {
                        0 if pending_space => out.push(' '),
                        0 => {}
                        1 => out.push('\n'),
                        _ => out.push_str("\n\n"),
                    }
                }
                pending_space = false;
                pending_newlines = 0;
                out.push(c);
            }
        }
    }
    if is_nfc_quick(out.chars()) == IsNormalized::Yes {
        out
    } else {
        out.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn spaces_lines_and_paragraphs() {
        assert_eq!(
            normalize(
                "  Title \r\n\r\n\r\nFirst\u{a0}\u{a0}line\t here \nsecond\u{200b} line\n\n \n"
            ),
            "Title\n\nFirst line here\nsecond line"
        );
    }

    #[test]
    fn nfc() {
        assert_eq!(normalize("cafe\u{301}"), "caf\u{e9}");
    }

    #[test]
    fn paragraph_separator() {
        assert_eq!(normalize("a\u{2029}b\rc"), "a\n\nb\nc");
    }
}
