//! The one text normalisation every format goes through: line ends, odd
//! spaces, invisible characters, runs of spaces, blank lines, then NFC.

use crate::bytescan::{position_from, HIGH, ONES};
use std::ops::Range;
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
    let mut layout = Layout::default();
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // fast path: printable ASCII, with single spaces between printable
        // characters, is copied as it is (usually a whole line)
        let plain = plain_ascii_run(&bytes[i..]);
        if plain > 0 {
            layout.flush(&mut out);
            out.push_str(&raw[i..i + plain]);
            i += plain;
            continue;
        }
        // `i` is a char boundary: it only ever advances by whole chars
        let Some(c) = raw[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        match c {
            '\r' => {
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                layout.newlines = layout.newlines.saturating_add(1);
            }
            '\n' | '\u{85}' | '\u{2028}' | '\x0b' | '\x0c' => {
                layout.newlines = layout.newlines.saturating_add(1)
            }
            '\u{2029}' => layout.newlines = layout.newlines.saturating_add(2),
            ' '
            | '\t'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}' => layout.space = true,
            '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
            c if c.is_control() => {}
            c => {
                layout.flush(&mut out);
                out.push(c);
            }
        }
    }
    nfc(out)
}

/// Length of the prefix of `bytes` that normalisation leaves as it is once
/// any pending whitespace is written: printable ASCII characters, and single
/// spaces between two of them. Zero unless `bytes` starts printable.
fn plain_ascii_run(bytes: &[u8]) -> usize {
    let mut end = 0;
    loop {
        // eight bytes at a time while they are plain; invariant: `end` is 0
        // or follows a printable character (a space is taken only with the
        // printable character after it)
        if end > 0 {
            while let Some(chunk) = bytes.get(end..end + 8) {
                if !is_plain_chunk(u64::from_le_bytes(chunk.try_into().unwrap_or_default())) {
                    break;
                }
                end += 8;
            }
        }
        match bytes.get(end) {
            Some(b) if b.is_ascii_graphic() => end += 1,
            Some(b' ') if end > 0 && bytes.get(end + 1).is_some_and(u8::is_ascii_graphic) => {
                end += 2
            }
            _ => return end,
        }
    }
}

/// Eight bytes (little-endian in `word`) that follow a printable character
/// and that normalisation keeps as they are, whatever comes after them:
/// printable ASCII or spaces, no two spaces together, and no space last.
#[inline]
fn is_plain_chunk(word: u64) -> bool {
    // ASCII (high bits clear) first, so the additions below cannot carry
    // from one byte into the next
    if word & HIGH != 0 {
        return false;
    }
    // every byte >= 0x20 (adding 0x60 sets its high bit) and <= 0x7e
    // (adding 1 leaves it clear)
    let printable =
        (word.wrapping_add(0x60 * ONES) & HIGH == HIGH) && (word.wrapping_add(ONES) & HIGH == 0);
    // the spaces are the bytes < 0x21: adding 0x5f leaves their high bit clear
    let spaces = !word.wrapping_add(0x5f * ONES) & HIGH;
    printable && spaces & (spaces >> 8) == 0 && spaces >> 56 == 0
}

/// Whitespace seen since the last character written out.
#[derive(Default)]
struct Layout {
    space: bool,
    newlines: u8,
}

impl Layout {
    /// Write the separator the pending whitespace calls for (none at the
    /// start of the text) before the next character.
    fn flush(&mut self, out: &mut String) {
        if !out.is_empty() {
            match self.newlines {
                0 if self.space => out.push(' '),
                0 => {}
                1 => out.push('\n'),
                _ => out.push_str("\n\n"),
            }
        }
        *self = Layout::default();
    }
}

/// `text` in NFC, without a copy when it already is (the usual case).
///
/// NFC leaves ASCII alone, and an ASCII character never composes with the
/// character before it nor reorders around it, so the text splits before
/// each ASCII character into pieces that normalise independently: only the
/// pieces holding non-ASCII characters (with the ASCII character just before
/// them, which may compose with them: `e` + U+0301) need checking.
fn nfc(text: String) -> String {
    if text.is_ascii()
        || non_ascii_pieces(&text).all(|r| is_nfc_quick(text[r].chars()) == IsNormalized::Yes)
    {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut done = 0;
    for r in non_ascii_pieces(&text) {
        out.push_str(&text[done..r.start]);
        let piece = &text[r.clone()];
        if is_nfc_quick(piece.chars()) == IsNormalized::Yes {
            out.push_str(piece);
        } else {
            out.extend(piece.nfc());
        }
        done = r.end;
    }
    out.push_str(&text[done..]);
    out
}

/// Byte ranges of the runs of non-ASCII characters, each with the ASCII
/// character before it when there is one.
fn non_ascii_pieces(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = position_from(bytes, from, |w| w & HIGH != 0, |b| !b.is_ascii())?;
        let end = start
            + bytes[start..]
                .iter()
                .position(u8::is_ascii)
                .unwrap_or(bytes.len() - start);
        from = end;
        Some(start.saturating_sub(1)..end)
    })
}

#[cfg(test)]
mod tests {
    use super::normalize;
    use unicode_normalization::UnicodeNormalization;

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

    /// The char-by-char normalisation the fast paths replaced, kept as the
    /// reference they must agree with.
    fn reference(raw: &str) -> String {
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
        out.nfc().collect()
    }

    /// Pseudo-random strings (fixed seed) drawn from characters that hit
    /// every branch: ASCII letters, spaces, line ends, controls, odd spaces,
    /// invisible characters, precomposed and decomposed accents, combining
    /// marks in and out of canonical order, Hangul jamo, CJK and Arabic.
    #[test]
    fn fast_paths_agree_with_the_reference() {
        const ALPHABET: &[&str] = &[
            "a",
            "e",
            "Z",
            "7",
            ".",
            "-",
            " ",
            "  ",
            "\t",
            "\n",
            "\r",
            "\r\n",
            "\n\n",
            "\x0b",
            "\x0c",
            "\x01",
            "\x7f",
            "\u{85}",
            "\u{a0}",
            "\u{2002}",
            "\u{2028}",
            "\u{2029}",
            "\u{3000}",
            "\u{200b}",
            "\u{ad}",
            "\u{feff}",
            "é",
            "e\u{301}",
            "\u{301}",
            "\u{323}",
            "\u{323}\u{302}",
            "\u{302}\u{323}",
            "A\u{30a}",
            "\u{212b}",
            "\u{1100}",
            "\u{1161}",
            "\u{11a8}",
            "\u{ac00}",
            "中",
            "ع",
            "\u{64b}\u{650}",
            "ı",
            "\u{f900}",
            "\u{2126}",
        ];
        for raw in crate::random_text::random_texts(ALPHABET, 0x2545_f491_4f6c_dd1d, 24, 20_000) {
            assert_eq!(normalize(&raw), reference(&raw), "{raw:?}");
        }
    }
}
