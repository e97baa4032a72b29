//! What a successful workspaces fetch hands the cache, and the body
//! fingerprint that lets a poll skip parsing an answer it already has.
//!
//! A poll of 5,000 workspaces returns about a megabyte of JSON; parsing it
//! and comparing the result costs ~100 ms of main thread. Most polls return
//! the same bytes, so the client fingerprints the body first and, when it
//! matches the cached answer's, reports [`Answer::Unchanged`] without
//! parsing anything.

use std::rc::Rc;

use crate::coder::Workspace;

/// The body as text, when it was asked for: the page's own code asked for
/// the same query through `coderApi.getWorkspaces`, and gets Coder's whole
/// answer from the card's request rather than a request of its own. An
/// unchanged answer whose text the cache already holds brings none.
pub type Body = Option<Rc<str>>;

/// A successful fetch of one query.
#[derive(Debug, PartialEq)]
pub enum Answer {
    /// The body is byte-for-byte the one behind the cached answer (same
    /// fingerprint), so it was not parsed.
    Unchanged(Body),
    /// A new body: its workspaces and its fingerprint.
    List(Vec<Workspace>, u64, Body),
}

/// A 64-bit fingerprint of a response body. Not cryptographic: the body
/// comes from the deployment the user already trusts with the data, so a
/// crafted collision could only hide a change the same server made.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut hash = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = (hash ^ u64::from_le_bytes(word))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    hash = (hash ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    // Final avalanche, so every input bit reaches every output bit.
    hash ^= hash >> 32;
    hash = hash.wrapping_mul(K);
    hash ^ (hash >> 29)
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn equal_bodies_have_equal_fingerprints() {
        let body = br#"{"workspaces":[{"id":"1"}],"count":1}"#;
        let copy = body.to_vec();
        assert_eq!(fingerprint(body), fingerprint(&copy));
    }

    #[test]
    fn any_change_changes_the_fingerprint() {
        let body = r#"{"workspaces":[{"id":"1","latest_build":{"status":"running"}}],"count":1}"#;
        let base = fingerprint(body.as_bytes());
        // One byte changed anywhere, including in the unaligned tail.
        for i in 0..body.len() {
            let mut changed = body.as_bytes().to_vec();
            changed[i] ^= 0x01;
            assert_ne!(fingerprint(&changed), base, "byte {i}");
        }
        // Length alone matters, even when the added bytes are zero.
        assert_ne!(fingerprint(b""), fingerprint(b"\0"));
        assert_ne!(fingerprint(b"\0"), fingerprint(b"\0\0"));
    }

    #[test]
    fn a_status_flip_in_a_large_body_is_seen() {
        let row = r#"{"id":"x","latest_build":{"status":"running"}},"#;
        let body = row.repeat(5_000);
        let flipped = body.replacen("running", "stopped", 1);
        assert_ne!(
            fingerprint(body.as_bytes()),
            fingerprint(flipped.as_bytes())
        );
    }
}
