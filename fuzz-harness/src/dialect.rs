//! Dialect codecs: one target per wire dialect. Protocol v1 goes through the engine's seam
//! ([`fuzz`]); the faces of research/gateway-protocols.md (core/src/dialects: Phoenix Channels,
//! ActionCable, Kazoo, GlobeMeet) through their frame codecs, each with [`round_trip`]: what
//! decodes, encodes to text that decodes again to the same encoding.

use agentdesk_core::dialects::{actioncable, globemeet, kazoo, phoenix};
use agentdesk_core::protocol::v1::V1;
use agentdesk_core::protocol::{Dialect, Incoming};

/// Decodes `data` as one frame of `dialect`: never a panic, an event's payload (what listeners
/// get verbatim) always JSON, the id of a refused event readable without a panic.
pub fn fuzz<D: Dialect>(dialect: &D, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
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

/// Decodes `text` with `decode`; for what decodes, the codec must read its own encoding back,
/// and, unless it holds a fractional or exponent number, re-encode it to the same text.
///
/// Numbers are the exception because serde_json's default float parser is not correctly
/// rounded (`5e+117` may come back as `5.0000000000000004e+117`, found by `dialect_phoenix`);
/// its `float_roundtrip` feature would cost the wasm build size for a last-bit difference in
/// numbers the SDK only passes through.
pub fn round_trip<T, E: std::fmt::Debug>(
    text: &str,
    decode: impl Fn(&str) -> Result<T, E>,
    encode: impl Fn(&T) -> String,
) {
    let Ok(message) = decode(text) else { return };
    let first = encode(&message);
    match decode(&first) {
        Ok(again) if !has_float(&first) => {
            assert_eq!(
                encode(&again),
                first,
                "re-encoding changed the frame decoded from {text:?}"
            );
        }
        Ok(_) => {}
        Err(e) => panic!("the codec cannot read its own frame {first:?} (from {text:?}): {e:?}"),
    }
}

/// True when `json` has a number with a fraction or an exponent (a digit next to `.`, `e`, `E`).
fn has_float(json: &str) -> bool {
    let bytes = json.as_bytes();
    bytes
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'.' | b'e' | b'E'))
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// `dialect_phoenix`: Phoenix Channels' `[join_ref, ref, topic, event, payload]` messages.
pub fn phoenix(data: &[u8]) {
    let Some(text) = text(data) else { return };
    round_trip(text, phoenix::Message::decode, phoenix::Message::encode);
    if let Some(topic) = phoenix::Topic::parse(text) {
        let _ = phoenix::client_push(&topic, "mute", &serde_json::Map::new());
    }
}

/// `dialect_actioncable`: ActionCable's client and server frames and channel identifiers.
pub fn actioncable(data: &[u8]) {
    let Some(text) = text(data) else { return };
    round_trip(
        text,
        actioncable::ClientFrame::decode,
        actioncable::ClientFrame::encode,
    );
    round_trip(
        text,
        actioncable::ServerFrame::decode,
        actioncable::ServerFrame::encode,
    );
    let _ = actioncable::Identifier::parse(text);
}

/// `dialect_kazoo`: the Kazoo binding protocol's requests, server frames and bindings.
pub fn kazoo(data: &[u8]) {
    let Some(text) = text(data) else { return };
    round_trip(text, kazoo::Request::decode, kazoo::Request::encode);
    round_trip(text, kazoo::ServerFrame::decode, kazoo::ServerFrame::encode);
    if let Ok(request) = kazoo::Request::decode(text) {
        let _ = request.target();
    }
    let _ = kazoo::Binding::expand(text, "A");
}

/// `dialect_globemeet`: the JWT topic gateway's frames, event ids and topic patterns.
pub fn globemeet(data: &[u8]) {
    let Some(text) = text(data) else { return };
    round_trip(
        text,
        globemeet::ClientFrame::decode,
        globemeet::ClientFrame::encode,
    );
    round_trip(
        text,
        globemeet::ServerFrame::decode,
        globemeet::ServerFrame::encode,
    );
    let _ = globemeet::EventId::parse(text);
    if let Ok(pattern) = globemeet::Pattern::parse(text) {
        let _ = pattern.matches(text);
    }
}
