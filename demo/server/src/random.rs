//! Randomness without a `rand` dependency: opaque ids for OAuth states, codes
//! and sessions, and the dice for `--fail-rate`.
//!
//! `RandomState` is seeded by the OS for every process, so SipHash over a
//! counter gives values an outsider can't predict. That is plenty for a
//! loopback demo; it is not meant as a general CSPRNG.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// 64 unpredictable bits.
pub fn next_u64() -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

/// A uniformly distributed float in `[0, 1)`.
pub fn next_f64() -> f64 {
    (next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// An opaque token of 128 random bits, hex-encoded (cookie- and URL-safe).
pub fn token() -> String {
    format!("{:016x}{:016x}", next_u64(), next_u64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_and_floats_are_in_range() {
        assert_ne!(token(), token());
        assert_eq!(token().len(), 32);
        for _ in 0..1000 {
            let f = next_f64();
            assert!((0.0..1.0).contains(&f));
        }
    }
}
