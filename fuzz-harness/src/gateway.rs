//! `gateway_client_frame`: what the gateway does with a client's text frames
//! (`agentdesk_gateway::fuzzing`): the frame decoder, `auth` with its key and claims, a
//! command's params, and the error reply for each refusal. `gateway_websocket`: the bytes under
//! those frames, read by the edge's own RFC 6455 reader.
//!
//! The first byte chooses: claims signed with the gateway's secret (the claims parser, which a
//! forged key never reaches), or frames split at NUL bytes.

use agentdesk_gateway::fuzzing;

/// The target.
pub fn client_frames(data: &[u8]) {
    match data.split_first() {
        Some((0, claims)) => fuzzing::signed_claims(claims, "t1", "0001"),
        _ => {
            for chunk in data.split(|b| *b == 0).take(16) {
                fuzzing::client_frame(&String::from_utf8_lossy(chunk));
            }
        }
    }
}

/// The target `gateway_websocket`.
pub fn websocket(data: &[u8]) {
    fuzzing::websocket_bytes(data);
}
