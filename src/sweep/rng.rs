//! The one place a sweep's random generator is built.
//!
//! Sample i of a sweep with seed s draws only from ChaCha8 seeded with s on stream i:
//! a portable, documented generator whose output depends on (s, i) alone, so a sample
//! is the same whatever the thread count, the chunking or the sweep's length (the
//! first N samples of a sweep of 2N are the samples of a sweep of N).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The generator of sample `index` in a sweep with seed `seed`.
pub(crate) fn sample_rng(seed: u64, index: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    rng
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_differ_and_repeat() {
        let a: u64 = sample_rng(7, 0).random();
        let b: u64 = sample_rng(7, 1).random();
        let again: u64 = sample_rng(7, 0).random();
        assert_ne!(a, b);
        assert_eq!(a, again);
    }
}
