//! Deterministic randomness, so every run measures the same corpus and queries.

use std::time::Duration;

/// A tiny deterministic generator, so every run searches the same corpus.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound
    }

    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.next(1 << 30) as f64 / f64::from(1u32 << 30)
    }
}

/// The `p` quantile of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}
