//! Phoenix Presence as the SDK keeps it: per topic, key → metas, synced from `presence_state`
//! and `presence_diff` with phoenix.js's `syncState` / `syncDiff` rules (a join replaces the metas
//! with the same `phx_ref` and keeps the others; a leave removes metas by `phx_ref`; a key with no
//! metas left is gone). The engine is built without serde in the wasm SDK, so a meta is its
//! `phx_ref` and its JSON text (the JS layer's `JSON.stringify` of the object it parsed, for the
//! rare presence frames only); the list a page reads is rebuilt from that text.

use std::collections::BTreeMap;

use crate::json::Json;

/// One meta of a presence: the `phx_ref` that identifies it, and the whole object as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// Phoenix's id of this meta (`phx_ref`).
    pub phx_ref: String,
    /// The meta object, `phx_ref` included.
    pub json: Json,
}

/// Key → metas of one key, as a frame carries them (`presence_state`, or one side of a diff).
pub type Entries = Vec<(String, Vec<Meta>)>;

/// One topic's presences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Presences(BTreeMap<String, Vec<Meta>>);

/// What a sync changed: the keys that joined and those that left (phoenix.js `onJoin` /
/// `onLeave`), each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// Keys with metas that joined.
    pub joined: Vec<String>,
    /// Keys with metas that left.
    pub left: Vec<String>,
}

impl Presences {
    /// The current list: key and its metas, ordered by key.
    pub fn list(&self) -> impl Iterator<Item = (&str, &[Meta])> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// How many keys are present.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when nobody is present.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Applies a `presence_diff`: joins first, then leaves.
    pub fn sync_diff(&mut self, joins: Entries, leaves: Entries) -> Change {
        let mut change = Change::default();
        for (key, metas) in joins {
            let slot = self.0.entry(key.clone()).or_default();
            slot.retain(|m| !metas.iter().any(|n| n.phx_ref == m.phx_ref));
            slot.extend(metas);
            change.joined.push(key);
        }
        for (key, metas) in leaves {
            let Some(slot) = self.0.get_mut(&key) else {
                continue;
            };
            slot.retain(|m| !metas.iter().any(|n| n.phx_ref == m.phx_ref));
            if slot.is_empty() {
                self.0.remove(&key);
            }
            change.left.push(key);
        }
        change
    }

    /// Replaces the state with a `presence_state`: what differs becomes a diff, so keys that
    /// stayed the same are neither joined nor left (a rejoin after a reconnect does not make the
    /// whole list blink).
    pub fn sync_state(&mut self, state: Entries) -> Change {
        let mut joins = Vec::new();
        let mut leaves = Vec::new();
        for (key, metas) in &self.0 {
            if !state.iter().any(|(k, _)| k == key) {
                leaves.push((key.clone(), metas.clone()));
            }
        }
        for (key, metas) in state {
            match self.0.get(&key) {
                Some(current) => {
                    let left: Vec<Meta> = current
                        .iter()
                        .filter(|m| !metas.iter().any(|n| n.phx_ref == m.phx_ref))
                        .cloned()
                        .collect();
                    let joined: Vec<Meta> = metas
                        .into_iter()
                        .filter(|n| !current.iter().any(|m| m.phx_ref == n.phx_ref))
                        .collect();
                    if !joined.is_empty() {
                        joins.push((key.clone(), joined));
                    }
                    if !left.is_empty() {
                        leaves.push((key, left));
                    }
                }
                None => joins.push((key, metas)),
            }
        }
        self.sync_diff(joins, leaves)
    }

    /// The list as phoenix.js's `Presence.list` gives it by default, as JSON text:
    /// `[{"key":…,"metas":[…]}, …]` ordered by key.
    pub fn list_json(&self) -> String {
        let mut out = String::from("[");
        for (i, (key, metas)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"key\":");
            crate::json::push_string(&mut out, key);
            out.push_str(",\"metas\":[");
            for (j, m) in metas.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                out.push_str(m.json.as_str());
            }
            out.push_str("]}");
        }
        out.push(']');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(r: &str, status: &str) -> Meta {
        Meta {
            phx_ref: r.to_owned(),
            json: Json::trusted(format!(r#"{{"phx_ref":"{r}","status":"{status}"}}"#)),
        }
    }

    #[test]
    fn a_state_then_diffs_keep_the_current_list_and_name_who_joined_and_left() {
        let mut p = Presences::default();
        let c = p.sync_state(vec![
            ("1001".into(), vec![meta("a", "online")]),
            ("1002".into(), vec![meta("b", "busy")]),
        ]);
        assert_eq!(c.joined, ["1001", "1002"]);
        // An update: the old meta leaves, the new one joins (docs/dialects.md §2).
        let c = p.sync_diff(
            vec![("1001".into(), vec![meta("c", "busy")])],
            vec![("1001".into(), vec![meta("a", "online")])],
        );
        assert_eq!((c.joined.len(), c.left.len()), (1, 1));
        assert_eq!(p.len(), 2, "1001 is still there with its new meta");
        let c = p.sync_diff(vec![], vec![("1002".into(), vec![meta("b", "busy")])]);
        assert_eq!(c.left, ["1002"]);
        assert_eq!(
            p.list_json(),
            r#"[{"key":"1001","metas":[{"phx_ref":"c","status":"busy"}]}]"#
        );
    }

    #[test]
    fn a_state_after_a_rejoin_changes_only_what_differs() {
        let mut p = Presences::default();
        p.sync_state(vec![("1001".into(), vec![meta("a", "online")])]);
        let c = p.sync_state(vec![
            ("1001".into(), vec![meta("a", "online")]),
            ("1003".into(), vec![meta("d", "away")]),
        ]);
        assert_eq!(c.joined, ["1003"]);
        assert!(c.left.is_empty());
        let c = p.sync_state(vec![]);
        assert_eq!(c.left.len(), 2);
        assert!(p.is_empty());
    }

    #[test]
    fn a_leave_for_an_unknown_key_changes_nothing() {
        let mut p = Presences::default();
        let c = p.sync_diff(vec![], vec![("x".into(), vec![meta("z", "online")])]);
        assert_eq!(c, Change::default());
    }
}
