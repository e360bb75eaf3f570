//! Seeded pseudo-random strings for the tests that compare a fast path with
//! the plain code it replaced. xorshift64: no dependency, and the same strings
//! on every run, so a failure names its input and repeats.

/// `count` strings, each made of fewer than `max_pieces` pieces drawn from
/// `alphabet` (pieces rather than chars, so combining marks, CRLF and other
/// awkward sequences can be listed whole).
pub(crate) fn random_texts(
    alphabet: &'static [&'static str],
    seed: u64,
    max_pieces: u64,
    count: usize,
) -> impl Iterator<Item = String> {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count).map(move |_| {
        let pieces = next() % max_pieces;
        (0..pieces)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect()
    })
}
