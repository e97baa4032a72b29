//! Encodings for the URLs we build. Percent-encoding with the exact
//! character set of JavaScript's `encodeURIComponent`, so URLs we build
//! match what the upstream plugin builds, and so no key or value can
//! smuggle `&`, `=`, `#`, `/` or spaces into a URL (parameter injection);
//! and base64 for `data:` URLs.

/// Characters `encodeURIComponent` leaves alone besides ASCII letters and digits.
const UNRESERVED_MARKS: &[u8] = b"-_.!~*'()";

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends `input` to `out`, percent-encoded like `encodeURIComponent`
/// (UTF-8 bytes, upper-case hex).
pub fn encode_uri_component_into(input: &str, out: &mut String) {
    for &b in input.as_bytes() {
        if b.is_ascii_alphanumeric() || UNRESERVED_MARKS.contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0x0F) as usize] as char);
        }
    }
}

/// `input` percent-encoded like JavaScript's `encodeURIComponent`.
pub fn encode_uri_component(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    encode_uri_component_into(input, &mut out);
    out
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends `bytes` to `out` in standard base64 with padding (RFC 4648).
pub fn base64_into(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base64(bytes: &[u8]) -> String {
        let mut out = String::new();
        base64_into(bytes, &mut out);
        out
    }

    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        for (input, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), encoded, "{input}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd, 0x00]), "//79AA==");
    }
}
