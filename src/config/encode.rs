//! Percent-encoding with the exact character set of JavaScript's
//! `encodeURIComponent`, so URLs we build match what the upstream plugin
//! builds, and so no key or value can smuggle `&`, `=`, `#`, `/` or spaces
//! into a URL (parameter injection).

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
