//! Randomness without a `rand` dependency: opaque ids for OAuth states, codes
//! and sessions, UUIDs for new builds, and the dice for `--fail-rate`.
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

/// A random version-4 UUID in its canonical text form, for the ids of new
/// builds and jobs (Coder's are v4 UUIDs too).
pub fn uuid() -> String {
    let (hi, lo) = (next_u64(), next_u64());
    // Version 4 in the 13th hex digit, variant 10xx in the 17th.
    let hi = (hi & !0xf000) | 0x4000;
    let lo = (lo & !(0xc << 60)) | (0x8 << 60);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

/// Whether `text` is a UUID as Go's `uuid.Parse` reads the canonical form;
/// `Err` carries its complaint (`invalid UUID length: N`, `invalid UUID
/// format`), which Coder passes on as the error's detail.
pub fn check_uuid(text: &str) -> Result<(), String> {
    if text.len() != 36 {
        return Err(format!("invalid UUID length: {}", text.len()));
    }
    let ok = text.bytes().enumerate().all(|(i, b)| match i {
        8 | 13 | 18 | 23 => b == b'-',
        _ => b.is_ascii_hexdigit(),
    });
    if ok {
        Ok(())
    } else {
        Err("invalid UUID format".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_v4_and_checked_like_go() {
        let u = uuid();
        assert_eq!(check_uuid(&u), Ok(()), "{u}");
        assert_eq!(&u[14..15], "4");
        assert!("89ab".contains(&u[19..20]), "{u}");
        assert_ne!(uuid(), u);
        assert_eq!(check_uuid("w1").unwrap_err(), "invalid UUID length: 2");
        assert_eq!(
            check_uuid("j0b00000-0000-4000-8000-000000000001").unwrap_err(),
            "invalid UUID format"
        );
    }

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
