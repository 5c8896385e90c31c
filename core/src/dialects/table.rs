//! The shape of a dialect's mapping table, shared by the four dialects: one [`Row`] per frame a
//! happening becomes, read forwards by the gateway's faces ([`render`]) and backwards by the SDK
//! ([`find`]: a received frame's address and event name → its row, the happening kind and the
//! catalog event that means the same). docs/dialects.md shows the tables as [`markdown`] writes
//! them, checked by a test so the page cannot drift from the code.

use serde_json::Value;

use crate::agent::AgentState;
use crate::events::EventType;

use super::happening::{Kind, Stamped};

/// What the SDK can emit from the catalog (seed 003) on receiving a row's frame (issue 14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogSide {
    /// No catalog event carries this meaning: the frame reaches listeners under its own name only.
    None,
    /// This catalog event.
    Event(EventType),
    /// `agentStatus` with this state.
    Status(AgentState),
}

impl CatalogSide {
    fn describe(self) -> String {
        match self {
            Self::None => "—".to_owned(),
            Self::Event(e) => format!("`{e}`"),
            Self::Status(s) => format!("`agentStatus` {s}"),
        }
    }
}

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

/// True when `address` fits `template`: literal parts equal, each `{placeholder}` one or more
/// characters up to the next literal part (the last takes the rest).
pub fn fits(template: &str, address: &str) -> bool {
    let mut rest = address;
    let mut parts = template.split('{');
    let Some(first) = parts.next() else {
        return false;
    };
    let Some(after) = rest.strip_prefix(first) else {
        return false;
    };
    rest = after;
    for part in parts {
        let Some((_, literal)) = part.split_once('}') else {
            return false;
        };
        let taken = if literal.is_empty() {
            rest.len()
        } else {
            match rest.find(literal) {
                Some(i) => i,
                None => return false,
            }
        };
        if taken == 0 {
            return false;
        }
        rest = &rest[taken + literal.len()..];
    }
    rest.is_empty()
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
        assert!(fits(
            "agent.{agent}.status-changed",
            "agent.1001.status-changed"
        ));
        assert!(fits("plain", "plain") && !fits("plain", "plainer"));
    }
}
