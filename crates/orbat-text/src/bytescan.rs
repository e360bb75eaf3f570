//! Byte searches eight bytes at a time (the bytes of a `u64`), for scans
//! that look for a few kinds of byte in long runs of text that has none.

/// `0x01` in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// Does any byte of `word` equal `byte`? (Exact: the classic zero-byte test
/// can misreport only bytes above a true zero byte.)
#[inline]
pub(crate) fn has_byte(word: u64, byte: u8) -> bool {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGH != 0
}

/// How many bytes of `word` are UTF-8 continuation bytes (`0b10xx_xxxx`:
/// high bit set, next bit clear).
///
/// Each such byte becomes a 1 in its own byte, and multiplying by `ONES`
/// sums the eight bytes into the top one (no byte of the partial sums can
/// exceed 8, so nothing carries): cheaper than `count_ones`, which the
/// baseline x86-64 target (no `popcnt`) does in software.
#[inline]
pub(crate) fn continuation_bytes(word: u64) -> u32 {
    let flags = (word & !(word << 1) & HIGH) >> 7;
    (flags.wrapping_mul(ONES) >> 56) as u32
}

/// How many of the first bytes of `word` (little-endian) are ASCII letters
/// or digits, by range tests on all eight bytes at once: each byte's low
/// seven bits plus a constant carries into its high bit exactly when it is at
/// least (or, for the upper bound, more than) the bound, and no sum
/// overflows into the next byte.
#[inline]
fn ascii_alphanumeric_prefix(word: u64) -> usize {
    let low = word & !HIGH;
    let at_least = |x: u64, min: u8| x + u64::from(0x80 - min) * ONES;
    let at_most = |x: u64, max: u8| !(x + u64::from(0x7f - max) * ONES);
    // setting bit 5 lower-cases a letter and maps nothing else onto a-z
    let folded = low | (0x20 * ONES);
    let letter = at_least(folded, b'a') & at_most(folded, b'z');
    let digit = at_least(low, b'0') & at_most(low, b'9');
    let alphanumeric = (letter | digit) & !word & HIGH;
    ((!alphanumeric & HIGH).trailing_zeros() / 8) as usize
}

/// How many bytes from `bytes[from]` on are ASCII letters or digits (`0`
/// when `from` is past the end), eight at a time.
#[inline]
pub(crate) fn ascii_alphanumeric_run(bytes: &[u8], from: usize) -> usize {
    let mut end = from;
    while let Some(chunk) = bytes.get(end..).and_then(<[u8]>::first_chunk::<8>) {
        let run = ascii_alphanumeric_prefix(u64::from_le_bytes(*chunk));
        end += run;
        if run < 8 {
            return end - from;
        }
    }
    let rest = bytes.get(end..).unwrap_or_default();
    end - from
        + rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count()
}

/// The index of the first byte at or after `from` that `is_match` accepts.
/// Words of eight bytes for which `may_match` is false are skipped whole, so
/// `may_match` must be true of every word holding a byte that `is_match`
/// accepts (it may be true of others).
#[inline]
pub(crate) fn position_from(
    bytes: &[u8],
    from: usize,
    may_match: impl Fn(u64) -> bool,
    is_match: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut i = from;
    loop {
        while let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
            if may_match(u64::from_le_bytes(*chunk)) {
                break;
            }
            i += 8;
        }
        let end = (i + 8).min(bytes.len());
        if let Some(p) = bytes.get(i..end)?.iter().position(|&b| is_match(b)) {
            return Some(i + p);
        }
        if end == bytes.len() {
            return None;
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word tests and the search agree with byte-by-byte ones.
    #[test]
    fn agrees_with_byte_by_byte_search() {
        const ALPHABET: &[&str] = &[
            "a", ".", "\n", "!", "?", "é", "中", "\u{80}", "\0", "\u{7f}", "zz", "Az09", "/", ":",
            "@", "[", "`", "{", "Z", "ñ", "ع", "°", "xyzzyABC",
        ];
        let texts = crate::random_text::random_texts(ALPHABET, 0x5851_f42d_4c95_7f2d, 40, 5_000);
        for text in texts {
            let bytes = text.as_bytes();
            for chunk in bytes.windows(8) {
                let word = u64::from_le_bytes(chunk.try_into().unwrap());
                for b in [b'.', b'\n', 0, 0x7f, 0x80] {
                    assert_eq!(has_byte(word, b), chunk.contains(&b));
                }
                assert_eq!(
                    continuation_bytes(word) as usize,
                    chunk.iter().filter(|&&b| b & 0xc0 == 0x80).count()
                );
            }
            for from in 0..=bytes.len() + 1 {
                let run = bytes.get(from..).unwrap_or_default();
                assert_eq!(
                    ascii_alphanumeric_run(bytes, from),
                    run.iter().take_while(|b| b.is_ascii_alphanumeric()).count(),
                    "{text:?} {from}"
                );
            }
            for from in 0..=bytes.len() {
                let want = bytes[from..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map(|p| from + p);
                assert_eq!(
                    position_from(bytes, from, |w| has_byte(w, b'\n'), |b| b == b'\n'),
                    want
                );
                // a may_match that is sometimes true without a match
                assert_eq!(
                    position_from(
                        bytes,
                        from,
                        |w| has_byte(w, b'a') || has_byte(w, b'\n'),
                        |b| b == b'\n'
                    ),
                    want
                );
            }
        }
    }
}
