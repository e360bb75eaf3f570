//! Bytes to a Rust string: byte-order marks, UTF-16, a declared HTML charset,
//! binary rejection, and a Windows-1252 fallback for text that is mostly UTF-8.
//!
//! Decision on invalid UTF-8: a document where at most one byte in ten is
//! invalid is decoded with each invalid byte read as Windows-1252 (this
//! rescues Latin-1 and Word-style curly quotes in otherwise UTF-8 files);
//! anything worse is an error, because reading Cyrillic or Arabic code pages
//! as Windows-1252 would silently produce nonsense.

use crate::TextError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How far into the input the binary and charset checks look.
const SNIFF_LEN: usize = 8192;

pub(crate) fn decode(bytes: &[u8]) -> Result<String, TextError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == UTF_8 {
            check_binary(body)?;
            return utf8_or_cp1252(body);
        }
        return decode_with(enc, body);
    }
    if let Some(enc) = bomless_utf16(bytes) {
        return decode_with(enc, bytes);
    }
    check_binary(bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(_) => match declared_charset(bytes) {
            Some(enc) if enc != UTF_8 => decode_with(enc, bytes),
            _ => utf8_or_cp1252(bytes),
        },
    }
}

/// Decode with a known encoding, then reject the result if it is binary.
fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> Result<String, TextError> {
    let (text, _had_errors) = enc.decode_without_bom_handling(bytes);
    let nul = text.chars().filter(|&c| c == '\0').count();
    let control = text.chars().filter(|&c| is_binary_control(c)).count();
    let chars = text.chars().count().max(1);
    if nul > 0 || control * 20 > chars {
        return Err(TextError::NotText);
    }
    Ok(text.into_owned())
}

fn is_binary_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c')
}

/// NUL bytes near the start (as git and grep judge binary files), many NULs
/// anywhere, or more than 5% C0 control bytes.
fn check_binary(bytes: &[u8]) -> Result<(), TextError> {
    // the head and the rest counted apart (one pass over each) rather than
    // a search of the head for NUL and then two counting passes
    let (head, rest) = bytes.split_at(bytes.len().min(SNIFF_LEN));
    let in_head = count_nul_and_control(head);
    if in_head.nul > 0 {
        return Err(TextError::NotText);
    }
    let in_rest = count_nul_and_control(rest);
    let nul = in_rest.nul;
    let control = in_head.control + in_rest.control;
    if nul * 1000 > bytes.len() || control * 20 > bytes.len() {
        return Err(TextError::NotText);
    }
    Ok(())
}

/// NUL bytes and the other C0 control bytes that are not whitespace, plus DEL.
#[derive(Debug, PartialEq, Eq)]
struct BinaryBytes {
    nul: usize,
    control: usize,
}

fn is_binary_control_byte(b: u8) -> bool {
    matches!(b, 1..=8 | 0x0e..=0x1f | 0x7f)
}

/// Both counts in one pass. Counting in `u8` over blocks of at most 255
/// bytes lets the compiler compare sixteen bytes at a time.
fn count_nul_and_control(bytes: &[u8]) -> BinaryBytes {
    let mut counts = BinaryBytes { nul: 0, control: 0 };
    for block in bytes.chunks(255) {
        let (nul, control) = block.iter().fold((0u8, 0u8), |(nul, control), &b| {
            (
                nul + u8::from(b == 0),
                control + u8::from(is_binary_control_byte(b)),
            )
        });
        counts.nul += usize::from(nul);
        counts.control += usize::from(control);
    }
    counts
}

/// UTF-16 without a byte-order mark: Latin-script text has a NUL in every
/// other byte.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let (even_nul, odd_nul) = head
        .chunks(2 * 255)
        .map(|block| {
            let (even, odd) = block.chunks_exact(2).fold((0u8, 0u8), |(even, odd), pair| {
                (even + u8::from(pair[0] == 0), odd + u8::from(pair[1] == 0))
            });
            (usize::from(even), usize::from(odd))
        })
        .fold((0, 0), |(e, o), (even, odd)| (e + even, o + odd));
    if odd_nul * 10 > pairs * 4 && even_nul * 20 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 > pairs * 4 && odd_nul * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// `<meta charset=...>` or `http-equiv ... charset=...` (or an XML
/// declaration's encoding) near the start of the input.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let lower = head.to_ascii_lowercase();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        if let Some(pos) = find(&lower, key) {
            let rest = &lower[pos + key.len()..];
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let end = rest
                .iter()
                .position(|b| {
                    !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                })
                .unwrap_or(rest.len());
            if let Some(enc) = Encoding::for_label(&rest[..end]) {
                return Some(enc);
            }
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// UTF-8 where valid; each invalid byte read as Windows-1252, unless more than
/// one byte in ten is invalid.
fn utf8_or_cp1252(bytes: &[u8]) -> Result<String, TextError> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut rest = bytes;
    let mut offset = 0usize;
    let mut first_bad = None;
    let mut invalid = 0usize;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                // `good` is a char boundary by the contract of `valid_up_to`.
                out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                first_bad.get_or_insert(offset + good);
                let bad = e.error_len().unwrap_or(rest.len() - good).max(1);
                for &b in &rest[good..good + bad] {
                    out.push(cp1252(b));
                }
                invalid += bad;
                rest = &rest[good + bad..];
                offset += good + bad;
            }
        }
    }
    if invalid * 10 > bytes.len().max(30) {
        return Err(TextError::InvalidUtf8 {
            valid_up_to: first_bad.unwrap_or(0),
        });
    }
    Ok(out)
}

/// One byte of Windows-1252 (the five undefined bytes become U+FFFD).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž',
        '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{fffd}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        assert_eq!(decode("café – ok".as_bytes()).unwrap(), "café – ok");
    }

    #[test]
    fn bom_is_dropped() {
        assert_eq!(decode(b"\xef\xbb\xbfhello").unwrap(), "hello");
    }

    #[test]
    fn cp1252_quotes_in_mostly_utf8_text() {
        let bytes = b"The group\x92s leader said \x93no\x94 to the talks in Sirte last week.";
        assert_eq!(
            decode(bytes).unwrap(),
            "The group’s leader said “no” to the talks in Sirte last week."
        );
    }

    #[test]
    fn mostly_invalid_is_an_error() {
        let bytes = b"\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0 \xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0";
        assert!(matches!(
            decode(bytes),
            Err(TextError::InvalidUtf8 { valid_up_to: 0 })
        ));
    }

    #[test]
    fn declared_charset_is_used() {
        let bytes = b"<html><head><meta charset=\"windows-1251\"></head><body><p>\xcf\xf0\xe8\xe2\xe5\xf2</p></body></html>";
        assert!(decode(bytes).unwrap().contains("Привет"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xff, 0xfe];
        for u in "Hello world, text".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap(), "Hello world, text");
        assert_eq!(decode(&le[2..]).unwrap(), "Hello world, text");
    }

    #[test]
    fn nul_and_control_bytes_are_binary() {
        assert!(matches!(decode(b"abc\0def"), Err(TextError::NotText)));
        assert!(matches!(
            decode(b"\x01\x02\x03\x04 text"),
            Err(TextError::NotText)
        ));
    }

    /// The block-wise byte counts agree with plain filtering, on pseudo-random
    /// bytes of every length around the block sizes.
    #[test]
    fn block_counts_agree_with_filtering() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for len in (0..1100).chain([4095, 4096, 8191, 8192, 9000]) {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // mostly NULs and controls, so counts reach the block limits
                    [0, 0, 0, 1, 9, 0x1f, 0x7f, b'a', (state >> 32) as u8][(state % 9) as usize]
                })
                .collect();
            let control = |b: u8| matches!(b, 1..=8 | 0x0e..=0x1f | 0x7f);
            let nul = bytes.iter().filter(|&&b| b == 0).count();
            assert_eq!(
                count_nul_and_control(&bytes),
                BinaryBytes {
                    nul,
                    control: bytes.iter().filter(|&&b| control(b)).count()
                }
            );
            // the checks as first written: a NUL in the head, then whole counts
            let head_nul = bytes[..len.min(SNIFF_LEN)].contains(&0);
            let want_binary = head_nul
                || nul * 1000 > len
                || bytes.iter().filter(|&&b| control(b)).count() * 20 > len;
            assert_eq!(check_binary(&bytes).is_err(), want_binary, "{len}");
            // and on mostly text, where the counts decide near their bounds
            let text: Vec<u8> = bytes
                .iter()
                .map(|&b| if b == 0 { b'a' } else { b })
                .collect();
            let mut late_nul = vec![b'x'; SNIFF_LEN];
            late_nul.extend_from_slice(&bytes);
            for sample in [&text, &late_nul] {
                let n = sample.len();
                let want = sample[..n.min(SNIFF_LEN)].contains(&0)
                    || sample.iter().filter(|&&b| b == 0).count() * 1000 > n
                    || sample.iter().filter(|&&b| control(b)).count() * 20 > n;
                assert_eq!(check_binary(sample).is_err(), want, "{n}");
            }
        }
        let all_nul = vec![0u8; 8192];
        assert_eq!(count_nul_and_control(&all_nul).nul, 8192);
        // UTF-16 sniffing counts NULs at even and odd offsets separately
        let mut le = Vec::new();
        for u in "Latin text without a byte-order mark. "
            .repeat(300)
            .encode_utf16()
        {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(bomless_utf16(&le), Some(UTF_16LE));
        assert_eq!(bomless_utf16(&le[1..]), Some(UTF_16BE));
    }
}
