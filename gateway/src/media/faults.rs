//! The fault knobs of a leg, and the filter that applies them to outgoing datagrams.
//!
//! Three knobs, for tests of what the agent's console reports:
//! - `sending: false` stops the customer's audio: no Opus frame is written, so the browser's
//!   inbound packets stop (one-way audio). RTCP and ICE go on, so the leg stays up.
//! - `drop_percent: n` drops n % of the outgoing SRTP media packets after str0m has numbered and
//!   encrypted them, so the browser sees real gaps in the sequence numbers and counts them in
//!   `packetsLost`. RTCP, STUN and DTLS are never dropped.
//! - `blackhole: true` drops every outgoing datagram, STUN and DTLS included: the browser's ICE
//!   consent checks go unanswered and its side sees the gateway vanish, as after a sleep across
//!   which the path died (issue 15 item 2). Incoming datagrams are still read.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// The fault knobs of one leg, or of all legs at once.
///
/// `None` leaves a knob as it is, so `{sending: false}` does not reset a drop share set earlier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Faults {
    /// `false` stops the customer's audio; `true` resumes it.
    pub sending: Option<bool>,
    /// Share of outgoing media packets to drop, 0–100 (larger values count as 100).
    pub drop_percent: Option<u8>,
    /// `true` drops everything the leg sends; `false` lets it through again.
    pub blackhole: Option<bool>,
}

impl Faults {
    /// No fault: audio flowing, nothing dropped. Applying it undoes every knob.
    pub const CLEAR: Faults = Faults {
        sending: Some(true),
        drop_percent: Some(0),
        blackhole: Some(false),
    };

    /// These knobs with `later` applied over them: its set fields win.
    pub fn then(self, later: Faults) -> Faults {
        Faults {
            sending: later.sending.or(self.sending),
            drop_percent: later.drop_percent.or(self.drop_percent),
            blackhole: later.blackhole.or(self.blackhole),
        }
    }
}

/// The knobs as a running leg reads them: shared between the handle and the leg's task.
#[derive(Debug)]
pub(crate) struct Knobs {
    sending: AtomicBool,
    drop_percent: AtomicU8,
    blackhole: AtomicBool,
}

impl Knobs {
    pub(crate) fn new(initial: Faults) -> Self {
        let knobs = Knobs {
            sending: AtomicBool::new(true),
            drop_percent: AtomicU8::new(0),
            blackhole: AtomicBool::new(false),
        };
        knobs.apply(initial);
        knobs
    }

    pub(crate) fn apply(&self, faults: Faults) {
        if let Some(sending) = faults.sending {
            self.sending.store(sending, Ordering::Relaxed);
        }
        if let Some(percent) = faults.drop_percent {
            self.drop_percent.store(percent.min(100), Ordering::Relaxed);
        }
        if let Some(on) = faults.blackhole {
            self.blackhole.store(on, Ordering::Relaxed);
        }
    }

    pub(crate) fn is_sending(&self) -> bool {
        self.sending.load(Ordering::Relaxed)
    }

    pub(crate) fn drop_percent(&self) -> u8 {
        self.drop_percent.load(Ordering::Relaxed)
    }

    pub(crate) fn is_blackholed(&self) -> bool {
        self.blackhole.load(Ordering::Relaxed)
    }

    /// The knobs as they stand, both set.
    pub(crate) fn current(&self) -> Faults {
        Faults {
            sending: Some(self.is_sending()),
            drop_percent: Some(self.drop_percent()),
            blackhole: Some(self.is_blackholed()),
        }
    }
}

/// Drops an exact share of packets, spread evenly: with 50 % every second packet goes, with 5 %
/// every twentieth. Deterministic, so a test's expectation does not depend on a seed.
#[derive(Debug, Default)]
pub(crate) struct DropShare {
    credit: u32,
}

impl DropShare {
    /// Whether the next packet is dropped under `percent` (0–100).
    pub(crate) fn should_drop(&mut self, percent: u8) -> bool {
        let percent = u32::from(percent.min(100));
        if percent == 0 {
            self.credit = 0;
            return false;
        }
        self.credit += percent;
        if self.credit >= 100 {
            self.credit -= 100;
            true
        } else {
            false
        }
    }
}

/// Whether an outgoing datagram is an SRTP media packet (as opposed to SRTCP, STUN or DTLS).
///
/// RFC 7983 §7: a first byte in 128–191 is RTP or RTCP. RFC 5761 §4: on a shared port, a second
/// byte whose low seven bits fall in 64–95 is an RTCP packet type (192–223), anything else is an
/// RTP payload type. The header stays in clear text under SRTP (RFC 3711 §3.1), so this works
/// on the encrypted packet.
pub(crate) fn is_srtp_media(datagram: &[u8]) -> bool {
    match datagram {
        [first, second, ..] => (128..=191).contains(first) && !(64..=95).contains(&(second & 0x7F)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_share_drops_exactly_the_share() {
        for percent in [0u8, 5, 33, 50, 100] {
            let mut share = DropShare::default();
            let dropped = (0..1000).filter(|_| share.should_drop(percent)).count();
            assert_eq!(dropped, usize::from(percent) * 10, "{percent} %");
        }
    }

    #[test]
    fn drop_share_over_one_hundred_drops_everything() {
        let mut share = DropShare::default();
        assert!((0..10).all(|_| share.should_drop(250)));
    }

    #[test]
    fn classifies_rtp_apart_from_rtcp_stun_and_dtls() {
        // RTP, version 2, PT 111 (Opus), with and without the marker bit.
        assert!(is_srtp_media(&[0x80, 111, 0, 1]));
        assert!(is_srtp_media(&[0x80, 0x80 | 111, 0, 1]));
        // RTCP sender report (200) and receiver report (201).
        assert!(!is_srtp_media(&[0x80, 200, 0, 6]));
        assert!(!is_srtp_media(&[0x81, 201, 0, 7]));
        // STUN binding request (first byte 0–3) and a DTLS record (20–63).
        assert!(!is_srtp_media(&[0x00, 0x01, 0, 0]));
        assert!(!is_srtp_media(&[22, 0xFE, 0xFD]));
        assert!(!is_srtp_media(&[0x80]));
    }

    #[test]
    fn knobs_leave_unset_fields_alone() {
        let knobs = Knobs::new(Faults::CLEAR);
        knobs.apply(Faults {
            drop_percent: Some(30),
            ..Faults::default()
        });
        knobs.apply(Faults {
            sending: Some(false),
            ..Faults::default()
        });
        assert_eq!(
            knobs.current(),
            Faults {
                sending: Some(false),
                drop_percent: Some(30),
                blackhole: Some(false),
            }
        );
        knobs.apply(Faults {
            drop_percent: Some(200),
            ..Faults::default()
        });
        assert_eq!(knobs.drop_percent(), 100);
    }
}
