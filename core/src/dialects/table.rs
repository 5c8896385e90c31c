//! The shape of a dialect's mapping table, shared by the four dialects: one [`Row`] per frame a
//! happening becomes, read forwards by the gateway's faces ([`render`]) and backwards by the SDK
//! ([`find`]: a received frame's address and event name → its row, the happening kind and the
//! catalog event that means the same). docs/dialects.md shows the tables as [`markdown`] writes
//! them, checked by a test so the page cannot drift from the code.

use serde_json::Value;

use super::happening::{Kind, Stamped};

use crate::session::dialect::meaning::Meaning;
pub use crate::session::dialect::meaning::{fits, CatalogSide, Stage};

/// A frame's address and payload, as a row built it.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    /// The concrete address: topic, routing key or stream (the row's template filled in).
    pub address: String,
    /// The payload, in the dialect's own field names.
    pub payload: Value,
}

/// One row of a dialect's table: a happening kind becomes a frame (a kind may have several rows,
/// and a row's builder may decline a happening it does not cover, e.g. a consult leg).
pub struct Row<C: 'static> {
    /// The happening it renders.
    pub kind: Kind,
    /// Where the frame goes, with `{placeholders}`: a topic, routing key or stream.
    pub address: &'static str,
    /// The dialect's event name.
    pub event: &'static str,
    /// For rows sharing an address and event name: the payload field (a key, or a JSON pointer
    /// starting with `/`) and value that tell this row apart (Voki's `participant_joined` of an
    /// agent has `role: "attendant"`, of a supervisor `role: "supervisor"`). When several match,
    /// the first in table order wins.
    pub discriminator: Option<(&'static str, &'static str)>,
    /// What the SDK emits from the catalog for it.
    pub catalog: CatalogSide,
    /// Where each field of that catalog event comes from in the frame ([`Meaning::picks`]).
    pub picks: &'static [(&'static str, &'static str)],
    /// When the row applies and what it carries, for docs/dialects.md.
    pub note: &'static str,
    /// Builds the frames: none when the row does not cover this happening, several when it goes
    /// to several addresses (an agent's presence in each of their queues).
    pub build: fn(&Stamped, &mut C) -> Vec<Built>,
}

impl<C> std::fmt::Debug for Row<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Row")
            .field("kind", &self.kind)
            .field("address", &self.address)
            .field("event", &self.event)
            .finish()
    }
}

/// A frame a table produced: its row and what the row built.
#[derive(Debug)]
pub struct Rendered<C: 'static> {
    /// The row.
    pub row: &'static Row<C>,
    /// Address and payload.
    pub built: Built,
}

/// Every frame `happening` becomes under `table`, in table order.
pub fn render<C>(table: &'static [Row<C>], happening: &Stamped, ctx: &mut C) -> Vec<Rendered<C>> {
    let kind = happening.happening.kind();
    table
        .iter()
        .filter(|row| row.kind == kind)
        .flat_map(|row| {
            (row.build)(happening, ctx)
                .into_iter()
                .map(move |built| Rendered { row, built })
        })
        .collect()
}

/// The row a received frame belongs to: its address fits the row's template, its event name is
/// the row's, and its payload has the row's discriminator if the row has one (a row without
/// one is the fallback). The SDK's way back from a dialect's frame to a happening kind and the
/// catalog.
pub fn find<C>(
    table: &'static [Row<C>],
    address: &str,
    event: &str,
    payload: &Value,
) -> Option<&'static Row<C>> {
    let mut fallback = None;
    for row in table
        .iter()
        .filter(|row| row.event == event && fits(row.address, address))
    {
        match row.discriminator {
            Some((field, value)) if discriminated(payload, field) == Some(value) => {
                return Some(row)
            }
            Some(_) => {}
            None => fallback = fallback.or(Some(row)),
        }
    }
    fallback
}

/// A discriminator's field: a top-level key, or a JSON pointer when it starts with `/`.
fn discriminated<'a>(payload: &'a Value, field: &str) -> Option<&'a str> {
    let value = if field.starts_with('/') {
        payload.pointer(field)
    } else {
        payload.get(field)
    };
    value.and_then(Value::as_str)
}

/// A table cell's text: a `|` would end the cell, even inside backticks (GitHub markdown).
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The markdown of a dialect's table for docs/dialects.md: the rows, then the happenings the
/// dialect has no frame for (`skipped`), then the dialect's events the core never produces
/// (`unmapped`), each with its reason.
pub fn markdown<C>(
    table: &'static [Row<C>],
    skipped: &[(Kind, &str)],
    unmapped: &[(&str, &str)],
) -> String {
    let mut md = String::from("| core event | happening | address | event | SDK also emits | note |\n|---|---|---|---|---|---|\n");
    for row in table {
        md.push_str(&format!(
            "| {} | {} | `{}` | `{}`{} | {} | {} |\n",
            cell(row.kind.source()),
            row.kind.name(),
            row.address,
            row.event,
            row.discriminator
                .map(|(f, v)| format!(" ({f}: {v})"))
                .unwrap_or_default(),
            row.catalog.describe(),
            cell(row.note)
        ));
    }
    md.push_str("\nNo frame in this dialect:\n\n| happening | why |\n|---|---|\n");
    for (kind, why) in skipped {
        md.push_str(&format!("| {} | {} |\n", kind.name(), cell(why)));
    }
    if !unmapped.is_empty() {
        md.push_str(
            "\nEvents of this dialect the core does not produce:\n\n| event | why |\n|---|---|\n",
        );
        for (event, why) in unmapped {
            md.push_str(&format!("| `{event}` | {} |\n", cell(why)));
        }
    }
    md
}

/// Checks a dialect's table for the mistakes a test should catch: every happening kind is
/// either rendered or skipped with a reason (not both), and rows of different kinds that share
/// an address template and event name have discriminators that tell them apart.
pub fn check<C>(table: &'static [Row<C>], skipped: &[(Kind, &str)]) -> Result<(), String> {
    for kind in Kind::ALL {
        let rows = table.iter().any(|r| r.kind == *kind);
        let skip = skipped.iter().any(|(k, _)| k == kind);
        if rows == skip {
            return Err(format!(
                "{}: {}",
                kind.name(),
                if rows {
                    "both rendered and skipped"
                } else {
                    "neither rendered nor skipped"
                }
            ));
        }
    }
    for (i, a) in table.iter().enumerate() {
        for b in table[i + 1..]
            .iter()
            .filter(|b| b.address == a.address && b.event == a.event && b.kind != a.kind)
        {
            let apart = match (a.discriminator, b.discriminator) {
                (Some(x), Some(y)) => x != y,
                (Some(_), None) | (None, Some(_)) => true,
                (None, None) => false,
            };
            if !apart {
                return Err(format!(
                    "`{}` `{}` is both {} and {}",
                    a.address,
                    a.event,
                    a.kind.name(),
                    b.kind.name()
                ));
            }
        }
    }
    Ok(())
}

/// The row-by-row test every dialect runs: the table passes [`check`]; every row renders from
/// at least one sample of its kind; every frame's address fits the row's template; and reading
/// a frame back ([`find`]) gives the row that made it. Returns each row with its frames for the
/// dialect's own payload assertions, in table order.
#[cfg(test)]
pub(crate) fn exercise<C>(
    table: &'static [Row<C>],
    skipped: &[(Kind, &str)],
    ctx: &mut C,
) -> Vec<(&'static Row<C>, Vec<Built>)> {
    if let Err(e) = check(table, skipped) {
        panic!("{e}");
    }
    let mut out = Vec::new();
    for row in table {
        let mut built = Vec::new();
        for sample in super::samples::of(row.kind) {
            for b in (row.build)(&sample, ctx) {
                assert!(
                    fits(row.address, &b.address),
                    "{} `{}`: address {} does not fit {}",
                    row.kind.name(),
                    row.event,
                    b.address,
                    row.address
                );
                let back = find(table, &b.address, row.event, &b.payload);
                assert!(
                    back.is_some_and(|r| std::ptr::eq(r, row)),
                    "{} `{}` {}: read back as {:?}",
                    row.kind.name(),
                    row.event,
                    b.payload,
                    back
                );
                built.push(b);
            }
        }
        assert!(
            !built.is_empty(),
            "{} `{}` renders from no sample",
            row.kind.name(),
            row.event
        );
        out.push((row, built));
    }
    out
}

/// The frames of the row named by `event` and `discriminator` in [`exercise`]'s result.
#[cfg(test)]
pub(crate) fn frames_of<C>(
    rows: Vec<(&'static Row<C>, Vec<Built>)>,
    event: &str,
    discriminator: Option<(&str, &str)>,
) -> Vec<Built> {
    rows.into_iter()
        .find(|(row, _)| row.event == event && row.discriminator == discriminator)
        .map(|(_, built)| built)
        .unwrap_or_else(|| panic!("no row `{event}` {discriminator:?}"))
}

impl<C> Row<C> {
    /// The row read backwards, as the SDK has it (`session::dialect::meaning`).
    pub fn meaning(&self) -> Meaning {
        Meaning {
            address: self.address,
            event: self.event,
            discriminator: self.discriminator,
            catalog: self.catalog,
            picks: self.picks,
        }
    }
}

/// The Rust source of a way-back table: the rows of `table` with a catalog meaning, as
/// `core/src/session/dialect/meaning/meanings.rs` declares them for the SDK (which has no JSON
/// library and so cannot hold the tables themselves). `dialects::docs` checks that file.
pub fn rust_table<C>(name: &str, table: &'static [Row<C>]) -> String {
    let mut rs = format!(
        "/// {name}'s rows with a catalog meaning.\npub(super) static {name}: &[Meaning] = &[\n"
    );
    for row in table.iter().filter(|r| r.catalog != CatalogSide::None) {
        let catalog = match row.catalog {
            CatalogSide::None => "CatalogSide::None".to_owned(),
            CatalogSide::Event(e) => format!("CatalogSide::Event(EventType::{e:?})"),
            CatalogSide::Status(s) => format!("CatalogSide::Status(AgentState::{s:?})"),
            CatalogSide::Monitor(s) => format!("CatalogSide::Monitor(Stage::{s:?})"),
        };
        rs.push_str(&format!(
            "    Meaning {{ address: {:?}, event: {:?}, discriminator: {:?}, catalog: {catalog}, picks: &{:?} }},\n",
            row.address, row.event, row.discriminator, row.picks
        ));
    }
    rs.push_str("];\n");
    rs
}

/// The SDK's way back, checked against the forward table for every row with a catalog meaning:
/// each frame the row renders is found again as that row by the SDK's lookup (with the address
/// when the dialect's frames carry it), and each pick resolves in at least one of the row's
/// frames, so a renamed payload field fails here rather than in a console.
#[cfg(test)]
pub(crate) fn exercise_meanings<C>(
    kind: crate::session::dialect::Kind,
    rows: &[(&'static Row<C>, Vec<Built>)],
    addressed: bool,
) {
    use crate::session::dialect::meaning::{find, Payload, Scalar};
    struct Json<'a>(&'a Value);
    impl Payload for Json<'_> {
        fn scalar(&self, pointer: &str) -> Option<Scalar> {
            match self.0.pointer(pointer)? {
                Value::String(s) => Some(Scalar::Text(s.clone())),
                Value::Number(n) => n.as_f64().map(Scalar::Number),
                Value::Bool(b) => Some(Scalar::Bool(*b)),
                _ => None,
            }
        }
    }
    for (row, built) in rows.iter().filter(|(r, _)| r.catalog != CatalogSide::None) {
        let mut resolved = vec![false; row.picks.len()];
        for b in built {
            let address = addressed.then_some(b.address.as_str());
            let found = find(kind, address, row.event, &Json(&b.payload));
            assert_eq!(
                found.copied(),
                Some(row.meaning()),
                "`{}` {}: the SDK reads it back as another row",
                row.event,
                b.payload
            );
            let derived = row
                .meaning()
                .derive(address, &Json(&b.payload))
                .unwrap_or_else(|| panic!("`{}` {}: no catalog event", row.event, b.payload));
            for (i, (to, from)) in row.picks.iter().enumerate() {
                let to = to.trim_start_matches('#');
                let tail = to.rsplit('.').next().unwrap_or(to);
                // A field the payload has, even null in this frame (an agent not on a call has
                // no session), is a field the SDK reads; a missing one is a renamed field.
                let present = from.starts_with('/') && b.payload.pointer(from).is_some();
                if present || derived.fields.iter().any(|(path, _)| path.ends_with(tail)) {
                    resolved[i] = true;
                }
            }
        }
        for (i, ok) in resolved.iter().enumerate() {
            assert!(
                ok,
                "`{}`: pick {:?} resolves in none of its frames",
                row.event, row.picks[i]
            );
        }
    }
}
