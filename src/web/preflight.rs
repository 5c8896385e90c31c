//! A preflight in the browser (issue 15 item 6): the engine's [`Preflight`] with its own socket,
//! its own echo leg (the softphone's [`Legs`], reused whole) and one timer. It shares nothing
//! with the client's session: a page runs it before `setup()` or `login()`.
//!
//! The run loop is the client's in miniature: every input is stamped with `now` and fed to the
//! engine, its outputs are carried out while the engine is borrowed, and what is for the page
//! (progress, the report) goes to the JS layer once the borrow is released.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;

use super::clock;
use super::legs::{LegOwner, LegReport, Legs};
use super::socket::{Socket, SocketEvent};
use agentdesk_core::preflight::{Preflight, PreflightOutput};
use agentdesk_core::time::Time;

#[wasm_bindgen(module = "/js/face.js")]
extern "C" {
    /// Hands the page a preflight's output: 0 progress, 1 the report (numbers and words, laid
    /// out by the engine's `PreflightOutput`), 2 cancelled.
    #[wasm_bindgen(js_name = preflightOut)]
    fn preflight_out(run: &JsValue, kind: u32, numbers: &[f64], words: &str);
}

/// What the page, the socket, the leg or the timer hands the engine.
pub(crate) enum Input {
    Start,
    Cancel,
    Timeout,
    Socket(SocketEvent),
    /// A pong echoing `ts`.
    Pong(u64),
    /// The reply to request `id`: when `code` is 0, `a` is the answer's SDP; else `a` is its
    /// errorCode and `b` its message.
    Reply {
        id: u64,
        code: i64,
        a: Option<String>,
        b: Option<String>,
    },
    Leg(LegReport),
}

/// The engine and the handles it drives; dropping it closes the socket, the leg and the timer.
struct State {
    engine: Preflight,
    socket: Option<Socket>,
    legs: Legs,
    timer: Option<Timeout>,
    last_now: Time,
}

/// One preflight run; the JS layer holds it (src/api/preflight.rs) until the report is out.
pub(crate) struct Run {
    this: Weak<Run>,
    /// The JS layer's run object: its `onMessage` reads the socket's frames, and it receives
    /// [`preflight_out`].
    js: JsValue,
    state: RefCell<State>,
}

impl Run {
    pub(crate) fn new(js: JsValue, engine: Preflight) -> Rc<Self> {
        Rc::new_cyclic(|this| Self {
            this: this.clone(),
            js,
            state: RefCell::new(State {
                engine,
                socket: None,
                legs: Legs::default(),
                timer: None,
                last_now: Time(0),
            }),
        })
    }

    /// Feeds one input stamped with `at` (a frame's timeStamp) or the clock, acts on the
    /// outputs, then hands the page its share. Inputs are an enum matched here, not a closure
    /// per kind: each closure would be its own copy of the wrapper in the wasm.
    pub(crate) fn input(&self, at: Option<f64>, input: Input) {
        let mut for_page = Vec::new();
        {
            let Ok(mut guard) = self.state.try_borrow_mut() else {
                return;
            };
            let s = &mut *guard;
            let now = at
                .map_or_else(clock::now, clock::from_stamp)
                .max(s.last_now);
            s.last_now = now;
            let e = &mut s.engine;
            match input {
                Input::Start => e.start(now),
                Input::Cancel => e.cancel(now),
                Input::Timeout => e.handle_timeout(now),
                Input::Socket(SocketEvent::Opened) => e.handle_open(now),
                Input::Socket(SocketEvent::Closed { code, reason }) => {
                    e.handle_closed(now, code, &reason);
                }
                Input::Pong(ts) => e.handle_pong(now, ts),
                Input::Reply { id, code, a, b } => {
                    let (sdp, error_code) = if code == 0 { (a, None) } else { (None, a) };
                    let message = b.as_deref().unwrap_or_default();
                    e.handle_reply(
                        now,
                        id,
                        code,
                        error_code.as_deref(),
                        message,
                        sdp.as_deref(),
                    );
                }
                Input::Leg(report) => match report {
                    LegReport::Ice(state) => e.handle_media_state(now, &state),
                    LegReport::Offer(Ok(sdp)) => e.handle_media_offer(now, &sdp),
                    LegReport::Offer(Err(why)) | LegReport::AnswerFailed(why) => {
                        e.handle_media_failed(now, &why);
                    }
                    LegReport::Stats(Some(snapshot)) => e.handle_stats(now, &snapshot),
                    LegReport::Stats(None) => e.handle_stats_unavailable(now),
                    // The echo leg keeps the microphone it opened; devices are the session's.
                    LegReport::Microphone(_)
                    | LegReport::InputSwitched(_)
                    | LegReport::OutputSet(..) => {}
                },
            }
            while let Some(output) = s.engine.poll_output() {
                match output {
                    PreflightOutput::Open { url, protocol } => {
                        let this = self.this.clone();
                        let opened = Socket::open(&url, protocol, &self.js, move |event| {
                            if let Some(run) = this.upgrade() {
                                run.input(None, Input::Socket(event));
                            }
                        });
                        match opened {
                            Ok(socket) => s.socket = Some(socket),
                            Err(e) => s.engine.handle_closed(now, 1006, &super::describe(&e)),
                        }
                    }
                    PreflightOutput::Send(text) => {
                        if let Some(socket) = &s.socket {
                            let _ = socket.send(&text);
                        }
                    }
                    PreflightOutput::CloseSocket => {
                        if let Some(socket) = s.socket.take() {
                            socket.close(1000, "preflight done");
                        }
                    }
                    PreflightOutput::Media(action) => {
                        if let Err(e) = s.legs.act(&self.this, action) {
                            s.engine.handle_media_failed(now, &e);
                        }
                    }
                    PreflightOutput::Progress(n, words) => for_page.push((0, n, words)),
                    PreflightOutput::Finished(n, words) => for_page.push((1, n, words)),
                    PreflightOutput::Cancelled => for_page.push((2, Vec::new(), String::new())),
                }
            }
            s.timer = s.engine.poll_timeout().map(|at| {
                let this = self.this.clone();
                // Rounded up by one: the timer never fires before the deadline in engine time.
                let delay = at.as_millis().saturating_sub(now.as_millis()).min(60_000) + 1;
                Timeout::new(delay as u32, move || {
                    if let Some(run) = this.upgrade() {
                        run.input(None, Input::Timeout);
                    }
                })
            });
        }
        for (kind, numbers, words) in for_page {
            preflight_out(&self.js, kind, &numbers, &words);
        }
    }
}

impl LegOwner for Run {
    fn with_legs(&self, f: &mut dyn FnMut(&mut Legs)) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            f(&mut s.legs);
        }
    }

    fn report(&self, id: u64, report: LegReport) {
        let current = self.state.try_borrow().is_ok_and(|s| s.legs.is_current(id));
        if !current {
            return;
        }
        self.input(None, Input::Leg(report));
    }
}
