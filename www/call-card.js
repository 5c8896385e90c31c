// The call card: who is calling, from which queue, for how long; answer / reject, hang up,
// hold, mute, the DTMF keypad and the preview outbound dialer.
import { $, el, setText, show, enable, formatDuration, onTick, runCommand } from "./dom.js";
import { model, allowed } from "./call-state.js";
import { notice } from "./reconnect-banner.js";

const CALL_TYPES = { 1: "Inbound", 2: "WebCall", 4: "Preview outbound", 5: "Predictive", 6: "Outbound", 9: "Internal", 11: "SIP trunk" };
const SUB_TYPES = { 101: "Consult", 102: "Consult three-way", 103: "Transferred call", 104: "Supervisor" };
const MONITOR_TEXT = {
  whisper: (s) => `Supervisor ${s} is whispering to you (the customer cannot hear)`,
  threeway: (s) => `Supervisor ${s} joined the call (three-way)`,
  barge: (s) => `Supervisor ${s} barged into the call`,
};
const END_TEXT = {
  hangup: "You hung up", customerHangup: "The customer hung up", transferred: "Transferred",
  forcedHangup: "Ended by a supervisor", reject: "Rejected", noAnswer: "Not answered",
  previewObCallFailed: "Not connected",
};

function callChip(call) {
  const s = model.status;
  if (s?.stateAction === "monitoring") return ["monitor", "monitoring"];
  if (!call || !s) return ["none", "no call"];
  switch (s.state) {
    case "ringing": return ["ringing", "ringing"];
    case "calling": return ["dialing", model.preview?.step === "ringing" ? "customer ringing" : "dialing"];
    case "talking":
      if (model.consult) return ["consult", model.consult.step === "threeway" ? "three-way" : "consulting"];
      return model.held ? ["held", "on hold"] : ["talking", model.muted ? "talking · muted" : "talking"];
    case "wrapup": return ["wrapup", "wrap-up"];
    default: return ["none", "no call"];
  }
}

export function mountCallCard(ctx) {
  const { sdk, bus, session } = ctx;
  const feedback = $("call-feedback");
  let dtmfSent = "";
  let dtmfCall = null;

  // Keypad.
  const pad = $("dtmf-pad");
  for (const digit of ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"]) {
    pad.append(el("button", {
      type: "button",
      class: "key",
      text: digit,
      dataset: { digit },
      onclick: async () => {
        const res = await runCommand(`DTMF ${digit}`, () => sdk.sendDtmf({ digits: digit }), feedback);
        if (res.code === 0) {
          dtmfSent = (dtmfSent + digit).slice(-16);
          setText($("dtmf-sent"), dtmfSent);
        }
      },
    }));
  }

  $("btn-answer").addEventListener("click", () => runCommand("Answer", () => sdk.sipLink(), feedback));
  $("btn-reject").addEventListener("click", () => runCommand("Reject", () => sdk.hangup(), feedback));
  $("btn-hangup").addEventListener("click", () => runCommand("Hang up", () => sdk.hangup(), feedback));
  $("btn-hold").addEventListener("click", () =>
    model.held ? runCommand("Unhold", () => sdk.unhold(), feedback) : runCommand("Hold", () => sdk.hold(), feedback));
  $("btn-mute").addEventListener("click", () =>
    model.muted ? runCommand("Unmute", () => sdk.unmute({ direction: "both" }), feedback)
      : runCommand("Mute", () => sdk.mute({ direction: "both" }), feedback));
  $("btn-preview").addEventListener("click", () => {
    const customerNumber = $("preview-number").value.trim();
    runCommand(`Dial ${customerNumber}`, () => sdk.previewObCall({ customerNumber }), feedback);
  });

  sdk.on("sipDisconnected", (e) => notice(`Softphone disconnected: ${e.reason}`, "error", 8000));
  sdk.on("orderCallBack", (e) => {
    const who = typeof e.customerNumber === "string" ? e.customerNumber : "a customer";
    const note = typeof e.note === "string" && e.note ? ` — ${e.note}` : "";
    notice(`Callback due: ${who}${note}`, "info", 15000);
    if (who !== "a customer") $("preview-number").value = who;
  });

  function render() {
    const call = model.call;
    const s = model.status;
    const unlocked = ctx.unlocked();
    const [kind, label] = callChip(call);
    const chip = $("call-chip");
    chip.dataset.kind = kind;
    setText(chip, label);

    show($("call-empty"), !call);
    show($("call-info"), Boolean(call));
    if (!call) {
      const last = model.lastCall;
      setText($("call-empty"), s?.stateAction === "monitoring" ? "Listening in on an agent's call (see Queues)."
        : last?.customerNumber
        ? `No call. Last: ${last.customerNumber}${last.endReason ? ` — ${END_TEXT[last.endReason] ?? last.endReason}` : ""}.`
        : "No call. Calls from your queues ring here.");
    } else {
      if (call.mainUniqueId !== dtmfCall) {
        dtmfCall = call.mainUniqueId;
        dtmfSent = "";
        setText($("dtmf-sent"), "");
      }
      // A consult leg's ringing names the consulting party, not the customer; when that party
      // completes the transfer, a ringing of subCallType 103 names the customer (docs/flows.md §5).
      const consultLeg = call.subCallType === 101 || call.subCallType === 102;
      setText($("call-number"), consultLeg && call.transferredIn ? "Customer"
        : call.customerNumber || model.preview?.customerNumber || "unknown number");
      const type = SUB_TYPES[call.subCallType] ?? CALL_TYPES[call.callType] ?? (call.callType ? `type ${call.callType}` : "call");
      setText($("call-type"), call.transferredIn
        ? `Transferred to you${consultLeg && call.customerNumber ? ` by ${call.customerNumber}` : ""}` : type);
      setText($("call-queue"), call.queueNo ?? "");
      show($("call-queue-wrap"), Boolean(call.queueNo));
      setText($("call-location"), [call.city, call.province].filter(Boolean).join(", "));
      setText($("call-id"), call.mainUniqueId ?? "");
    }

    // What the agent should know right now.
    let note = "";
    if (s?.state === "ringing") {
      note = session.endpointType === 3 ? "Incoming call — Answer connects your softphone."
        : "Answering on your phone…";
    } else if (s?.state === "calling" && model.preview) {
      note = model.preview.step === "ringing" ? `${model.preview.customerNumber}'s phone is ringing…` : `Dialing ${model.preview.customerNumber}…`;
    } else if (s?.state === "wrapup" && call) {
      note = `${END_TEXT[call.endReason] ?? "Call ended"}. After-call work.`;
    } else if (model.staleNote) {
      note = model.staleNote;
    }
    if (model.staleNote && note !== model.staleNote) note = `${note} ${model.staleNote}`;
    setText($("call-note"), note);
    show($("call-note"), Boolean(note));
    const monitor = model.monitoredBy;
    setText($("call-monitor"), monitor ? MONITOR_TEXT[monitor.mode](monitor.supervisor) : "");
    show($("call-monitor"), Boolean(monitor));

    const ringing = s?.state === "ringing";
    show($("btn-answer"), unlocked || (ringing && session.endpointType === 3));
    show($("btn-reject"), unlocked || ringing);
    show($("btn-hangup"), unlocked || !ringing);
    enable($("btn-answer"), allowed("sipLink"));
    enable($("btn-reject"), allowed("reject"));
    enable($("btn-hangup"), allowed("hangup"));

    const hold = $("btn-hold");
    setText(hold, model.held ? "Unhold" : "Hold");
    hold.setAttribute("aria-pressed", String(model.held));
    enable(hold, allowed(model.held ? "unhold" : "hold"));
    const mute = $("btn-mute");
    setText(mute, model.muted ? "Unmute" : "Mute");
    mute.setAttribute("aria-pressed", String(model.muted));
    enable(mute, allowed(model.muted ? "unmute" : "mute"));

    const dtmf = allowed("sendDtmf");
    for (const key of pad.children) enable(key, dtmf);
    enable($("btn-preview"), allowed("previewObCall"));
    enable($("preview-number"), session.loggedIn);
    tick(Date.now());
  }

  function tick(now) {
    const call = model.call;
    const s = model.status;
    let text = "";
    if (call && s) {
      if (call.endedAt) text = call.talkingSince ? `talked ${formatDuration(call.endedAt - call.talkingSince)}` : "";
      else if (call.talkingSince) text = formatDuration(now - call.talkingSince);
      else if (call.ringingAt) text = formatDuration(now - call.ringingAt);
    }
    setText($("call-duration"), text);
  }

  bus.addEventListener("call", render);
  bus.addEventListener("session", () => {
    setText(feedback, "");
    render();
  });
  onTick(tick);
  render();
}
