//! What the customer says: Opus packets, read and made without an Opus codec.
//!
//! The gateway neither decodes nor encodes audio. It echoes the agent's own Opus packets back
//! unchanged, and when the agent sends none it fills the gap with one constant, pre-encoded
//! silent frame. Both only need the packet's first byte, the TOC (RFC 6716 §3.1).

/// RTP clock rate of Opus: always 48 kHz, whatever the audio bandwidth (RFC 7587 §4.1).
pub(crate) const CLOCK_RATE: u32 = 48_000;

/// One packet per 20 ms, the default `ptime` of WebRTC audio (RFC 7587 §7, RFC 7874 §3).
pub(crate) const FRAME_MS: u64 = 20;

/// RTP timestamp units in one 20 ms packet: 48 000 Hz × 0.020 s (RFC 7587 §4.1).
pub(crate) const SAMPLES_PER_FRAME: u64 = CLOCK_RATE as u64 * FRAME_MS / 1000;

/// The largest Opus packet worth echoing. A frame is at most 1275 bytes (RFC 6716 §3.2.1) and
/// a 20 ms packet of code 3 holds at most eight 2.5 ms frames; anything longer is not Opus.
pub(crate) const MAX_PACKET: usize = 8 * 1275 + 3;

/// A complete 20 ms Opus packet that decodes to silence.
///
/// TOC `0xF8` = `11111 0 00`: configuration 31 (CELT-only, fullband, 20 ms frame), mono,
/// code 0 (one frame) (RFC 6716 §3.1, table 2). The frame `0xFF 0xFE` starts the range decoder
/// (RFC 6716 §4.1) so that the first symbol CELT reads, the silence flag (RFC 6716 §4.3,
/// table 56), is 1: the decoder outputs 20 ms of zeros and reads nothing more. This is the
/// silence frame that many Opus senders use for the same purpose.
pub(crate) const SILENCE: [u8; 3] = [0xF8, 0xFF, 0xFE];

/// The audio the packet carries, in 48 kHz samples, from its TOC byte and frame count
/// (RFC 6716 §3.1–§3.2). `None` for an empty or malformed packet.
pub(crate) fn packet_samples(packet: &[u8]) -> Option<u64> {
    let toc = *packet.first()?;
    let config = toc >> 3;
    // Frame sizes by configuration, RFC 6716 §3.1 table 2, in 48 kHz samples
    // (2.5 ms = 120, 5 ms = 240, 10 ms = 480, 20 ms = 960, 40 ms = 1920, 60 ms = 2880).
    let frame = match config {
        // SILK-only (NB, MB, WB): 10, 20, 40, 60 ms.
        0..=11 => [480, 960, 1920, 2880][usize::from(config % 4)],
        // Hybrid (SWB, FB): 10, 20 ms.
        12..=15 => [480, 960][usize::from(config % 2)],
        // CELT-only (NB, WB, SWB, FB): 2.5, 5, 10, 20 ms.
        _ => [120, 240, 480, 960][usize::from(config % 4)],
    };
    let frames = match toc & 0b11 {
        0 => 1,
        1 | 2 => 2,
        // Code 3: the frame count is the low six bits of the second byte, never 0 (§3.2.5).
        _ => match packet.get(1).map(|b| b & 0x3F) {
            Some(0) | None => return None,
            Some(m) => u64::from(m),
        },
    };
    let samples = frame * frames;
    // A packet carries at most 120 ms of audio (RFC 6716 §3.2.5).
    (samples <= 5760).then_some(samples)
}

/// Whether a packet is worth echoing as one 20 ms packet: well formed, no longer than Opus
/// allows, and exactly 20 ms of audio, so the echo keeps the 20 ms RTP timestamp step.
pub(crate) fn is_echoable(packet: &[u8]) -> bool {
    packet.len() <= MAX_PACKET && packet_samples(packet) == Some(SAMPLES_PER_FRAME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silence_frame_is_one_twenty_millisecond_celt_frame() {
        assert_eq!(packet_samples(&SILENCE), Some(960));
        assert!(is_echoable(&SILENCE));
    }

    #[test]
    fn frame_sizes_follow_the_toc_table() {
        // SILK WB 20 ms (config 9), one frame.
        assert_eq!(packet_samples(&[9 << 3]), Some(960));
        // SILK NB 60 ms (config 3).
        assert_eq!(packet_samples(&[3 << 3]), Some(2880));
        // Hybrid FB 10 ms (config 14), two frames (code 1) = 20 ms.
        assert_eq!(packet_samples(&[(14 << 3) | 1]), Some(960));
        // CELT FB 2.5 ms (config 28), code 3 with eight frames = 20 ms.
        assert_eq!(packet_samples(&[(28 << 3) | 3, 8]), Some(960));
    }

    #[test]
    fn malformed_packets_have_no_duration() {
        assert_eq!(packet_samples(&[]), None);
        // Code 3 without its frame-count byte, or with a count of zero.
        assert_eq!(packet_samples(&[(31 << 3) | 3]), None);
        assert_eq!(packet_samples(&[(31 << 3) | 3, 0]), None);
        // Code 3, 60 ms frames × 3 = 180 ms: longer than a packet may be.
        assert_eq!(packet_samples(&[(3 << 3) | 3, 3]), None);
    }

    #[test]
    fn only_twenty_millisecond_packets_are_echoed() {
        assert!(!is_echoable(&[3 << 3, 0, 0]));
        assert!(is_echoable(&[9 << 3, 1, 2, 3]));
        let mut huge = vec![9 << 3];
        huge.resize(MAX_PACKET + 1, 0);
        assert!(!is_echoable(&huge));
    }
}
