//! `engine_frame`: arbitrary text frames into a logged-in engine (`Engine::handle_frame`).
//!
//! The input is split at NUL bytes into up to 64 frames, fed one after another with 250 ms of
//! virtual time between them, so a frame can meet the state an earlier one made (a reply to
//! the `pause` on the wire, an event after a gap, a pong).

use crate::shell::Shell;

/// Frames one input may hold.
const MAX_FRAMES: usize = 64;

/// The target.
pub fn frames(data: &[u8]) {
    let mut shell = Shell::logged_in(7);
    for chunk in data.split(|b| *b == 0).take(MAX_FRAMES) {
        let text = String::from_utf8_lossy(chunk);
        shell.frame(&text);
        shell.advance(250);
    }
    shell.finish();
}
