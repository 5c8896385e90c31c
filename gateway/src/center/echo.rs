//! `echoTest {sdp, durationMs?}`: the SDK's preflight asks for an echo leg (docs/protocol.md
//! §10 "Preflight echo"). Any live session may ask — the key was checked at `auth`, no `login`
//! is needed, since the preflight runs before the agent goes live — and the media side bounds
//! it (one per agent, at most 30 s: media/echo.rs). The leg opens off the core's step, like a
//! `sipLink`'s; its outcome comes back through [`Core::handle_echo_opened`].

use std::time::Duration;

use serde_json::{json, Map, Value};
use tokio::time::Instant;

use crate::commands::{error_reply, RequestError};
use crate::sim::media_legs::{MediaLegError, PendingSipLink};
use crate::sim::Ctx;

use super::Core;

/// The command's action name.
pub(crate) const ECHO_TEST: &str = "echoTest";

/// Length of an echo test when the params name none: 10 s.
const DEFAULT_MS: u64 = 10_000;
/// Shortest echo test: 1 s, one stats interval of the SDK (PRODUCT.md §2 polls once a second).
const MIN_MS: u64 = 1_000;

impl Core {
    /// Checks the params and orders the echo leg.
    pub(super) fn open_echo(&mut self, now: Instant, ctx: Ctx, params: Map<String, Value>) {
        let offer = params.get("sdp").and_then(Value::as_str).map(str::to_owned);
        let duration = match params.get("durationMs") {
            None | Some(Value::Null) => Some(DEFAULT_MS),
            Some(v) => v.as_u64(),
        };
        let max = u64::try_from(crate::media::MAX_ECHO.as_millis()).unwrap_or(u64::MAX);
        let (Some(offer), Some(ms)) = (offer, duration) else {
            let refused = error_reply(
                ctx.id,
                "BAD_REQUEST",
                "`echoTest` params: `sdp` must be a string and `durationMs`, if given, a whole number of ms".to_owned(),
            );
            return self.step(now, |s| s.reply(&ctx, refused));
        };
        let ms = ms.clamp(MIN_MS, max);
        let pending = PendingSipLink { ctx, params, offer };
        self.state.media.echo(pending, Duration::from_millis(ms));
    }

    /// The echo leg opened (its answer SDP) or not: the reply goes out now, `{sdp, durationMs}`
    /// or `MEDIA_FAILED`.
    pub(crate) fn handle_echo_opened(
        &mut self,
        now: Instant,
        pending: PendingSipLink,
        duration: Duration,
        outcome: Result<Option<String>, MediaLegError>,
    ) {
        let ctx = pending.ctx;
        let live = self.state.sessions.is(&ctx.key, &ctx.session);
        self.step(now, |s| match outcome {
            _ if !live => {
                let refused = RequestError::NotAuthenticated("the session has ended");
                s.reply(&ctx, refused.reply(ctx.id));
            }
            Ok(Some(sdp)) => {
                let ms = u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
                s.ok(&ctx, json!({ "sdp": sdp, "durationMs": ms }));
            }
            Ok(None) => s.reply(
                &ctx,
                error_reply(
                    ctx.id,
                    "MEDIA_FAILED",
                    "this gateway has no media".to_owned(),
                ),
            ),
            Err(e) => s.reply(&ctx, error_reply(ctx.id, "MEDIA_FAILED", e.0)),
        });
    }
}
