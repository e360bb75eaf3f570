//! The seeded sequence that the tests comparing a fast path with the code it
//! replaced draw their cases from: the same cases on every run, so that a
//! failure names its input and repeats.

/// A linear congruential generator (Knuth's MMIX constants); the state is
/// the seed until the first draw.
pub(crate) struct Lcg(pub u64);

impl Lcg {
    /// A draw below `bound`, from the high bits of the next state.
    pub fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize % bound
    }

    /// The top `bits` bits of the current state, without a draw.
    pub fn top_bits(&self, bits: u32) -> u64 {
        self.0 >> (64 - bits)
    }
}
