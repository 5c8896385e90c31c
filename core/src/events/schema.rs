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
/// Borrowed: the native path lends the decoded payload's fields, the wasm SDK slices of the one
/// string its JS layer passes them in (one crossing, one allocation for all of them); the engine
/// copies only what it keeps (a call's id, a consult target, the agent's status).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EventFacts<'a> {
    /// The tenant the event is about.
    pub tenant: Option<&'a str>,
    /// The agent the event is addressed to (`agentNo`).
    pub agent: Option<&'a str>,
    /// Who started a supervisor action (`initiator`).
    pub initiator: Option<&'a str>,
    /// The other party: a consult target, a monitored agent.
    pub target: Option<&'a str>,
    /// The consult target's type (0 PSTN, 1 agent, 2 extension).
    pub target_type: Option<i64>,
    /// The call (`mainUniqueId`).
    pub main_unique_id: Option<&'a str>,
    /// `success` or `error` of a supervisor request.
    pub result: Option<&'a str>,
    /// The agent status of `agentStatus`.
    pub status: Option<&'a AgentStatus>,
}

impl EventFacts<'_> {
    /// True when the event is about this tenant's agent.
    pub fn is_for(&self, tenant_id: &str, agent_no: &str) -> bool {
        self.tenant == Some(tenant_id) && self.agent == Some(agent_no)
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

/// A field's value as a fact, lent for as long as the payload.
pub trait Fact<'a, T> {
    /// The fact.
    fn fact(&'a self) -> T;
}

impl<'a> Fact<'a, &'a str> for String {
    fn fact(&'a self) -> &'a str {
        self
    }
}

impl<'a> Fact<'a, i64> for i64 {
    fn fact(&'a self) -> i64 {
        *self
    }
}

impl<'a> Fact<'a, &'a AgentStatus> for AgentStatus {
    fn fact(&'a self) -> &'a AgentStatus {
        self
    }
}

pub use super::rules::Rule;

#[cfg(feature = "json")]
pub use described::{Field, FieldSpec, Kind};

/// The description the generators read (native builds only).
#[cfg(feature = "json")]
mod described {
    use super::{Role, Rule};
    use std::collections::BTreeMap;

    /// The JSON kind of a field.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Kind {
        /// A string.
        String,
        /// An integer (a JSON number without a fraction).
        Integer,
        /// An integer from 0 up.
        Unsigned,
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
        /// A declared object: its TypeScript name, whether unknown keys are refused (arguments)
        /// or ignored (payloads), and its fields.
        Object(&'static str, bool, Vec<FieldSpec>),
        /// An object whose every value is of the inner kind.
        Record(Box<Kind>),
        /// Any JSON object (the seed does not type its inside).
        AnyObject,
        /// An array whose every item is of the inner kind.
        Array(Box<Kind>),
        /// Any JSON value.
        Any,
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
        /// What the value must satisfy beyond its kind (arguments of commands).
        pub rules: Vec<Rule>,
        /// The value written when an argument leaves it out.
        pub default_int: Option<i64>,
    }

    impl FieldSpec {
        /// A required field without rules.
        pub fn new(
            wire: &'static str,
            rust: &'static str,
            doc: &'static [&'static str],
            kind: Kind,
        ) -> Self {
            Self {
                wire,
                rust,
                doc,
                kind,
                optional: false,
                ts: None,
                role: None,
                rules: Vec::new(),
                default_int: None,
            }
        }

        /// May be absent.
        #[must_use]
        pub fn optional(mut self) -> Self {
            self.optional = true;
            self
        }

        /// Its TypeScript type.
        #[must_use]
        pub fn ts(mut self, ts: &'static str) -> Self {
            self.ts = Some(ts);
            self
        }

        /// The engine reads it in this role.
        #[must_use]
        pub fn role(mut self, role: Role) -> Self {
            self.role = Some(role);
            self
        }

        /// One more rule.
        #[must_use]
        pub fn rule(mut self, rule: Rule) -> Self {
            self.rules.push(rule);
            self
        }

        /// Its value when left out.
        #[must_use]
        pub fn default_int(mut self, value: i64) -> Self {
            self.default_int = Some(value);
            self
        }
    }

    /// A Rust type as a payload field: its JSON kind.
    pub trait Field {
        /// The kind.
        fn kind() -> Kind;
    }

    // The kind of each plain Rust type a declaration uses.
    macro_rules! plain_kinds {
        ($($ty:ty => $kind:ident),* $(,)?) => {
            $(impl Field for $ty {
                fn kind() -> Kind {
                    Kind::$kind
                }
            })*
        };
    }

    plain_kinds! {
        String => String,
        i64 => Integer,
        u32 => Unsigned,
        usize => Unsigned,
        u64 => Unsigned,
        f64 => Number,
        bool => Boolean,
        serde_json::Map<String, serde_json::Value> => AnyObject,
        serde_json::Value => Any,
    }

    impl<T: Field> Field for Vec<T> {
        fn kind() -> Kind {
            Kind::Array(Box::new(T::kind()))
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
}

/// Declares a payload (or argument) struct once: its fields with their wire names and, in
/// braces after a field, its flags:
///
/// - `optional`: may be absent, skipped when `None` (serde `default` + `skip_serializing_if`);
/// - `defaulted`: may be absent, filled from the struct's `Default` (a container
///   `#[serde(default)]`);
/// - `default_int("fn", n)`: may be absent, then `n` (serde `default = "fn"`);
/// - `track(role)`: the engine reads it, see [`EventFacts`];
/// - `ts("…")`: its TypeScript type, where the kind says too little;
/// - `rule(Rule::…)`: what the value must satisfy beyond its type (argument checks).
///
/// The struct gets serde derives under the `json` feature (with the struct's own `#[serde(…)]`
/// attributes), `facts()`, and in native builds its [`Field`] description, which the
/// generators and the native argument checks read.
#[macro_export]
macro_rules! payload {
    (
        $(#[doc = $sdoc:literal])*
        $(#[cfg($cfg:meta)])?
        $(#[serde($($sattr:tt)*)])?
        $(#[derive($($derive:ident),*)])?
        pub struct $name:ident { $($body:tt)* }
    ) => {
        $crate::payload!(@field [$(#[doc = $sdoc])*] [$($cfg)?] [$($($sattr)*)?] [false [$($($derive),*)?]] $name [] $($body)*);
    };
    // `strict struct`: unknown keys are refused (serde `deny_unknown_fields`), as for arguments.
    (
        $(#[doc = $sdoc:literal])*
        $(#[cfg($cfg:meta)])?
        $(#[serde($($sattr:tt)*)])?
        $(#[derive($($derive:ident),*)])?
        pub strict struct $name:ident { $($body:tt)* }
    ) => {
        $crate::payload!(@field [$(#[doc = $sdoc])*] [$($cfg)?] [deny_unknown_fields $(, $($sattr)*)?] [true [$($($derive),*)?]] $name [] $($body)*);
    };

    // A field with flags.
    (@field $sdoc:tt $cfg:tt $sattr:tt $strict:tt $name:ident [$($done:tt)*]
        $(#[doc = $doc:literal])*
        pub $field:ident : $ty:ty = $wire:literal { $($flag:tt)* } $(, $($rest:tt)*)?
    ) => {
        $crate::payload!(@flag $sdoc $cfg $sattr $strict $name [$($done)*] [$($doc)*] $field [$ty] $wire [] [] []
            [$($flag)*] [$($($rest)*)?]);
    };
    // A field without flags.
    (@field $sdoc:tt $cfg:tt $sattr:tt $strict:tt $name:ident [$($done:tt)*]
        $(#[doc = $doc:literal])*
        pub $field:ident : $ty:ty = $wire:literal $(, $($rest:tt)*)?
    ) => {
        $crate::payload!(@field $sdoc $cfg $sattr $strict $name
            [$($done)* { [$($doc)*] $field [$ty] $wire [] [] [] }] $($($rest)*)?);
    };

    // Flags, one at a time: serde attributes, the tracked role, builder calls on the FieldSpec.
    (@flag $sdoc:tt $cfg:tt $sattr:tt $strict:tt $name:ident $done:tt $doc:tt $field:ident $ty:tt $wire:literal
        [$($attr:tt)*] $role:tt [$($spec:tt)*] [optional $(, $($more:tt)*)?] $rest:tt
    ) => {
        $crate::payload!(@flag $sdoc $cfg $sattr $strict $name $done $doc $field $ty $wire
            [$($attr)* #[cfg_attr(feature = "json", serde(default, skip_serializing_if = "Option::is_none"))]]
            $role [$($spec)* .optional()] [$($($more)*)?] $rest);
    };
    (@flag $sdoc:tt $cfg:tt $sattr:tt $strict:tt $name:ident $done:tt $doc:tt $field:ident $ty:tt $wire:literal
        $attr:tt $role:tt [$($spec:tt)*] [defaulted $(, $($more:tt)*)?] $rest:tt
    ) => {
        $crate::payload!(@flag $sdoc $cfg $sattr $strict $name $done $doc $field $ty $wire
            $attr $role [$($spec)* .optional()] [$($($more)*)?] $rest);
    };
    (@flag $sdoc:tt $cfg:tt $sattr:tt $strict:tt $name:ident $done:tt $doc:tt $field:ident $ty:tt $wire:literal
        [$($attr:tt)*] $role:tt [$($spec:tt)*] [default_int($f:literal, $n:literal) $(, $($more:tt)*)?] $rest:tt
    ) => {
        $crate::payload!(@flag $sdoc $cfg $sattr $strict $name $done $doc $field $ty $wire
            [$($attr)* #[cfg_attr(feature = "json", serde(default = $f))]]
            $role [$($spec)* .optional().default_int($n)] [$($($more)*)?] $rest);
    };
    (@flag $sdoc:tt $cfg:tt $sattr:tt $strict:tt $name:ident $done:tt $doc:tt $field:ident $ty:tt $wire:literal
        $attr:tt [] [$($spec:tt)*] [track($role:ident) $(, $($more:tt)*)?] $rest:tt
    ) => {
        $crate::payload!(@flag $sdoc $cfg $sattr $strict $name $done $doc $field $ty $wire
            $attr [$role] [$($spec)* .role($crate::events::schema::Role::$role)] [$($($more)*)?] $rest);
    };
    (@flag $sdoc:tt $cfg:tt $sattr:tt $strict:tt $name:ident $done:tt $doc:tt $field:ident $ty:tt $wire:literal
        $attr:tt $role:tt [$($spec:tt)*] [ts($t:literal) $(, $($more:tt)*)?] $rest:tt
    ) => {
        $crate::payload!(@flag $sdoc $cfg $sattr $strict $name $done $doc $field $ty $wire
            $attr $role [$($spec)* .ts($t)] [$($($more)*)?] $rest);
    };
    (@flag $sdoc:tt $cfg:tt $sattr:tt $strict:tt $name:ident $done:tt $doc:tt $field:ident $ty:tt $wire:literal
        $attr:tt $role:tt [$($spec:tt)*] [rule($r:expr) $(, $($more:tt)*)?] $rest:tt
    ) => {
        $crate::payload!(@flag $sdoc $cfg $sattr $strict $name $done $doc $field $ty $wire
            $attr $role [$($spec)* .rule($r)] [$($($more)*)?] $rest);
    };
    (@flag $sdoc:tt $cfg:tt $sattr:tt $strict:tt $name:ident [$($done:tt)*] $doc:tt $field:ident $ty:tt $wire:literal
        $attr:tt $role:tt $spec:tt [] [$($rest:tt)*]
    ) => {
        $crate::payload!(@field $sdoc $cfg $sattr $strict $name
            [$($done)* { $doc $field $ty $wire $attr $role $spec }] $($rest)*);
    };

    // Every field read: the struct and what comes with it.
    (@field [$(#[doc = $sdoc:literal])*] [$($cfg:meta)?] [$($sattr:tt)*] [$strict:literal [$($derive:ident),*]] $name:ident [$(
        { [$($doc:literal)*] $field:ident [$ty:ty] $wire:literal [$($attr:tt)*] [$($role:ident)?] [$($spec:tt)*] }
    )*]) => {
        $(#[doc = $sdoc])*
        $(#[cfg($cfg)])?
        #[derive(Debug, Clone, PartialEq $(, $derive)*)]
        #[cfg_attr(feature = "json", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "json", serde($($sattr)*))]
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
            pub fn facts<'a>(&'a self, facts: &mut $crate::events::schema::EventFacts<'a>) {
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
                $crate::events::schema::Kind::Object(stringify!($name), $strict, vec![$(
                    $crate::events::schema::FieldSpec::new(
                        $wire,
                        stringify!($field),
                        &[$($doc),*],
                        <$ty as $crate::events::schema::Field>::kind(),
                    ) $($spec)*,
                )*])
            }
        }
    };
}
