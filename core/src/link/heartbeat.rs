//! The heartbeat: a ping every 5 s carrying the client's timestamp; a link whose pings go
//! unanswered for 10 s is dead even if the socket looks open (PRODUCT.md §2, docs/protocol.md §6).
//! A half-open TCP connection (a NAT that forgot us, a suspended VPN) never reports a close; this
//! is how the SDK notices it.
//!
//! Every verdict is taken on the times the engine is handed, never on how many times a timer
//! fired. A wake that comes well after the heartbeat's own deadline (a throttled background tab,
//! a frozen page, a laptop that slept) says nothing about the link, only about the page: it buys
//! the link one probe — a ping now and the whole timeout to answer it — instead of a verdict on
//! silence the page could not have heard (docs/protocol.md §6, "Hidden tabs and sleep").

use std::collections::VecDeque;

use crate::time::Time;

/// How late past the heartbeat's deadline a wake may come and still be trusted for a verdict, in
/// ms. Chrome runs a hidden page's timers on 1-second aligned wake-ups (chromestatus feature
/// 4718288976216064), so a wake up to 1 s late is ordinary; one later than that means the page
/// could not run (throttled to the minute, frozen, asleep). It is also the "+ 1 s" of the budget
/// for noticing a dead link (issue 15): timeout + 1 s at most when the timer keeps time.
pub const LATE_WAKE_MS: u64 = 1_000;

/// Heartbeat timing, settable in `setup()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeartbeatConfig {
    /// Interval between pings in ms (default 5000).
    pub interval_ms: u64,
    /// How long a ping may go unanswered before the link counts as dead, in ms (default 10 000).
    pub timeout_ms: u64,
}

impl Default for HeartbeatConfig {
    fn default() -> Self {
        Self {
            interval_ms: 5_000,
            timeout_ms: 10_000,
        }
    }
}

/// The pings in flight and when the next one is due.
#[derive(Debug, Clone, Default)]
pub struct Heartbeat {
    config: HeartbeatConfig,
    next_ping: Option<Time>,
    /// Send times of unanswered pings, oldest first. Bounded: at most timeout / interval + 1
    /// pings can be unanswered before the link is declared dead.
    in_flight: VecDeque<Time>,
    /// When the last frame of any kind arrived: proof the link was alive then.
    last_activity: Time,
    /// When the link was last given a probe after a late wake (see [`Self::handle_late_wake`]);
    /// cleared by the next frame. At most one per silence, so a page that only ever wakes late
    /// still reaches a verdict on its second wake.
    probe: Option<Time>,
}

impl Heartbeat {
    /// A stopped heartbeat.
    pub fn new(config: HeartbeatConfig) -> Self {
        Self {
            config,
            next_ping: None,
            in_flight: VecDeque::new(),
            last_activity: Time(0),
            probe: None,
        }
    }

    /// Starts on a fresh link: the first ping goes at once, so the page gets a latency reading
    /// without waiting a whole interval.
    pub fn start(&mut self, now: Time) {
        self.next_ping = Some(now);
        self.in_flight.clear();
        self.last_activity = now;
        self.probe = None;
    }

    /// A frame arrived: the link is alive now.
    pub fn handle_activity(&mut self, now: Time) {
        self.last_activity = self.last_activity.max(now);
        self.probe = None;
    }

    /// True when `now` is more than [`LATE_WAKE_MS`] past the heartbeat's next deadline: the
    /// page was not running when the heartbeat needed it.
    pub fn is_late(&self, now: Time) -> bool {
        self.next_deadline()
            .is_some_and(|due| now - due > LATE_WAKE_MS)
    }

    /// The page woke late, or the shell saw the clock jump, the page resume or the network
    /// change: probe the link now — a ping at once, and the whole timeout from `now` for any frame
    /// to answer — rather than judge a silence the page could not have heard. Returns false (and
    /// changes nothing) when stopped, or when a probe already went out since the last frame: the
    /// silence after a probe is the link's own.
    pub fn handle_late_wake(&mut self, now: Time) -> bool {
        if self.next_ping.is_none() || self.probe.is_some() {
            return false;
        }
        self.probe = Some(now);
        self.next_ping = Some(now);
        true
    }

    /// Stops (the link is down).
    pub fn stop(&mut self) {
        self.next_ping = None;
        self.in_flight.clear();
        self.probe = None;
    }

    /// True while running.
    pub fn is_running(&self) -> bool {
        self.next_ping.is_some()
    }

    /// If a ping is due at `now`, records it and returns its timestamp (the send time).
    pub fn poll_ping(&mut self, now: Time) -> Option<Time> {
        let due = self.next_ping?;
        if now < due {
            return None;
        }
        self.next_ping = Some(now + self.config.interval_ms);
        self.in_flight.push_back(now);
        Some(now)
    }

    /// A pong echoing `sent`: returns the round trip in ms, or `None` for a pong we do not
    /// recognise (late, duplicated, or from before a reconnect). Older pings are answered too:
    /// the link was alive when this one came back.
    pub fn handle_pong(&mut self, now: Time, sent: Time) -> Option<u64> {
        self.handle_activity(now);
        if !self.in_flight.contains(&sent) {
            return None;
        }
        self.in_flight.retain(|t| *t > sent);
        Some(now - sent)
    }

    /// When the link will count as dead if nothing arrives: the timeout after the last frame
    /// (or after the probe, if one went out since), while a ping is unanswered. Counting from the
    /// last frame (not the ping) bounds the time to notice a silent gateway by the timeout
    /// itself, whatever the ping phase.
    pub fn dead_at(&self) -> Option<Time> {
        let from = match self.probe {
            Some(probe) => probe.max(self.last_activity),
            None => self.last_activity,
        };
        self.in_flight
            .front()
            .map(|_| from + self.config.timeout_ms)
    }

    /// True when the oldest ping has gone unanswered past the timeout.
    pub fn is_dead(&self, now: Time) -> bool {
        self.dead_at().is_some_and(|t| now >= t)
    }

    /// The configured timeout, for the "no answer" reading.
    pub fn timeout_ms(&self) -> u64 {
        self.config.timeout_ms
    }

    /// When the next ping is due, while running.
    pub fn next_ping(&self) -> Option<Time> {
        self.next_ping
    }

    /// The earliest moment the heartbeat needs the engine's attention.
    pub fn next_deadline(&self) -> Option<Time> {
        match (self.next_ping, self.dead_at()) {
            (Some(ping), Some(dead)) => Some(if dead < ping { dead } else { ping }),
            (ping, None) => ping,
            (None, dead) => dead,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn running() -> Heartbeat {
        let mut hb = Heartbeat::new(HeartbeatConfig::default());
        hb.start(Time(0));
        hb
    }

    #[test]
    fn pings_go_at_start_then_every_five_seconds() {
        let mut hb = running();
        assert_eq!(hb.poll_ping(Time(0)), Some(Time(0)));
        assert_eq!(hb.poll_ping(Time(4_999)), None);
        assert_eq!(hb.next_deadline(), Some(Time(5_000)));
        assert_eq!(hb.poll_ping(Time(5_000)), Some(Time(5_000)));
    }

    #[test]
    fn a_pong_gives_the_round_trip_and_clears_older_pings() {
        let mut hb = running();
        hb.poll_ping(Time(0));
        hb.poll_ping(Time(5_000));
        assert_eq!(hb.handle_pong(Time(5_040), Time(5_000)), Some(40));
        assert_eq!(hb.dead_at(), None, "the older ping counts as answered too");
        assert_eq!(
            hb.handle_pong(Time(5_050), Time(0)),
            None,
            "late pong ignored"
        );
    }

    #[test]
    fn ten_seconds_without_a_pong_is_a_dead_link() {
        let mut hb = running();
        hb.poll_ping(Time(0));
        hb.poll_ping(Time(5_000));
        assert!(!hb.is_dead(Time(9_999)));
        assert!(hb.is_dead(Time(10_000)));
    }

    #[test]
    fn silence_is_noticed_ten_seconds_after_the_last_frame_whatever_the_ping_phase() {
        let mut hb = running();
        hb.poll_ping(Time(0));
        assert_eq!(hb.handle_pong(Time(20), Time(0)), Some(20));
        hb.handle_activity(Time(4_900)); // an event just before the gateway goes silent
        hb.poll_ping(Time(5_000));
        assert_eq!(hb.dead_at(), Some(Time(14_900)));
        assert!(!hb.is_dead(Time(14_899)) && hb.is_dead(Time(14_900)));
    }

    #[test]
    fn frames_other_than_pongs_keep_a_slow_link_alive() {
        let mut hb = running();
        hb.poll_ping(Time(0));
        hb.handle_activity(Time(9_000));
        assert!(!hb.is_dead(Time(10_000)), "events were arriving");
    }

    #[test]
    fn a_wake_a_minute_late_probes_instead_of_declaring_a_live_link_dead() {
        let mut hb = running();
        hb.poll_ping(Time(0));
        // The page was held for a minute: the pong is not in yet, the deadline long gone.
        assert!(hb.is_late(Time(60_000)));
        assert!(hb.handle_late_wake(Time(60_000)));
        assert!(!hb.is_dead(Time(60_000)));
        assert_eq!(
            hb.poll_ping(Time(60_000)),
            Some(Time(60_000)),
            "the probe goes at once"
        );
        assert_eq!(
            hb.dead_at(),
            Some(Time(70_000)),
            "the whole timeout to answer it"
        );
        assert_eq!(hb.handle_pong(Time(60_030), Time(60_000)), Some(30));
        assert_eq!(hb.dead_at(), None);
    }

    #[test]
    fn a_probe_unanswered_is_a_dead_link_however_late_the_next_wake() {
        let mut hb = running();
        hb.poll_ping(Time(0));
        assert!(hb.handle_late_wake(Time(60_000)));
        hb.poll_ping(Time(60_000));
        assert!(!hb.handle_late_wake(Time(120_000)), "one probe per silence");
        assert!(hb.is_dead(Time(120_000)));
    }

    #[test]
    fn a_wake_within_a_second_of_the_deadline_is_on_time() {
        let mut hb = running();
        hb.poll_ping(Time(0));
        hb.poll_ping(Time(5_000));
        assert!(
            !hb.is_late(Time(10_900)),
            "1-second aligned wake-ups are ordinary"
        );
        assert!(hb.is_dead(Time(10_900)));
        assert!(hb.is_late(Time(11_001)));
    }

    #[test]
    fn a_frame_after_a_probe_allows_another_probe_later() {
        let mut hb = running();
        hb.poll_ping(Time(0));
        assert!(hb.handle_late_wake(Time(60_000)));
        hb.handle_activity(Time(60_010));
        assert!(hb.handle_late_wake(Time(200_000)));
    }

    #[test]
    fn a_stopped_heartbeat_wants_nothing() {
        let mut hb = running();
        hb.poll_ping(Time(0));
        hb.stop();
        assert_eq!(hb.next_deadline(), None);
        assert_eq!(hb.poll_ping(Time(100_000)), None);
        assert!(!hb.is_dead(Time(100_000)));
    }
}
