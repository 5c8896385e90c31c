//! What the catalog declares about each payload, beyond the Rust struct: the JSON kind of every
//! field, whether it may be absent, its TypeScript type where the Rust type says too little, and
//! the fields the engine reads (its *facts*, by role).
//!
//! The payload structs are declared once, with [`payload!`](crate::payload); from that one
//! declaration come the struct (with its serde names), [`Field::kind`] (native builds: the
//! generators of the JS payload checks and the TypeScript interfaces read it,
//! tests/generated.rs), and `facts()`, which both the native text-frame path and the wasm SDK's
//! numbers path feed the engine with.

use crate::agent::AgentStatus;

/// The fields of one catalog event that the engine reads, by role. Everything else of a payload
/// goes to the page untouched: in the wasm SDK it never crosses into the engine at all.
///
/// Owned, because in the wasm SDK each string arrives as its own allocation from the JS layer
/// anyway, and the native path clones only these few fields of an event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFacts {
    /// The tenant the event is about.
    pub tenant: Option<String>,
    /// The agent the event is addressed to (`agentNo`).
    pub agent: Option<String>,
    /// Who started a supervisor action (`initiator`).
    pub initiator: Option<String>,
    /// The other party: a consult target, a monitored agent.
    pub target: Option<String>,
    /// The consult target's type (0 PSTN, 1 agent, 2 extension).
    pub target_type: Option<i64>,
    /// The call (`mainUniqueId`).
    pub main_unique_id: Option<String>,
    /// `success` or `error` of a supervisor request.
    pub result: Option<String>,
    /// The agent status of `agentStatus`.
    pub status: Option<AgentStatus>,
}

impl EventFacts {
    /// True when the event is about this tenant's agent.
    pub fn is_for(&self, tenant_id: &str, agent_no: &str) -> bool {
        self.tenant.as_deref() == Some(tenant_id) && self.agent.as_deref() == Some(agent_no)
    }
}

/// The roles of [`EventFacts`], as a payload declaration names them (`track(role)`).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// [`EventFacts::tenant`].
    tenant,
    /// [`EventFacts::agent`].
    agent,
    /// [`EventFacts::initiator`].
    initiator,
    /// [`EventFacts::target`].
    target,
    /// [`EventFacts::target_type`].
    target_type,
    /// [`EventFacts::main_unique_id`].
    main_unique_id,
    /// [`EventFacts::result`].
    result,
    /// [`EventFacts::status`].
    status,
}

impl Role {
    /// Every role, in the order the wasm SDK's `event()` takes them (after id and type).
    pub const ALL: [Role; 8] = [
        Role::tenant,
        Role::agent,
        Role::initiator,
        Role::target,
        Role::target_type,
        Role::main_unique_id,
        Role::result,
        Role::status,
    ];
}

/// A field's value as a fact.
pub trait Fact<T> {
    /// The fact.
    fn fact(&self) -> T;
}

impl Fact<String> for String {
    fn fact(&self) -> String {
        self.clone()
    }
}

impl Fact<i64> for i64 {
    fn fact(&self) -> i64 {
        *self
    }
}

impl Fact<AgentStatus> for AgentStatus {
    fn fact(&self) -> AgentStatus {
        self.clone()
    }
}

#[cfg(feature = "json")]
pub use described::{Field, FieldSpec, Kind};

/// The description the generators read (native builds only).
#[cfg(feature = "json")]
mod described {
    use super::Role;
    use std::collections::BTreeMap;

    /// The JSON kind of a field.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Kind {
        /// A string.
        String,
        /// An integer (a JSON number without a fraction).
        Integer,
        /// Any number.
        Number,
        /// `true` or `false`.
        Boolean,
        /// The inner kind or `null` (Rust `Option`; absent is accepted too, as serde does).
        Nullable(Box<Kind>),
        /// One of these strings.
        Enum(&'static str, &'static [&'static str]),
        /// One of these integers.
        IntEnum(&'static str, &'static [i64]),
        /// A declared object: its TypeScript name and fields.
        Object(&'static str, Vec<FieldSpec>),
        /// An object whose every value is of the inner kind.
        Record(Box<Kind>),
        /// Any JSON object (the seed does not type its inside).
        AnyObject,
        /// Any JSON array.
        AnyArray,
    }

    /// One declared field.
    #[derive(Debug, Clone, PartialEq)]
    pub struct FieldSpec {
        /// Its name on the wire.
        pub wire: &'static str,
        /// The Rust field.
        pub rust: &'static str,
        /// Its doc comment, line by line.
        pub doc: &'static [&'static str],
        /// Its JSON kind.
        pub kind: Kind,
        /// May be absent (serde `default`, skipped when `None`).
        pub optional: bool,
        /// The TypeScript type, where the kind says too little (a union of literals).
        pub ts: Option<&'static str>,
        /// The role it plays in the engine's facts, if the engine reads it.
        pub role: Option<Role>,
    }

    /// A Rust type as a payload field: its JSON kind.
    pub trait Field {
        /// The kind.
        fn kind() -> Kind;
    }

    impl Field for String {
        fn kind() -> Kind {
            Kind::String
        }
    }

    impl Field for i64 {
        fn kind() -> Kind {
            Kind::Integer
        }
    }

    impl Field for u64 {
        fn kind() -> Kind {
            Kind::Integer
        }
    }

    impl Field for f64 {
        fn kind() -> Kind {
            Kind::Number
        }
    }

    impl Field for bool {
        fn kind() -> Kind {
            Kind::Boolean
        }
    }

    impl<T: Field> Field for Option<T> {
        fn kind() -> Kind {
            Kind::Nullable(Box::new(T::kind()))
        }
    }

    impl<T: Field> Field for BTreeMap<String, T> {
        fn kind() -> Kind {
            Kind::Record(Box::new(T::kind()))
        }
    }

    impl Field for serde_json::Map<String, serde_json::Value> {
        fn kind() -> Kind {
            Kind::AnyObject
        }
    }

    impl Field for Vec<serde_json::Value> {
        fn kind() -> Kind {
            Kind::AnyArray
        }
    }
}

/// Declares a payload struct once: its fields with their wire names, and for each field
/// optional flags in braces: `optional` (may be absent; skipped when `None`), `track(role)`
/// (the engine reads it, see [`EventFacts`]), `ts("…")` (its TypeScript type). The struct gets
/// serde derives under the `json` feature, `facts()`, and (native) its [`Field`] description.
#[macro_export]
macro_rules! payload {
    (
        $(#[doc = $sdoc:literal])*
        $(#[cfg($cfg:meta)])?
        pub struct $name:ident { $($body:tt)* }
    ) => {
        $crate::payload!(@field [$(#[doc = $sdoc])*] [$($cfg)?] $name [] $($body)*);
    };

    // A field with flags.
    (@field $sdoc:tt $cfg:tt $name:ident [$($done:tt)*]
        $(#[doc = $doc:literal])*
        pub $field:ident : $ty:ty = $wire:literal { $($flag:tt)* } $(, $($rest:tt)*)?
    ) => {
        $crate::payload!(@flag $sdoc $cfg $name [$($done)*] [$($doc)*] $field [$ty] $wire [] [] [] [false]
            [$($flag)*] [$($($rest)*)?]);
    };
    // A field without flags.
    (@field $sdoc:tt $cfg:tt $name:ident [$($done:tt)*]
        $(#[doc = $doc:literal])*
        pub $field:ident : $ty:ty = $wire:literal $(, $($rest:tt)*)?
    ) => {
        $crate::payload!(@field $sdoc $cfg $name
            [$($done)* { [$($doc)*] $field [$ty] $wire [] [] [] [false] }] $($($rest)*)?);
    };

    // Flags, one at a time.
    (@flag $sdoc:tt $cfg:tt $name:ident $done:tt $doc:tt $field:ident $ty:tt $wire:literal
        [$($attr:tt)*] $role:tt $ts:tt $opt:tt [optional $(, $($more:tt)*)?] $rest:tt
    ) => {
        $crate::payload!(@flag $sdoc $cfg $name $done $doc $field $ty $wire
            [$($attr)* #[cfg_attr(feature = "json", serde(default, skip_serializing_if = "Option::is_none"))]]
            $role $ts [true] [$($($more)*)?] $rest);
    };
    (@flag $sdoc:tt $cfg:tt $name:ident $done:tt $doc:tt $field:ident $ty:tt $wire:literal
        $attr:tt [] $ts:tt $opt:tt [track($role:ident) $(, $($more:tt)*)?] $rest:tt
    ) => {
        $crate::payload!(@flag $sdoc $cfg $name $done $doc $field $ty $wire
            $attr [$role] $ts $opt [$($($more)*)?] $rest);
    };
    (@flag $sdoc:tt $cfg:tt $name:ident $done:tt $doc:tt $field:ident $ty:tt $wire:literal
        $attr:tt $role:tt [] $opt:tt [ts($t:literal) $(, $($more:tt)*)?] $rest:tt
    ) => {
        $crate::payload!(@flag $sdoc $cfg $name $done $doc $field $ty $wire
            $attr $role [$t] $opt [$($($more)*)?] $rest);
    };
    (@flag $sdoc:tt $cfg:tt $name:ident [$($done:tt)*] $doc:tt $field:ident $ty:tt $wire:literal
        $attr:tt $role:tt $ts:tt $opt:tt [] [$($rest:tt)*]
    ) => {
        $crate::payload!(@field $sdoc $cfg $name
            [$($done)* { $doc $field $ty $wire $attr $role $ts $opt }] $($rest)*);
    };

    // Every field read: the struct and what comes with it.
    (@field [$(#[doc = $sdoc:literal])*] [$($cfg:meta)?] $name:ident [$(
        { [$($doc:literal)*] $field:ident [$ty:ty] $wire:literal [$($attr:tt)*] [$($role:ident)?]
          [$($ts:literal)?] [$opt:literal] }
    )*]) => {
        $(#[doc = $sdoc])*
        $(#[cfg($cfg)])?
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "json", derive(serde::Serialize, serde::Deserialize))]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                #[cfg_attr(feature = "json", serde(rename = $wire))]
                $($attr)*
                pub $field: $ty,
            )*
        }

        $(#[cfg($cfg)])?
        impl $name {
            /// Fills in the fields the engine reads.
            #[allow(unused_variables)]
            pub fn facts(&self, facts: &mut $crate::events::schema::EventFacts) {
                $( $( facts.$role = Some($crate::events::schema::Fact::fact(&self.$field)); )? )*
            }
        }

        #[cfg(feature = "json")]
        $(#[cfg($cfg)])?
        impl $crate::events::FromPayload for $name {
            fn from_payload(raw: &str) -> serde_json::Result<Self> {
                $crate::events::decode_struct(raw)
            }
        }

        #[cfg(feature = "json")]
        $(#[cfg($cfg)])?
        impl $name {
            /// The struct's doc comment, line by line (for the TypeScript generator).
            pub const DOC: &'static [&'static str] = &[$($sdoc),*];
        }

        #[cfg(feature = "json")]
        $(#[cfg($cfg)])?
        impl $crate::events::schema::Field for $name {
            fn kind() -> $crate::events::schema::Kind {
                $crate::events::schema::Kind::Object(stringify!($name), vec![$(
                    $crate::events::schema::FieldSpec {
                        wire: $wire,
                        rust: stringify!($field),
                        doc: &[$($doc),*],
                        kind: <$ty as $crate::events::schema::Field>::kind(),
                        optional: $opt,
                        ts: None $(.or(Some($ts)))?,
                        role: None $(.or(Some($crate::events::schema::Role::$role)))?,
                    },
                )*])
            }
        }
    };
}
