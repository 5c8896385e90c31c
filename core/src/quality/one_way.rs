//! The one-way-audio rule behind `packetsState` (PRODUCT.md §2 "WebRTC stats": "packetsState
//! ('normal', or which direction carries nothing: one-way audio)"; issue 5 asks for a report
//! within 3 s of the far end going silent).
//!
//! A direction is reported silent after `needed` intervals in a row without a packet, one by
//! default ([`super::StatsConfig::one_way_after_intervals`]). One is enough because an audio
//! stream never legitimately goes a whole second without a packet: Opus at 20 ms ptime sends
//! 50 packets/s, a muted track (`enabled = false`) still sends silence frames, and Opus DTX
//! still sends one frame at least every 400 ms (RFC 6716 §2.1.9). And one is
//! needed: the interval during which the far end stops still holds packets, so with PRODUCT.md's
//! 1 s polling the first fully empty interval ends 1–2 s after the stop; waiting for a second
//! would report 2–3 s after it, plus `getStats()` latency — at or past the 3 s of issue 5.

/// Which directions of the leg carried packets, as `packetsState` spells it (PRODUCT.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketsState {
    /// Packets flowed both ways (or a silence is still shorter than the configured run).
    Normal,
    /// We sent, nothing arrived: the agent hears nothing (one-way audio).
    NoInbound,
    /// Packets arrived, we sent none: the customer hears nothing (one-way audio).
    NoOutbound,
    /// Nothing either way.
    NoTraffic,
}

impl PacketsState {
    /// The `packetsState` string of the event.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::NoInbound => "noInbound",
            Self::NoOutbound => "noOutbound",
            Self::NoTraffic => "noTraffic",
        }
    }
}

/// Counts empty intervals in a row per direction.
#[derive(Debug, Clone)]
pub(super) struct OneWayDetector {
    needed: u32,
    outbound_empty_run: u32,
    inbound_empty_run: u32,
}

impl OneWayDetector {
    /// A detector that flags a direction after `needed` empty intervals; 0 is read as 1.
    pub(super) fn new(needed: u32) -> Self {
        Self {
            needed: needed.max(1),
            outbound_empty_run: 0,
            inbound_empty_run: 0,
        }
    }

    /// Takes one interval's packet counts and names the directions silent long enough.
    pub(super) fn handle_interval(&mut self, sent: u64, received: u64) -> PacketsState {
        self.outbound_empty_run = next_run(self.outbound_empty_run, sent);
        self.inbound_empty_run = next_run(self.inbound_empty_run, received);
        match (
            self.outbound_empty_run >= self.needed,
            self.inbound_empty_run >= self.needed,
        ) {
            (false, false) => PacketsState::Normal,
            (false, true) => PacketsState::NoInbound,
            (true, false) => PacketsState::NoOutbound,
            (true, true) => PacketsState::NoTraffic,
        }
    }
}

fn next_run(run: u32, packets: u64) -> u32 {
    if packets == 0 {
        run.saturating_add(1)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_silent_direction_is_named_on_its_first_empty_interval() {
        let mut d = OneWayDetector::new(1);
        assert_eq!(d.handle_interval(50, 50), PacketsState::Normal);
        assert_eq!(d.handle_interval(50, 0), PacketsState::NoInbound);
        assert_eq!(d.handle_interval(0, 50), PacketsState::NoOutbound);
        assert_eq!(d.handle_interval(0, 0), PacketsState::NoTraffic);
        assert_eq!(d.handle_interval(50, 50), PacketsState::Normal);
    }

    #[test]
    fn longer_setting_waits_for_that_many_empty_intervals_in_a_row() {
        let mut d = OneWayDetector::new(2);
        assert_eq!(d.handle_interval(50, 0), PacketsState::Normal);
        assert_eq!(d.handle_interval(50, 0), PacketsState::NoInbound);
        assert_eq!(d.handle_interval(50, 1), PacketsState::Normal);
        assert_eq!(d.handle_interval(50, 0), PacketsState::Normal);
    }

    #[test]
    fn zero_setting_acts_as_one() {
        let mut d = OneWayDetector::new(0);
        assert_eq!(d.handle_interval(0, 50), PacketsState::NoOutbound);
    }

    #[test]
    fn states_spell_as_product_md_names_them() {
        let names = [
            PacketsState::Normal,
            PacketsState::NoInbound,
            PacketsState::NoOutbound,
            PacketsState::NoTraffic,
        ]
        .map(PacketsState::as_str);
        assert_eq!(names, ["normal", "noInbound", "noOutbound", "noTraffic"]);
    }
}
