//! Dialect codecs: one target per wire dialect, all through [`fuzz`]. Today protocol v1; the
//! dialects of research/gateway-protocols.md add one line each (see the crate's docs).

use agentdesk_core::protocol::v1::V1;
use agentdesk_core::protocol::{Dialect, Incoming};

/// Decodes `data` as one frame of `dialect`: never a panic, an event's payload (what listeners
/// get verbatim) always JSON, the id of a refused event readable without a panic.
pub fn fuzz<D: Dialect>(dialect: &D, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match dialect.decode(text) {
        Ok(Incoming::Event { event, raw, .. }) => {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(raw.get()) {
                panic!("decoded event payload is not JSON ({e}): {}", raw.get());
            }
            let _ = event.event_type();
        }
        Ok(_) => {}
        Err(error) => {
            let _ = (error.code(), error.to_string());
            if error.is_about_an_event() {
                let _ = dialect.event_id_of(text);
            }
        }
    }
}

/// `dialect_v1`.
pub fn v1(data: &[u8]) {
    fuzz(&V1, data);
}
