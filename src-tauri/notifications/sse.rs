//! A small Server-Sent Events reader: bytes in, complete events out (comments,
//! i.e. keep-alives, skipped; `\r\n` accepted).

/// One event as the stream framed it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frame {
    pub id: Option<String>,
    pub event: Option<String>,
    pub data: String,
}

/// Buffers partial input until an event is complete (a blank line).
#[derive(Debug, Default)]
pub struct Reader {
    buffer: String,
    /// Bytes of a UTF-8 sequence cut by the chunk boundary.
    pending: Vec<u8>,
}

/// More than this without a blank line is not an event stream.
const MAX_EVENT: usize = 1 << 20;

impl Reader {
    /// Adds a chunk and returns the events it completed; `Err` if the stream is
    /// not text or one event grows past 1 MiB.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<Frame>, &'static str> {
        self.pending.extend_from_slice(chunk);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Err("the stream is not UTF-8"),
        };
        let rest = self.pending.split_off(valid);
        let text = std::mem::replace(&mut self.pending, rest);
        self.buffer
            .push_str(std::str::from_utf8(&text).map_err(|_| "the stream is not UTF-8")?);
        if self.buffer.contains('\r') {
            self.buffer = self.buffer.replace("\r\n", "\n");
        }
        let mut out = Vec::new();
        while let Some(end) = self.buffer.find("\n\n") {
            let block: String = self.buffer.drain(..end + 2).collect();
            if let Some(frame) = parse(&block) {
                out.push(frame);
            }
        }
        if self.buffer.len() > MAX_EVENT {
            return Err("an event is too large");
        }
        Ok(out)
    }
}

fn parse(block: &str) -> Option<Frame> {
    let mut frame = Frame::default();
    let mut any = false;
    for line in block.lines() {
        if line.starts_with(':') {
            continue;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => frame.id = Some(value.to_owned()),
            "event" => frame.event = Some(value.to_owned()),
            "data" => {
                if any && !frame.data.is_empty() {
                    frame.data.push('\n');
                }
                frame.data.push_str(value);
            }
            _ => continue,
        }
        any = true;
    }
    any.then_some(frame)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn frame(id: Option<&str>, event: Option<&str>, data: &str) -> Frame {
        Frame {
            id: id.map(str::to_owned),
            event: event.map(str::to_owned),
            data: data.to_owned(),
        }
    }

    #[test]
    fn events_come_out_whole_however_the_bytes_are_cut() {
        let stream = ":\n\nid: 1\ndata: {\"a\":\"приём\"}\n\n: keep-alive\n\r\nevent: end\r\ndata: session_ended\r\n\r\n";
        let whole = Reader::default().push(stream.as_bytes()).unwrap();
        let expected = vec![
            frame(Some("1"), None, "{\"a\":\"приём\"}"),
            frame(None, Some("end"), "session_ended"),
        ];
        assert_eq!(whole, expected);
        // Byte by byte (cutting the Cyrillic letters in half) gives the same.
        let mut r = Reader::default();
        let mut cut = Vec::new();
        for b in stream.as_bytes() {
            cut.extend(r.push(&[*b]).unwrap());
        }
        assert_eq!(cut, expected);
    }

    #[test]
    fn not_text_is_an_error() {
        assert!(Reader::default().push(&[0xff, 0xfe, b'\n']).is_err());
    }
}
