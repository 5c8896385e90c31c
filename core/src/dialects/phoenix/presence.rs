//! Phoenix Presence (research/gateway-protocols.md §1.6): a topic's presences keyed by id, each
//! key a list of `metas` with an opaque `phx_ref`. The server side ([`Tracker`]) turns "this
//! agent is now online / busy / gone" into `presence_diff` payloads; the client side
//! ([`Presences::sync_state`], [`Presences::sync_diff`]) applies them as phoenix.js's `Presence`
//! does, so the SDK's list equals `Presence.list` (issue 14).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// The key of a presence's opaque reference.
pub const PHX_REF: &str = "phx_ref";
/// The key of the reference an updated meta replaces.
pub const PHX_REF_PREV: &str = "phx_ref_prev";

/// One topic's presences: key → metas, each meta an object with a `phx_ref`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Presences(pub BTreeMap<String, Vec<Map<String, Value>>>);

fn phx_ref(meta: &Map<String, Value>) -> Option<&str> {
    meta.get(PHX_REF).and_then(Value::as_str)
}

impl Presences {
    /// The payload form: `{key: {metas: [...]}}`.
    pub fn to_value(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(key, metas)| {
                    let metas = Value::Array(metas.iter().cloned().map(Value::Object).collect());
                    (key.clone(), serde_json::json!({ "metas": metas }))
                })
                .collect(),
        )
    }

    /// Reads the payload form; entries without a `metas` array of objects are skipped.
    pub fn from_value(value: &Value) -> Self {
        let mut out = BTreeMap::new();
        for (key, entry) in value.as_object().into_iter().flatten() {
            if let Some(metas) = entry.get("metas").and_then(Value::as_array) {
                let metas: Vec<_> = metas.iter().filter_map(Value::as_object).cloned().collect();
                out.insert(key.clone(), metas);
            }
        }
        Self(out)
    }

    /// Applies a `presence_diff` as phoenix.js `Presence.syncDiff` does: joins first (a joined
    /// key keeps its other metas), then leaves by `phx_ref`; a key with no metas left goes.
    /// Returns the keys that joined and left.
    pub fn sync_diff(&mut self, diff: &Diff) -> (Vec<String>, Vec<String>) {
        let mut joined = Vec::new();
        let mut left = Vec::new();
        for (key, metas) in &diff.joins.0 {
            let refs: Vec<&str> = metas.iter().filter_map(phx_ref).collect();
            let mut merged: Vec<Map<String, Value>> = self
                .0
                .get(key)
                .map(|current| {
                    current
                        .iter()
                        .filter(|m| phx_ref(m).is_none_or(|r| !refs.contains(&r)))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            merged.extend(metas.iter().cloned());
            self.0.insert(key.clone(), merged);
            joined.push(key.clone());
        }
        for (key, metas) in &diff.leaves.0 {
            let Some(current) = self.0.get_mut(key) else {
                continue;
            };
            let refs: Vec<&str> = metas.iter().filter_map(phx_ref).collect();
            current.retain(|m| phx_ref(m).is_none_or(|r| !refs.contains(&r)));
            left.push(key.clone());
            if current.is_empty() {
                self.0.remove(key);
            }
        }
        (joined, left)
    }

    /// Replaces the state with a `presence_state` as phoenix.js `Presence.syncState` does: the
    /// differences become a diff, applied with [`Presences::sync_diff`].
    pub fn sync_state(&mut self, state: &Presences) -> (Vec<String>, Vec<String>) {
        let mut diff = Diff::default();
        for (key, metas) in &self.0 {
            if !state.0.contains_key(key) {
                diff.leaves.0.insert(key.clone(), metas.clone());
            }
        }
        for (key, new_metas) in &state.0 {
            match self.0.get(key) {
                Some(current) => {
                    let new_refs: Vec<&str> = new_metas.iter().filter_map(phx_ref).collect();
                    let cur_refs: Vec<&str> = current.iter().filter_map(phx_ref).collect();
                    let joined: Vec<_> = new_metas
                        .iter()
                        .filter(|m| phx_ref(m).is_none_or(|r| !cur_refs.contains(&r)))
                        .cloned()
                        .collect();
                    let left: Vec<_> = current
                        .iter()
                        .filter(|m| phx_ref(m).is_none_or(|r| !new_refs.contains(&r)))
                        .cloned()
                        .collect();
                    if !joined.is_empty() {
                        diff.joins.0.insert(key.clone(), joined);
                    }
                    if !left.is_empty() {
                        diff.leaves.0.insert(key.clone(), left);
                    }
                }
                None => {
                    diff.joins.0.insert(key.clone(), new_metas.clone());
                }
            }
        }
        self.sync_diff(&diff)
    }
}

/// A `presence_diff` payload: `{joins, leaves}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diff {
    /// Keys with metas that joined.
    pub joins: Presences,
    /// Keys with metas that left.
    pub leaves: Presences,
}

impl Diff {
    /// The payload form.
    pub fn to_value(&self) -> Value {
        serde_json::json!({ "joins": self.joins.to_value(), "leaves": self.leaves.to_value() })
    }

    /// Reads the payload form.
    pub fn from_value(value: &Value) -> Self {
        Self {
            joins: Presences::from_value(value.get("joins").unwrap_or(&Value::Null)),
            leaves: Presences::from_value(value.get("leaves").unwrap_or(&Value::Null)),
        }
    }

    /// True when nothing joined or left.
    pub fn is_empty(&self) -> bool {
        self.joins.0.is_empty() && self.leaves.0.is_empty()
    }
}

/// The server's presences of one topic, one meta per key (an agent is one presence however many
/// consoles it has open: the core, not the socket, owns its status).
#[derive(Debug, Clone, Default)]
pub struct Tracker {
    state: Presences,
    epoch: String,
    next: u64,
}

impl Tracker {
    /// A tracker whose `phx_ref`s start with `epoch` (e.g. the gateway's start time), so refs
    /// stay unique across restarts as Phoenix's random refs are.
    pub fn new(epoch: &str) -> Self {
        Self {
            state: Presences::default(),
            epoch: epoch.to_owned(),
            next: 0,
        }
    }

    /// The current state, for `presence_state` after a join.
    pub fn state(&self) -> &Presences {
        &self.state
    }

    /// `key` is present with `fields` (a new presence, or an update: the old meta leaves and the
    /// new one joins with `phx_ref_prev`, as Phoenix's tracker does). Nothing when unchanged.
    pub fn track(&mut self, key: &str, fields: Map<String, Value>) -> Diff {
        let old = self
            .state
            .0
            .get(key)
            .and_then(|metas| metas.first())
            .cloned();
        if let Some(old) = &old {
            let mut bare = old.clone();
            bare.remove(PHX_REF);
            bare.remove(PHX_REF_PREV);
            if bare == fields {
                return Diff::default();
            }
        }
        self.next += 1;
        let mut meta = fields;
        meta.insert(
            PHX_REF.into(),
            Value::String(format!("{}-{}", self.epoch, self.next)),
        );
        let mut diff = Diff::default();
        if let Some(old) = old {
            if let Some(prev) = phx_ref(&old) {
                meta.insert(PHX_REF_PREV.into(), Value::String(prev.to_owned()));
            }
            diff.leaves.0.insert(key.to_owned(), vec![old]);
        }
        diff.joins.0.insert(key.to_owned(), vec![meta.clone()]);
        self.state.0.insert(key.to_owned(), vec![meta]);
        diff
    }

    /// `key` is gone. Nothing when it was not present.
    pub fn untrack(&mut self, key: &str) -> Diff {
        let mut diff = Diff::default();
        if let Some(metas) = self.state.0.remove(key) {
            diff.leaves.0.insert(key.to_owned(), metas);
        }
        diff
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(status: &str) -> Map<String, Value> {
        match json!({"name": "Ada", "status": status, "current_call_id": null}) {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn tracking_a_new_key_joins_it_and_the_state_has_its_meta() {
        let mut t = Tracker::new("e1");
        let diff = t.track("1001", fields("online"));
        assert!(diff.leaves.0.is_empty());
        let meta = &diff.joins.0["1001"][0];
        assert_eq!(
            (meta["status"].as_str(), meta[PHX_REF].as_str()),
            (Some("online"), Some("e1-1"))
        );
        assert_eq!(t.state().to_value()["1001"]["metas"][0]["name"], "Ada");
    }

    #[test]
    fn an_update_leaves_the_old_meta_and_joins_the_new_with_phx_ref_prev() {
        let mut t = Tracker::new("e1");
        let _ = t.track("1001", fields("online"));
        assert!(
            t.track("1001", fields("online")).is_empty(),
            "unchanged is no diff"
        );
        let diff = t.track("1001", fields("busy"));
        assert_eq!(diff.leaves.0["1001"][0][PHX_REF], "e1-1");
        assert_eq!(diff.joins.0["1001"][0][PHX_REF_PREV], "e1-1");
        assert!(
            t.track("1001", fields("busy")).is_empty(),
            "unchanged after an update is no diff"
        );
    }

    #[test]
    fn the_client_side_follows_the_server_through_diffs_and_a_fresh_state() {
        let mut t = Tracker::new("e1");
        let mut client = Presences::default();
        let (joined, _) = client.sync_diff(&t.track("1001", fields("online")));
        assert_eq!(joined, ["1001"]);
        let _ = client.sync_diff(&t.track("1002", fields("away")));
        let _ = client.sync_diff(&t.track("1001", fields("busy")));
        assert_eq!(&client, t.state());
        let (_, left) = client.sync_diff(&t.untrack("1002"));
        assert_eq!(left, ["1002"]);
        assert_eq!(&client, t.state());
        assert!(t.untrack("1002").is_empty());

        // A client that missed diffs catches up from presence_state.
        let mut late = Presences::default();
        let mut gone = fields("online");
        gone.insert(PHX_REF.into(), json!("old-1"));
        let _ = late.sync_diff(&Diff {
            joins: Presences(BTreeMap::from([("gone".to_owned(), vec![gone])])),
            leaves: Presences::default(),
        });
        let (joined, left) = late.sync_state(t.state());
        assert_eq!(
            (joined, left),
            (vec!["1001".to_owned()], vec!["gone".to_owned()])
        );
        assert_eq!(&late, t.state());
    }

    #[test]
    fn payload_forms_round_trip_and_junk_is_skipped() {
        let mut t = Tracker::new("e1");
        let diff = t.track("1001", fields("online"));
        assert_eq!(Diff::from_value(&diff.to_value()), diff);
        let junk = json!({"a": {"metas": "x"}, "b": 3, "c": {"metas": [1, {"phx_ref": "r"}]}});
        let p = Presences::from_value(&junk);
        assert_eq!(p.0.len(), 1);
        assert_eq!(p.0["c"].len(), 1);
    }
}
