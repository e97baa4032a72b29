//! What an HTTP header value can carry.

/// Whether `value` can go in an HTTP header as is: printable ASCII only.
/// The browser's `Headers` throws on anything else, so every token is
/// checked before a request is built (a pasted one already in the form).
pub fn header_safe(value: &str) -> bool {
    value.bytes().all(|b| (0x20..0x7f).contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_printable_ascii_is_header_safe() {
        assert!(header_safe("Bearer abc.DEF_-~+/="));
        assert!(!header_safe("abc\u{7f}"));
        assert!(!header_safe("line\nbreak"));
        assert!(!header_safe("tøken"));
    }
}
