// The agent's own status: state, how long, why (stateAction, busy reason), wrap-up time left,
// and the ready / busy / log-out controls.
import { $, setText, show, enable, formatDuration, onTick, runCommand } from "./dom.js";
import { model, allowed } from "./call-state.js";

const ACTION_TEXT = {
  login: "logged in", loginPause: "logged in busy", loginWrapup: "logged in in wrap-up",
  pause: "paused", unpause: "ready", ringing: "a call is ringing", answer: "answered",
  reject: "rejected a call", noAnswer: "missed a call", hangup: "you hung up",
  customerHangup: "the customer hung up", transferred: "call transferred", forcedHangup: "a supervisor ended the call",
  transferIn: "took over a transferred call", wrapupEnd: "wrap-up over", supervisorPause: "paused by a supervisor",
  supervisorUnpause: "set ready by a supervisor", forcedOffline: "set offline by a supervisor",
  previewObCall: "dialing out", bridge: "customer answered", previewObCallFailed: "outbound call failed",
  consultDialing: "consult dialing", consultLinked: "consulting", consultThreeway: "three-way",
  consultEnded: "consult ended", monitoring: "monitoring an agent", monitorEnd: "monitoring ended", hold: "customer on hold",
  unhold: "customer back from hold", mute: "microphone muted", unmute: "microphone on",
  connectionLost: "connection lost", kicked: "signed in elsewhere", keyRevoked: "key revoked", logout: "logged out",
  keyInvalid: "key not accepted", keyExpired: "key expired", tenantMismatch: "key of another agent",
};

const ENDPOINT_NAMES = { 1: "phone", 2: "extension", 3: "softphone" };

export function mountStatus(ctx) {
  const { sdk, bus, session } = ctx;
  const feedback = $("status-feedback");
  const reason = $("pause-reason");

  function render() {
    const s = model.status;
    const state = session.loggedIn && s ? s.state : "offline";
    const badge = $("state");
    setText(badge, state);
    badge.dataset.state = state;
    setText($("state-action"), s ? ACTION_TEXT[s.stateAction] ?? s.stateAction : "");
    setText($("state-action-raw"), session.loggedIn && s ? s.stateAction : "");
    setText($("state-reason"), state === "busy" && s.pauseDescription ? `· ${s.pauseDescription}` : "");
    enable($("btn-ready"), allowed("unpause"));
    enable($("btn-busy"), allowed("pause"));
    enable(reason, session.loggedIn);
    enable($("btn-logout"), allowed("logout"));

    show($("identity"), session.loggedIn);
    setText($("identity-who"), `${session.tenantId} · ${session.agentNo}`);
    setText($("identity-role"), session.role);
    $("identity-role").dataset.role = session.role;
    setText($("identity-endpoint"), `${ENDPOINT_NAMES[session.endpointType] ?? "endpoint"} ${session.endpoint}${registration ? ` · ${registration}` : ""}`);
    tick(Date.now());
  }

  function tick(now) {
    const s = model.status;
    setText($("state-duration"), session.loggedIn && s ? formatDuration(now - model.statusSince) : "");
    const wrapup = session.loggedIn && s?.state === "wrapup" && s.wrapupTime > 0;
    show($("wrapup-left"), wrapup);
    if (wrapup) {
      const left = s.wrapupTime * 1000 - (now - model.statusSince);
      setText($("wrapup-left"), left > 0 ? `After-call work: ${formatDuration(left + 999)} left` : "After-call work: ending…");
    }
  }

  $("btn-ready").addEventListener("click", () => runCommand("Ready", () => sdk.unpause(), feedback));
  $("btn-busy").addEventListener("click", () => {
    const option = reason.selectedOptions[0];
    runCommand(`Busy (${option.value})`, () => sdk.pause({ pauseType: Number(option.dataset.type), pauseDescription: option.value }), feedback);
  });
  $("btn-logout").addEventListener("click", () => runCommand("Log out", () => sdk.logout({ logoutMode: 1 }), feedback));

  // A desk extension's registration, next to the endpoint in the header.
  let registration = "";
  sdk.on("extenState", (e) => {
    registration = e.registerState || e.state || "";
    render();
  });
  bus.addEventListener("session", () => { if (!session.loggedIn) registration = ""; });

  bus.addEventListener("call", render);
  bus.addEventListener("session", () => {
    setText(feedback, "");
    render();
  });
  onTick(tick);
  render();
}
