//! Reading a Server-Sent Events stream (Coder's workspace watch) from the
//! bytes as they arrive, without `EventSource`: that cannot send our
//! headers, and the token must never ride in a URL. Only what Coder sends
//! is kept: each event's type and data. Lines are split on LF (CR before
//! it dropped), across chunk boundaries.

/// Largest event taken; a stream whose pending event grows past it is
/// broken (or hostile), and the caller falls back to polling.
pub const MAX_EVENT_BYTES: usize = 4 * 1024 * 1024;

/// One dispatched event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SseEvent {
    /// `event:` (empty when the event named none).
    pub kind: String,
    /// The `data:` lines, joined with LF.
    pub data: String,
}

/// The parser's state between chunks.
#[derive(Default, Debug)]
pub struct SseReader {
    line: Vec<u8>,
    kind: String,
    data: String,
    has_data: bool,
}

/// The stream broke the format's limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge;

impl SseReader {
    /// Takes the next chunk; returns the events it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<SseEvent>, TooLarge> {
        let mut events = Vec::new();
        for &byte in chunk {
            if byte != b'\n' {
                self.line.push(byte);
                if self.line.len() + self.data.len() > MAX_EVENT_BYTES {
                    return Err(TooLarge);
                }
                continue;
            }
            if self.line.last() == Some(&b'\r') {
                self.line.pop();
            }
            let line = std::mem::take(&mut self.line);
            let line = String::from_utf8_lossy(&line);
            if line.is_empty() {
                if self.has_data || !self.kind.is_empty() {
                    events.push(SseEvent {
                        kind: std::mem::take(&mut self.kind),
                        data: std::mem::take(&mut self.data),
                    });
                }
                self.has_data = false;
                continue;
            }
            let (field, value) = match line.split_once(':') {
                Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
                None => (&*line, ""),
            };
            match field {
                "event" => value.clone_into(&mut self.kind),
                "data" => {
                    if self.has_data {
                        self.data.push('\n');
                    }
                    self.data.push_str(value);
                    self.has_data = true;
                    if self.data.len() > MAX_EVENT_BYTES {
                        return Err(TooLarge);
                    }
                }
                // Comments (`:`), `id`, `retry` and unknown fields.
                _ => {}
            }
        }
        Ok(events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(kind: &str, data: &str) -> SseEvent {
        SseEvent {
            kind: kind.into(),
            data: data.into(),
        }
    }

    #[test]
    fn reads_coders_events_across_chunks() {
        let mut r = SseReader::default();
        assert_eq!(
            r.push(b"event: ping\n\nevent: da").unwrap(),
            [ev("ping", "")]
        );
        assert_eq!(r.push(b"ta\r\ndata: {\"a\":").unwrap(), []);
        assert_eq!(r.push(b"1}\r\n\r\n").unwrap(), [ev("data", "{\"a\":1}")]);
    }

    #[test]
    fn joins_data_lines_and_skips_comments_and_other_fields() {
        let mut r = SseReader::default();
        let got = r
            .push(b": hi\nid: 3\nretry: 10\ndata:a\ndata: b\nnonsense\n\n\n")
            .unwrap();
        assert_eq!(got, [ev("", "a\nb")]);
    }

    #[test]
    fn garbage_gives_no_events() {
        let mut r = SseReader::default();
        assert_eq!(r.push(b"<html><body>oops</body></html>\n\n").unwrap(), []);
        assert_eq!(r.push(&[0xff, 0xfe, b'\n', b'\n']).unwrap(), []);
    }

    #[test]
    fn an_endless_line_is_refused() {
        let mut r = SseReader::default();
        let chunk = vec![b'a'; 1024 * 1024];
        let mut result = Ok(Vec::new());
        for _ in 0..5 {
            result = r.push(&chunk);
            if result.is_err() {
                break;
            }
        }
        assert_eq!(result, Err(TooLarge));
    }
}
