//! Qubicle bindings: which a subscriber may ask for, how each expands for their account, and
//! which events each delivers (seed 000; research/gateway-protocols.md §3.4–§3.5).
//!
//! Two forms exist and both work: the docs' family names (`qubicle.queue`, expanded to
//! `qubicle.queue.{ACCOUNT_ID}.*`) and the seed's explicit bindings
//! (`qubicle.recipient.{ACCOUNT_ID}.*`, narrowed with more segments). An event has two keys: the
//! seed's full routing key with the event name (`qubicle.recipient.{A}.{R}.offer`) and the
//! docs' 4-segment entity key (`qubicle.recipient.{A}.{R}`); a binding delivers the event when
//! it matches either under AMQP topic rules ([`super::super::amqp`]). So the seed's family
//! binding `qubicle.recipient.{A}.*` gets every recipient event, and
//! `qubicle.recipient.{A}.*.offer` only offers. Events of other accounts are never matched: the
//! face keeps each subscriber to their own account whatever the binding's wildcards.

use super::super::amqp;

/// The Qubicle families (seed 000's three tables).
pub const FAMILIES: [&str; 3] = ["queue", "recipient", "session"];

/// Why a binding is refused (Kazoo's error texts, §3.3).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindingError {
    /// Not a Qubicle binding.
    #[error("no available subscriptions to requested binding")]
    Unavailable,
    /// It names another account.
    #[error("unauthorized account id")]
    OtherAccount,
}

/// A binding as subscribed: what the client sent and what it expands to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// As the client asked (`subscribed_key`).
    pub subscribed_key: String,
    /// As expanded for the account (`subscription_key`).
    pub subscription_key: String,
}

/// An id as one routing-key word: ids may contain dots (the core's call ids do), which would
/// split them into several words, so dots become `_`. The payload carries the id unchanged.
pub fn word(id: &str) -> String {
    id.replace('.', "_")
}

impl Binding {
    /// Expands `binding` for `account` (the subscriber's authorized account).
    pub fn expand(binding: &str, account: &str) -> Result<Self, BindingError> {
        let words: Vec<&str> = binding.split('.').collect();
        let expanded = match words.as_slice() {
            // A whole-gateway wildcard: still only this account's events reach the subscriber.
            ["#"] | ["qubicle", "#"] | ["qubicle", "*", ..] => binding.to_owned(),
            ["qubicle", family] if FAMILIES.contains(family) => {
                format!("qubicle.{family}.{account}.*")
            }
            ["qubicle", family, acct, ..] if FAMILIES.contains(family) || *family == "#" => {
                if *acct != account && *acct != "*" && *acct != "#" {
                    return Err(BindingError::OtherAccount);
                }
                binding.to_owned()
            }
            _ => return Err(BindingError::Unavailable),
        };
        Ok(Self {
            subscribed_key: binding.to_owned(),
            subscription_key: expanded,
        })
    }

    /// True when this binding delivers an event with `routing_key` (5 segments) and
    /// `entity_key` (the first 4).
    pub fn delivers(&self, routing_key: &str, entity_key: &str) -> bool {
        amqp::matches(&self.subscription_key, routing_key)
            || amqp::matches(&self.subscription_key, entity_key)
    }
}

/// The two keys of an event: `qubicle.{family}.{account}.{id}.{event}` and its first four words.
pub fn keys(family: &str, account: &str, id: &str, event: &str) -> (String, String) {
    let entity = format!("qubicle.{family}.{account}.{}", word(id));
    (format!("{entity}.{event}"), entity)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "4b8c1d0e9f2a3b4c5d6e7f8091a2b3c4";

    fn delivers(binding: &str, family: &str, id: &str, event: &str) -> bool {
        let b = Binding::expand(binding, A).unwrap();
        let (routing, entity) = keys(family, A, id, event);
        b.delivers(&routing, &entity)
    }

    #[test]
    fn the_seeds_family_bindings_get_every_event_of_their_family() {
        assert!(delivers(
            &format!("qubicle.queue.{A}.*"),
            "queue",
            "q-sales",
            "join"
        ));
        assert!(delivers(
            &format!("qubicle.recipient.{A}.*"),
            "recipient",
            "1001",
            "wiretap_start"
        ));
        assert!(!delivers(
            &format!("qubicle.recipient.{A}.*"),
            "queue",
            "q-sales",
            "join"
        ));
        assert!(delivers(
            &format!("qubicle.session.{A}.gw-1_2"),
            "session",
            "gw-1.2",
            "create"
        ));
        assert!(!delivers(
            &format!("qubicle.session.{A}.gw-1_3"),
            "session",
            "gw-1.2",
            "create"
        ));
    }

    #[test]
    fn the_docs_family_names_expand_for_the_account() {
        let b = Binding::expand("qubicle.recipient", A).unwrap();
        assert_eq!(b.subscription_key, format!("qubicle.recipient.{A}.*"));
        assert!(delivers("qubicle.recipient", "recipient", "1001", "ready"));
    }

    #[test]
    fn narrowed_bindings_get_only_what_they_name() {
        assert!(delivers(
            &format!("qubicle.queue.{A}.q-sales.join"),
            "queue",
            "q-sales",
            "join"
        ));
        assert!(!delivers(
            &format!("qubicle.queue.{A}.q-sales.join"),
            "queue",
            "q-sales",
            "leave"
        ));
        assert!(delivers(
            &format!("qubicle.recipient.{A}.*.offer"),
            "recipient",
            "1002",
            "offer"
        ));
        assert!(!delivers(
            &format!("qubicle.recipient.{A}.*.offer"),
            "recipient",
            "1002",
            "ready"
        ));
        assert!(delivers(
            &format!("qubicle.recipient.{A}.1001.*"),
            "recipient",
            "1001",
            "ready"
        ));
        assert!(!delivers(
            &format!("qubicle.recipient.{A}.1001.*"),
            "recipient",
            "1002",
            "ready"
        ));
        assert!(delivers("qubicle.#", "session", "s1", "delete"));
    }

    #[test]
    fn other_accounts_and_other_modules_are_refused() {
        assert_eq!(
            Binding::expand("qubicle.queue.00000000000000000000000000000001.*", A),
            Err(BindingError::OtherAccount)
        );
        assert_eq!(
            Binding::expand("call.CHANNEL_CREATE.*", A),
            Err(BindingError::Unavailable)
        );
        assert_eq!(
            Binding::expand("qubicle.fax", A),
            Err(BindingError::Unavailable)
        );
        assert_eq!(Binding::expand("", A), Err(BindingError::Unavailable));
        assert!(Binding::expand(&format!("qubicle.*.{A}.#"), A).is_ok());
    }

    #[test]
    fn ids_with_dots_stay_one_word() {
        assert_eq!(
            keys("session", A, "gw-1700000300.401", "create").0,
            format!("qubicle.session.{A}.gw-1700000300_401.create")
        );
    }
}
