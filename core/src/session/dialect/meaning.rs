//! What a dialect's frame means in the catalog of seed 003 (issue 14, "one event face"): a Voki
//! `whisper_start` is also a `whisperLink`, a Qubicle recipient `ready` an `agentStatus` idle.
//!
//! The facts are the gateway's own mapping tables read backwards (`dialects::<dialect>::mapping`
//! `TABLE`, the "SDK also emits" column of docs/dialects.md): `meanings.rs` is generated from
//! those rows, and a test (`dialects::docs`) fails when it differs, so the way out (gateway) and
//! the way back (SDK) cannot drift. This module has no JSON library — the wasm SDK carries none —
//! so a frame's payload is read through [`Payload`], which the browser shell implements over the
//! object JS parsed once and the native tests over `serde_json`.

use crate::agent::AgentState;
use crate::events::EventType;

use super::Kind;

#[rustfmt::skip]
mod meanings;

/// What the SDK emits from the catalog (seed 003) on receiving a row's frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogSide {
    /// No catalog event carries this meaning: the frame reaches listeners under its own name only.
    None,
    /// This catalog event.
    Event(EventType),
    /// `agentStatus` with this state.
    Status(AgentState),
    /// A supervisor's monitoring stage, of the mode the frame's `mode` names (Qubicle's
    /// `wiretap_*` carry one event for the four modes of seed 003 §3.11–§3.14).
    Monitor(Stage),
}

/// A monitoring stage: `…Link`, `…Unlink` or `…Result` of spy, whisper, three-way or barge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Connected.
    Link,
    /// Ended.
    Unlink,
    /// The request's outcome (the dialects only tell failures).
    Result,
}

impl Stage {
    const MODES: [&'static str; 4] = ["spy", "whisper", "threeway", "barge"];

    /// The catalog event of this stage for `mode` (`spy`, `whisper`, `threeway`, `barge`).
    pub fn event(self, mode: &str) -> Option<EventType> {
        use EventType as E;
        let i = Self::MODES.iter().position(|m| *m == mode)?;
        let of = match self {
            Self::Link => [E::SpyLink, E::WhisperLink, E::ThreewayLink, E::BargeLink],
            Self::Unlink => [
                E::SpyUnlink,
                E::WhisperUnlink,
                E::ThreewayUnlink,
                E::BargeUnlink,
            ],
            Self::Result => [
                E::SpyResult,
                E::WhisperResult,
                E::ThreewayResult,
                E::BargeResult,
            ],
        };
        Some(of[i])
    }
}

impl CatalogSide {
    /// The cell of docs/dialects.md's "SDK also emits" column.
    pub fn describe(self) -> String {
        match self {
            Self::None => "—".to_owned(),
            Self::Event(e) => crate::text!("`", e.as_str(), "`"),
            Self::Status(s) => crate::text!("`agentStatus` ", s.as_str()),
            Self::Monitor(stage) => {
                let names: Vec<String> = Stage::MODES
                    .iter()
                    .filter_map(|m| stage.event(m))
                    .map(|e| crate::text!("`", e.as_str(), "`"))
                    .collect();
                crate::text!(names.join(" / ").as_str(), " (by `mode`)")
            }
        }
    }
}

/// One row of the way back: a frame's address, event name and discriminator, what it means in
/// the catalog and where each catalog field comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meaning {
    /// The address template (topic, routing key, audience) with `{placeholders}`.
    pub address: &'static str,
    /// The dialect's event name.
    pub event: &'static str,
    /// A payload field (key, or JSON pointer from `/`) and the value that selects this row.
    pub discriminator: Option<(&'static str, &'static str)>,
    /// The catalog event.
    pub catalog: CatalogSide,
    /// `(catalog field, source)` pairs. The field is a dotted path (`status.mainUniqueId`),
    /// with `#` in front when the catalog types it as a number; it may hold an address
    /// placeholder (`queueStatus.{queue}.queueParams.waiting`). The source is a JSON pointer
    /// into the payload (`/data/session_id`), an address placeholder (`{recipient}`), or a
    /// constant (`=error`).
    pub picks: &'static [(&'static str, &'static str)],
}

/// A scalar read from a payload.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A string.
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
}

impl Scalar {
    /// As a catalog string field: ids the dialect sends as integers (Voxsig's user ids) become
    /// their digits; a fractional number is no id, so none.
    fn as_text(&self) -> Option<String> {
        match self {
            Self::Text(t) => Some(t.clone()),
            Self::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
                Some(crate::text!(*n as i64))
            }
            Self::Number(_) => None,
            Self::Bool(b) => Some((if *b { "true" } else { "false" }).to_owned()),
        }
    }
}

/// A received frame's payload, as the layer that parsed it reads it.
pub trait Payload {
    /// The scalar at a JSON pointer (`/a/b`) or top-level key; none for absent, null, an object
    /// or an array.
    fn scalar(&self, pointer: &str) -> Option<Scalar>;
}

/// A catalog event the SDK makes from a dialect frame: its name and the fields the frame
/// carries, as dotted paths (`status.state`) with their values. Fields the dialect has no word
/// for are absent (docs/dialects.md §1).
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    /// The catalog event.
    pub event_type: EventType,
    /// `(path, value)`, in the row's order.
    pub fields: Vec<(String, Scalar)>,
}

/// The way-back table of a dialect: the rows of its mapping table that have a catalog meaning.
pub fn table(kind: Kind) -> &'static [Meaning] {
    match kind {
        Kind::Agentdesk => &[],
        Kind::Phoenix => meanings::PHOENIX,
        Kind::ActionCable => meanings::ACTIONCABLE,
        Kind::Kazoo => meanings::KAZOO,
        Kind::GlobeMeet => meanings::GLOBEMEET,
    }
}

/// True when some frame named `event` may mean a catalog event in `kind` (the JS layer asks
/// only for those).
pub fn has_event(kind: Kind, event: &str) -> bool {
    table(kind).iter().any(|m| m.event == event)
}

/// The catalog event a received frame means, if any. `address` is the frame's topic or routing
/// key (none when the dialect's frames do not carry it: ActionCable's broadcasts, whose rows are
/// told apart by event name and discriminator). Rows are tried in table order; a row with a
/// discriminator wins over one without.
pub fn find(
    kind: Kind,
    address: Option<&str>,
    event: &str,
    payload: &dyn Payload,
) -> Option<&'static Meaning> {
    let mut fallback = None;
    for m in table(kind)
        .iter()
        .filter(|m| m.event == event && address.is_none_or(|a| fits(m.address, a)))
    {
        match m.discriminator {
            Some((field, value)) => {
                if matches!(payload.scalar(&pointer(field)), Some(Scalar::Text(t)) if t == value) {
                    return Some(m);
                }
            }
            None => fallback = fallback.or(Some(m)),
        }
    }
    fallback
}

/// A discriminator field as a JSON pointer.
fn pointer(field: &str) -> String {
    if field.starts_with('/') {
        field.to_owned()
    } else {
        crate::text!("/", field)
    }
}

impl Meaning {
    /// The catalog event of `payload` received at `address`: none when the row has no catalog
    /// side, or (a monitoring stage) the payload's `mode` is none of the four.
    pub fn derive(&self, address: Option<&str>, payload: &dyn Payload) -> Option<Derived> {
        let (event_type, state) = match self.catalog {
            CatalogSide::None => return None,
            CatalogSide::Event(e) => (e, None),
            CatalogSide::Status(s) => (EventType::AgentStatus, Some(s)),
            CatalogSide::Monitor(stage) => match payload.scalar("/data/mode") {
                Some(Scalar::Text(mode)) => (stage.event(&mode)?, None),
                _ => return None,
            },
        };
        let mut fields = Vec::with_capacity(self.picks.len() + 1);
        if let Some(state) = state {
            fields.push((
                "status.state".to_owned(),
                Scalar::Text(state.as_str().to_owned()),
            ));
        }
        for (to, from) in self.picks {
            let (number, to) = match to.strip_prefix('#') {
                Some(rest) => (true, rest),
                None => (false, *to),
            };
            let Some(path) = fill(to, self.address, address) else {
                continue;
            };
            let Some(value) = self.source(from, address, payload) else {
                continue;
            };
            let value = match (number, value) {
                // The catalog's numbers are integers (seed 003 §3); an integer parser keeps the
                // float parser (several KB of wasm) out of the SDK.
                (true, Scalar::Text(t)) => match t.parse::<i64>() {
                    Ok(n) => Scalar::Number(n as f64),
                    Err(_) => continue,
                },
                (true, v) => v,
                (false, v) => match v.as_text() {
                    Some(t) => Scalar::Text(t),
                    None => continue,
                },
            };
            fields.push((path, value));
        }
        Some(Derived { event_type, fields })
    }

    fn source(&self, from: &str, address: Option<&str>, payload: &dyn Payload) -> Option<Scalar> {
        if let Some(constant) = from.strip_prefix('=') {
            return Some(Scalar::Text(constant.to_owned()));
        }
        if let Some(name) = from.strip_prefix('{').and_then(|f| f.strip_suffix('}')) {
            return placeholder(self.address, address?, name).map(|v| Scalar::Text(v.to_owned()));
        }
        payload.scalar(from)
    }
}

/// `path` with its `{placeholders}` filled from the address; none when one cannot be.
fn fill(path: &str, template: &str, address: Option<&str>) -> Option<String> {
    if !path.contains('{') {
        return Some(path.to_owned());
    }
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}')? + open;
        out.push_str(placeholder(template, address?, &rest[open + 1..close])?);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// True when `address` fits `template`: literal parts equal, each `{placeholder}` one or more
/// characters up to the next literal part (the last takes the rest).
pub fn fits(template: &str, address: &str) -> bool {
    parts(template, address).is_some()
}

/// The value of `name` in `address` read with `template`.
pub fn placeholder<'a>(template: &str, address: &'a str, name: &str) -> Option<&'a str> {
    parts(template, address)?
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// Each placeholder of `template` with its value in `address`, or none when it does not fit.
fn parts<'t, 'a>(template: &'t str, address: &'a str) -> Option<Vec<(&'t str, &'a str)>> {
    let mut found = Vec::new();
    let mut segments = template.split('{');
    let first = segments.next()?;
    let mut rest = address.strip_prefix(first)?;
    for segment in segments {
        let (name, literal) = segment.split_once('}')?;
        let taken = if literal.is_empty() {
            rest.len()
        } else {
            position(rest, literal)?
        };
        if taken == 0 {
            return None;
        }
        found.push((name, &rest[..taken]));
        rest = &rest[taken + literal.len()..];
    }
    rest.is_empty().then_some(found)
}

/// The first index of `needle` in `hay`: templates' literal parts are a few bytes, so a plain
/// scan (`str::find` brings the two-way searcher, over 1 KB of wasm).
fn position(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    (0..=hay.len().checked_sub(needle.len())?).find(|&i| hay[i..].starts_with(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fit_their_addresses_and_nothing_else() {
        assert!(fits("queue:{queue}", "queue:q-sales"));
        assert!(fits("call:{call}", "call:gw-1700000300.401"));
        assert!(!fits("queue:{queue}", "queue:"));
        assert!(!fits("queue:{queue}", "presence:q1"));
        let t = "qubicle.recipient.{account}.{recipient}.offer";
        assert!(fits(t, "qubicle.recipient.A1.1001.offer"));
        assert!(!fits(t, "qubicle.recipient.A1.1001.reject"));
        assert!(!fits(t, "qubicle.recipient.A1.offer"));
        assert_eq!(
            placeholder(t, "qubicle.recipient.A1.1001.offer", "recipient"),
            Some("1001")
        );
        assert!(fits(
            "agent.{agent}.status-changed",
            "agent.1001.status-changed"
        ));
        assert!(fits("plain", "plain") && !fits("plain", "plainer"));
    }

    #[test]
    fn paths_fill_from_the_address() {
        let t = "queue.{queue}.depth-changed";
        assert_eq!(
            fill(
                "queueStatus.{queue}.queueParams.waiting",
                t,
                Some("queue.q1.depth-changed")
            ),
            Some("queueStatus.q1.queueParams.waiting".to_owned())
        );
        assert_eq!(fill("queueStatus.{queue}", t, None), None);
        assert_eq!(fill("agentNo", t, None), Some("agentNo".to_owned()));
    }

    #[test]
    fn monitor_stages_name_the_catalog_event_of_each_mode() {
        assert_eq!(Stage::Link.event("whisper"), Some(EventType::WhisperLink));
        assert_eq!(Stage::Unlink.event("barge"), Some(EventType::BargeUnlink));
        assert_eq!(
            Stage::Result.event("threeway"),
            Some(EventType::ThreewayResult)
        );
        assert_eq!(Stage::Link.event("listen"), None);
    }
}

/// The catalog events of frames as the gateway sends them (values from the tables' samples).
#[cfg(test)]
mod frames {
    use super::*;

    struct Fields(Vec<(&'static str, Scalar)>);

    impl Payload for Fields {
        fn scalar(&self, pointer: &str) -> Option<Scalar> {
            self.0
                .iter()
                .find(|(p, _)| *p == pointer)
                .map(|(_, v)| v.clone())
        }
    }

    fn text(s: &str) -> Scalar {
        Scalar::Text(s.to_owned())
    }

    fn derived(kind: Kind, address: Option<&str>, event: &str, payload: &Fields) -> Derived {
        find(kind, address, event, payload)
            .and_then(|m| m.derive(address, payload))
            .unwrap_or_else(|| panic!("{event}: no catalog meaning"))
    }

    fn field<'a>(d: &'a Derived, path: &str) -> Option<&'a Scalar> {
        d.fields.iter().find(|(p, _)| p == path).map(|(_, v)| v)
    }

    #[test]
    fn a_qubicle_ready_is_agent_status_idle_of_its_recipient() {
        let d = derived(
            Kind::Kazoo,
            Some("qubicle.recipient.4b8c.1001.ready"),
            "ready",
            &Fields(vec![("/data/recipient_id", text("1001"))]),
        );
        assert_eq!(d.event_type, EventType::AgentStatus);
        assert_eq!(field(&d, "status.state"), Some(&text("idle")));
        assert_eq!(field(&d, "agentNo"), Some(&text("1001")));
        assert_eq!(field(&d, "tenantId"), Some(&text("4b8c")));
    }

    #[test]
    fn a_qubicle_offer_is_ringing_with_the_call() {
        let d = derived(
            Kind::Kazoo,
            Some("qubicle.recipient.4b8c.1001.offer"),
            "offer",
            &Fields(vec![
                ("/data/session_id", text("gw-1.2")),
                ("/data/caller_id_number", text("13800000001")),
                ("/data/queue_id", text("q-sales")),
            ]),
        );
        assert_eq!(d.event_type, EventType::Ringing);
        assert_eq!(field(&d, "mainUniqueId"), Some(&text("gw-1.2")));
        assert_eq!(field(&d, "customerNumber"), Some(&text("13800000001")));
        assert_eq!(field(&d, "queueNo"), Some(&text("q-sales")));
    }

    #[test]
    fn a_wiretap_is_the_monitor_event_of_its_mode() {
        let at = Some("qubicle.recipient.4b8c.9001.wiretap_start");
        for (mode, event) in [
            ("spy", EventType::SpyLink),
            ("whisper", EventType::WhisperLink),
            ("threeway", EventType::ThreewayLink),
            ("barge", EventType::BargeLink),
        ] {
            let payload = Fields(vec![
                ("/data/mode", text(mode)),
                ("/data/target_recipient_id", text("1001")),
            ]);
            let d = derived(Kind::Kazoo, at, "wiretap_start", &payload);
            assert_eq!(d.event_type, event);
            assert_eq!(field(&d, "spiedCno"), Some(&text("1001")));
            assert_eq!(field(&d, "initiator"), Some(&text("9001")));
        }
        let unknown = Fields(vec![("/data/mode", text("listen"))]);
        let m = find(Kind::Kazoo, at, "wiretap_start", &unknown);
        assert!(m.is_some_and(|m| m.derive(at, &unknown).is_none()));
        let failed = Fields(vec![("/data/mode", text("barge"))]);
        let at = Some("qubicle.recipient.4b8c.9001.wiretap_failed");
        let d = derived(Kind::Kazoo, at, "wiretap_failed", &failed);
        assert_eq!(d.event_type, EventType::BargeResult);
        assert_eq!(field(&d, "result"), Some(&text("error")));
    }

    #[test]
    fn a_voki_whisper_start_is_whisper_link_and_roles_tell_participants_apart() {
        let sup = Fields(vec![("/supervisor_id", text("9001"))]);
        let d = derived(Kind::Phoenix, Some("call:gw-1.2"), "whisper_start", &sup);
        assert_eq!(d.event_type, EventType::WhisperLink);
        assert_eq!(field(&d, "agentNo"), Some(&text("9001")));
        let agent = Fields(vec![
            ("/role", text("attendant")),
            ("/user_id", text("1001")),
        ]);
        let d = derived(
            Kind::Phoenix,
            Some("call:gw-1.2"),
            "participant_joined",
            &agent,
        );
        assert_eq!(d.event_type, EventType::AgentStatus);
        assert_eq!(field(&d, "status.state"), Some(&text("talking")));
        assert_eq!(field(&d, "status.mainUniqueId"), Some(&text("gw-1.2")));
        let supervisor = Fields(vec![
            ("/role", text("supervisor")),
            ("/user_id", text("9001")),
        ]);
        let d = derived(
            Kind::Phoenix,
            Some("call:gw-1.2"),
            "participant_joined",
            &supervisor,
        );
        assert_eq!(d.event_type, EventType::ThreewayLink);
        // A frame of the right name on another topic means nothing.
        assert!(find(Kind::Phoenix, Some("queue:q1"), "whisper_start", &sup).is_none());
    }

    #[test]
    fn voxsig_ids_sent_as_integers_become_catalog_strings() {
        let payload = Fields(vec![
            ("/data/status", text("open")),
            ("/data/meta/assignee/id", Scalar::Number(1001.0)),
        ]);
        let d = derived(
            Kind::ActionCable,
            None,
            "conversation.status_changed",
            &payload,
        );
        assert_eq!(field(&d, "agentNo"), Some(&text("1001")));
        assert_eq!(field(&d, "status.state"), Some(&text("talking")));
        let pending = Fields(vec![("/data/status", text("pending"))]);
        assert!(find(
            Kind::ActionCable,
            None,
            "conversation.status_changed",
            &pending
        )
        .is_none());
    }

    #[test]
    fn globemeet_numbers_stay_numbers_and_queues_key_the_snapshot() {
        let payload = Fields(vec![
            ("/queue", text("q-sales")),
            ("/name", text("Sales")),
            ("/depth", Scalar::Number(3.0)),
        ]);
        let at = Some("queue.q-sales.depth-changed");
        let d = derived(Kind::GlobeMeet, at, "depth-changed", &payload);
        assert_eq!(d.event_type, EventType::QueueStatus);
        assert_eq!(
            field(&d, "queueStatus.q-sales.queueParams.waiting"),
            Some(&Scalar::Number(3.0))
        );
        assert!(!has_event(Kind::GlobeMeet, "created"));
        assert!(has_event(Kind::GlobeMeet, "status-changed"));
    }
}
