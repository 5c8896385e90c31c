//! RFC 6455 §5 framing as the v1 edge's socket needs it (crate::socket): a client's frame
//! header read, its payload unmasked, a server's frame written, a close frame's payload read.
//! Plain functions over bytes; the socket does the I/O and keeps the state.

/// A frame's opcode (RFC 6455 §5.2); the others are reserved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpCode {
    Continuation,
    Text,
    Binary,
    Close,
    Ping,
    Pong,
}

impl OpCode {
    fn of(bits: u8) -> Option<Self> {
        Some(match bits {
            0x0 => Self::Continuation,
            0x1 => Self::Text,
            0x2 => Self::Binary,
            0x8 => Self::Close,
            0x9 => Self::Ping,
            0xA => Self::Pong,
            _ => return None,
        })
    }

    fn bits(self) -> u8 {
        match self {
            Self::Continuation => 0x0,
            Self::Text => 0x1,
            Self::Binary => 0x2,
            Self::Close => 0x8,
            Self::Ping => 0x9,
            Self::Pong => 0xA,
        }
    }

    /// Close, ping and pong (RFC 6455 §5.5).
    pub(crate) fn is_control(self) -> bool {
        matches!(self, Self::Close | Self::Ping | Self::Pong)
    }
}

/// A client frame's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    /// The last frame of its message.
    pub(crate) fin: bool,
    pub(crate) opcode: OpCode,
    pub(crate) mask: [u8; 4],
    /// The payload's length.
    pub(crate) len: usize,
    /// The header's own length, 6 to 14 bytes.
    pub(crate) header_len: usize,
}

/// Why a client's frame breaks the protocol: the connection fails (RFC 6455 §7.1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum FrameError {
    #[error("reserved bits set, and no extension was negotiated (RFC 6455 §5.2)")]
    Reserved,
    #[error("reserved opcode {0:#x} (RFC 6455 §5.2)")]
    OpCode(u8),
    #[error("a client's frame must be masked (RFC 6455 §5.3)")]
    Unmasked,
    #[error("a control frame must be one frame of at most 125 bytes (RFC 6455 §5.5)")]
    Control,
    #[error("a frame of {0} bytes is over the limit")]
    TooLong(u64),
}

/// The most a control frame carries (RFC 6455 §5.5).
pub(crate) const MAX_CONTROL: usize = 125;
/// The longest frame header (RFC 6455 §5.2: 2 + 8 bytes of length + 4 of mask).
pub(crate) const MAX_HEADER: usize = 14;
/// The close code of a protocol error (RFC 6455 §7.4.1).
pub(crate) const PROTOCOL_ERROR: u16 = 1002;

/// Reads the header at the start of `buf`; `Ok(None)` until all of it is there. A payload
/// over `limit` bytes is refused here, before any of it is buffered.
pub(crate) fn parse_header(buf: &[u8], limit: usize) -> Result<Option<Header>, FrameError> {
    let [first, second, ..] = *buf else {
        return Ok(None);
    };
    if first & 0x70 != 0 {
        return Err(FrameError::Reserved);
    }
    let fin = first & 0x80 != 0;
    let opcode = OpCode::of(first & 0x0F).ok_or(FrameError::OpCode(first & 0x0F))?;
    if second & 0x80 == 0 {
        return Err(FrameError::Unmasked);
    }
    let (len, at) = match second & 0x7F {
        126 => match buf.get(2..4) {
            Some(b) => (u64::from(u16::from_be_bytes([b[0], b[1]])), 4),
            None => return Ok(None),
        },
        127 => match buf.get(2..10).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
            Some(b) => (u64::from_be_bytes(b), 10),
            None => return Ok(None),
        },
        short => (u64::from(short), 2),
    };
    if opcode.is_control() && (!fin || len > MAX_CONTROL as u64) {
        return Err(FrameError::Control);
    }
    let len = usize::try_from(len)
        .ok()
        .filter(|len| *len <= limit)
        .ok_or(FrameError::TooLong(len))?;
    let Some(mask) = buf
        .get(at..at + 4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
    else {
        return Ok(None);
    };
    Ok(Some(Header {
        fin,
        opcode,
        mask,
        len,
        header_len: at + 4,
    }))
}

/// Unmasks a client's payload in place (RFC 6455 §5.3).
pub(crate) fn unmask(payload: &mut [u8], mask: [u8; 4]) {
    for (i, byte) in payload.iter_mut().enumerate() {
        *byte ^= mask[i % 4];
    }
}

/// Appends one whole server frame (FIN, unmasked, RFC 6455 §5.1) carrying `payload`.
pub(crate) fn write_frame(out: &mut Vec<u8>, opcode: OpCode, payload: &[u8]) {
    out.push(0x80 | opcode.bits());
    match payload.len() {
        len @ 0..=125 => out.push(len as u8),
        len @ 126..=0xFFFF => {
            out.push(126);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        }
        len => {
            out.push(127);
            out.extend_from_slice(&(len as u64).to_be_bytes());
        }
    }
    out.extend_from_slice(payload);
}

/// Appends a close frame with `code` and as much of `reason` as fits (RFC 6455 §5.5.1: the
/// whole payload within 125 bytes, the reason cut on a character boundary).
pub(crate) fn write_close(out: &mut Vec<u8>, code: u16, reason: &str) {
    let mut cut = reason.len().min(MAX_CONTROL - 2);
    while !reason.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut payload = [0u8; MAX_CONTROL];
    payload[..2].copy_from_slice(&code.to_be_bytes());
    payload[2..2 + cut].copy_from_slice(&reason.as_bytes()[..cut]);
    write_frame(out, OpCode::Close, &payload[..2 + cut]);
}

/// A close frame's payload is wrong (RFC 6455 §5.5.1, §7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CloseError {
    #[error("a close frame of one byte")]
    OneByte,
    #[error("close code {0} may not be sent (RFC 6455 §7.4)")]
    Code(u16),
    #[error("a close reason that is not UTF-8")]
    Reason,
}

/// A close frame's code and reason; `None` for an empty payload.
pub(crate) fn parse_close(payload: &[u8]) -> Result<Option<(u16, &str)>, CloseError> {
    match payload {
        [] => Ok(None),
        [_] => Err(CloseError::OneByte),
        [high, low, reason @ ..] => {
            let code = u16::from_be_bytes([*high, *low]);
            if !may_be_sent(code) {
                return Err(CloseError::Code(code));
            }
            let reason = std::str::from_utf8(reason).map_err(|_| CloseError::Reason)?;
            Ok(Some((code, reason)))
        }
    }
}

/// Codes an endpoint may put in a close frame: the defined ones but 1004–1006 and 1015, which
/// are reserved or only reported locally (RFC 6455 §7.4.1, IANA's registry up to 1014), and the
/// 3000–4999 ranges for libraries and applications (§7.4.2).
fn may_be_sent(code: u16) -> bool {
    matches!(code, 1000..=1003 | 1007..=1014 | 3000..=4999)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client frame: header, mask, masked payload.
    fn client_frame(first: u8, payload: &[u8]) -> Vec<u8> {
        let mask = [0x12, 0x34, 0x56, 0x78];
        let mut out = vec![first];
        match payload.len() {
            len @ 0..=125 => out.push(0x80 | len as u8),
            len @ 126..=0xFFFF => {
                out.push(0x80 | 126);
                out.extend_from_slice(&(len as u16).to_be_bytes());
            }
            len => {
                out.push(0x80 | 127);
                out.extend_from_slice(&(len as u64).to_be_bytes());
            }
        }
        out.extend_from_slice(&mask);
        let mut masked = payload.to_vec();
        unmask(&mut masked, mask);
        out.extend_from_slice(&masked);
        out
    }

    #[test]
    fn each_length_form_is_read_and_an_incomplete_header_waits() {
        for len in [0, 1, 125, 126, 200, 0xFFFF, 0x10000, 70_000] {
            let payload = vec![b'x'; len];
            let frame = client_frame(0x81, &payload);
            let header = parse_header(&frame, 1 << 20)
                .expect("valid")
                .expect("whole");
            assert_eq!(
                (header.len, header.fin, header.opcode),
                (len, true, OpCode::Text)
            );
            assert_eq!(header.header_len + len, frame.len(), "length {len}");
            for cut in 0..header.header_len {
                assert_eq!(
                    parse_header(&frame[..cut], 1 << 20),
                    Ok(None),
                    "{len} cut at {cut}"
                );
            }
            let mut body = frame[header.header_len..].to_vec();
            unmask(&mut body, header.mask);
            assert_eq!(body, payload);
        }
    }

    #[test]
    fn frames_that_break_the_protocol_are_refused() {
        assert_eq!(
            parse_header(&client_frame(0xC1, b"x"), 100),
            Err(FrameError::Reserved)
        );
        assert_eq!(
            parse_header(&client_frame(0x83, b"x"), 100),
            Err(FrameError::OpCode(3))
        );
        assert_eq!(
            parse_header(&[0x81, 0x01, b'x'], 100),
            Err(FrameError::Unmasked)
        );
        assert_eq!(
            parse_header(&client_frame(0x09, b"x"), 100),
            Err(FrameError::Control)
        );
        assert_eq!(
            parse_header(&client_frame(0x89, &[0; 126]), 200),
            Err(FrameError::Control)
        );
        assert_eq!(
            parse_header(&client_frame(0x82, &[0; 101]), 100),
            Err(FrameError::TooLong(101))
        );
        let mut huge = vec![0x82, 0xFF];
        huge.extend_from_slice(&u64::MAX.to_be_bytes());
        assert_eq!(parse_header(&huge, 100), Err(FrameError::TooLong(u64::MAX)));
    }

    #[test]
    fn server_frames_are_what_tungstenite_reads() {
        use tungstenite::protocol::frame::coding::{Data, OpCode as Theirs};
        use tungstenite::protocol::frame::FrameHeader;
        for len in [0, 5, 125, 126, 0xFFFF, 0x10000] {
            let payload = vec![7u8; len];
            let mut out = Vec::new();
            write_frame(&mut out, OpCode::Binary, &payload);
            let mut cursor = std::io::Cursor::new(&out[..]);
            let (header, read_len) = FrameHeader::parse(&mut cursor)
                .expect("parses")
                .expect("whole");
            assert!(header.is_final && header.mask.is_none());
            assert_eq!(header.opcode, Theirs::Data(Data::Binary));
            assert_eq!(read_len, len as u64);
            assert_eq!(cursor.position() as usize + len, out.len());
        }
    }

    #[test]
    fn a_close_reason_is_cut_to_fit_on_a_character_boundary() {
        let mut out = Vec::new();
        write_close(&mut out, 4000, &"é".repeat(100));
        assert_eq!(out[1] as usize, out.len() - 2);
        assert!(out.len() - 2 <= MAX_CONTROL);
        let (code, reason) = parse_close(&out[2..]).expect("valid").expect("a code");
        assert_eq!((code, reason.chars().count()), (4000, 61));
    }

    #[test]
    fn close_payloads_are_checked() {
        assert_eq!(parse_close(&[]), Ok(None));
        assert_eq!(parse_close(&[3]), Err(CloseError::OneByte));
        assert_eq!(
            parse_close(&[0x03, 0xE8, b'o', b'k']),
            Ok(Some((1000, "ok")))
        );
        assert_eq!(
            parse_close(&1005u16.to_be_bytes()),
            Err(CloseError::Code(1005))
        );
        assert_eq!(
            parse_close(&999u16.to_be_bytes()),
            Err(CloseError::Code(999))
        );
        assert_eq!(
            parse_close(&5000u16.to_be_bytes()),
            Err(CloseError::Code(5000))
        );
        assert_eq!(parse_close(&[0x0F, 0xA0, 0xFF]), Err(CloseError::Reason));
        assert_eq!(parse_close(&4999u16.to_be_bytes()), Ok(Some((4999, ""))));
    }
}
