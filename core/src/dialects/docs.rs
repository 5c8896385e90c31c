//! docs/dialects.md shows the four mapping tables exactly as the code has them: each table sits
//! between `<!-- BEGIN table:NAME -->` and `<!-- END table:NAME -->` and this test compares it
//! with [`super::table::markdown`]. `AGENTDESK_BLESS=1 cargo test -p agentdesk-core dialects::docs`
//! rewrites the sections after a table changed.

use super::table::{markdown, rust_table};
use super::{actioncable, globemeet, kazoo, phoenix};

fn sections() -> Vec<(&'static str, String)> {
    vec![
        (
            "voki",
            markdown(
                phoenix::mapping::TABLE,
                phoenix::mapping::SKIPPED,
                phoenix::mapping::UNMAPPED,
            ),
        ),
        (
            "voxsig",
            markdown(
                actioncable::mapping::TABLE,
                actioncable::mapping::SKIPPED,
                actioncable::mapping::UNMAPPED,
            ),
        ),
        (
            "qubicle",
            markdown(
                kazoo::mapping::TABLE,
                kazoo::mapping::SKIPPED,
                kazoo::mapping::UNMAPPED,
            ),
        ),
        (
            "globemeet",
            markdown(
                globemeet::mapping::TABLE,
                globemeet::mapping::SKIPPED,
                globemeet::mapping::UNMAPPED,
            ),
        ),
    ]
}

fn splice(doc: &str, name: &str, body: &str) -> Option<String> {
    let begin = format!("<!-- BEGIN table:{name} -->\n");
    let end = format!("<!-- END table:{name} -->");
    let start = doc.find(&begin)? + begin.len();
    let stop = start + doc[start..].find(&end)?;
    Some(format!("{}{}{}", &doc[..start], body, &doc[stop..]))
}

#[test]
fn docs_dialects_md_shows_the_tables_the_code_has() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/dialects.md");
    let doc = std::fs::read_to_string(path).unwrap_or_default();
    let mut expected = doc.clone();
    for (name, body) in sections() {
        expected = splice(&expected, name, &body)
            .unwrap_or_else(|| panic!("docs/dialects.md lacks the markers of table:{name}"));
    }
    if expected != doc && std::env::var_os("AGENTDESK_BLESS").is_some() {
        std::fs::write(path, &expected).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    assert!(expected == doc, "docs/dialects.md is out of date with the mapping tables; run AGENTDESK_BLESS=1 cargo test -p agentdesk-core dialects::docs");
}

/// The SDK's way-back tables (`session::dialect::meaning`), generated from the same rows.
fn meanings_source() -> String {
    let mut rs = String::from(
        "//! Generated from the dialects' mapping tables (`dialects::<dialect>::mapping::TABLE`) by the\n\
         //! test `dialects::docs`; do not edit: change the table, then run\n\
         //! `AGENTDESK_BLESS=1 cargo test -p agentdesk-core dialects::docs`.\n\n\
         #[allow(unused_imports)]\n\
         use super::{CatalogSide, Meaning, Stage};\n\
         #[allow(unused_imports)]\n\
         use crate::agent::AgentState;\n\
         use crate::events::EventType;\n\n",
    );
    rs.push_str(&rust_table("PHOENIX", phoenix::mapping::TABLE));
    rs.push('\n');
    rs.push_str(&rust_table("ACTIONCABLE", actioncable::mapping::TABLE));
    rs.push('\n');
    rs.push_str(&rust_table("KAZOO", kazoo::mapping::TABLE));
    rs.push('\n');
    rs.push_str(&rust_table("GLOBEMEET", globemeet::mapping::TABLE));
    rs
}

#[test]
fn the_sdks_way_back_is_generated_from_the_tables() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/session/dialect/meaning/meanings.rs"
    );
    let have = std::fs::read_to_string(path).unwrap_or_default();
    let want = meanings_source();
    if have != want && std::env::var_os("AGENTDESK_BLESS").is_some() {
        std::fs::write(path, &want).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    assert!(have == want, "{path} is out of date with the mapping tables; run AGENTDESK_BLESS=1 cargo test -p agentdesk-core dialects::docs");
}
