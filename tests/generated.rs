//! The files generated from agentdesk-core's declarations are current: js/catalog.js (the JS
//! layer's tables and payload checks), js/shapes.js (the payload shape table, not shipped), js/catalog.d.ts (the package's catalog typings), src/api/generated.rs (the
//! Rust side of those tables) and tests/fixtures/verdicts.json (what the native decoders say of
//! mutated payloads and arguments, which tests/js/checks.test.mjs holds the JS checks to). They are committed, so a declaration changed without
//! regenerating fails here; `bash scripts/generate.sh` (AGENTDESK_REGENERATE=1) rewrites them.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod generate;

use std::path::Path;

fn check(relative: &str, rendered: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("AGENTDESK_REGENERATE").is_some() {
        std::fs::write(&path, rendered).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != rendered {
        let line = committed
            .lines()
            .zip(rendered.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        panic!(
            "{relative} is stale (first difference at line {line}): a declaration in agentdesk-core changed.\n\
             Regenerate with `bash scripts/generate.sh` and commit the result."
        );
    }
}

#[test]
fn js_catalog_is_current() {
    check("js/catalog.js", &generate::js::render());
}

#[test]
fn payload_shapes_are_current() {
    check("js/shapes.js", &generate::js::render_shapes());
}

#[test]
fn catalog_typings_are_current() {
    check("js/catalog.d.ts", &generate::ts::render());
}

#[test]
fn rust_glue_is_current() {
    check("src/api/generated.rs", &generate::rust::render());
}

#[test]
fn native_verdicts_are_current() {
    check("tests/fixtures/verdicts.json", &generate::probes::render());
}
