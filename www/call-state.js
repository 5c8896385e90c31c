// The page's picture of the agent and the call, built only from SDK events (docs/flows.md):
// status, the call's customer data, hold / mute, the consult's step, a supervisor listening in.
// Other modules read `model` and re-render on the bus's "call" event. `allowed()` asks the SDK
// (`can()`, re-rendered on `canChange`) so a button is enabled exactly when its command can run.

export const model = {
  /** The last `agentStatus.status`, or null before login. */
  status: null,
  /** When the current state (or busy reason) began, ms. */
  statusSince: Date.now(),
  stateKey: "",
  /** The call in progress (or just ended, during wrap-up), or null. */
  call: null,
  /** The previous call, for the "last call" line. */
  lastCall: null,
  held: false,
  muted: false,
  /** `{step: "dialing" | "linked" | "threeway", target, targetType}` or null. */
  consult: null,
  /** The last word about a consult that ended. */
  consultNote: "",
  /** `{customerNumber, step: "dialing" | "ringing"}` while a preview call is being placed. */
  preview: null,
  /** `{mode: "whisper" | "threeway" | "barge", supervisor}`: a supervisor is on this agent's call. */
  monitoredBy: null,
  /** Why the current call state might be incomplete (after a resync). */
  staleNote: "",
};

let ctx = null;
let pendingConsult = null;

const CALL_STATES = new Set(["calling", "ringing", "talking"]);

function changed() {
  ctx.bus.dispatchEvent(new Event("call"));
}

function endCall(reason) {
  if (model.call && !model.call.endedAt) {
    model.call.endedAt = Date.now();
    model.call.endReason = reason;
  }
  model.held = false;
  model.muted = false;
  model.consult = null;
  model.monitoredBy = null;
}

function newCall(fields) {
  if (model.call) model.lastCall = model.call;
  model.call = { ringingAt: null, talkingSince: null, endedAt: null, endReason: "", ...fields };
  model.held = false;
  model.muted = false;
  model.consult = null;
  model.consultNote = "";
  model.monitoredBy = null;
  model.staleNote = "";
}

function onStatus(e) {
  const s = e.status;
  const key = `${s.state}|${s.state === "busy" ? s.pauseDescription ?? "" : ""}`;
  if (key !== model.stateKey) {
    model.stateKey = key;
    model.statusSince = Date.now();
  }
  model.status = s;
  const now = Date.now();
  if (s.stateAction === "monitoring") {
    // A supervisor listening in: busy on the line, but not a call of their own.
    endCall("monitoring");
    if (model.call) {
      model.lastCall = model.call;
      model.call = null;
    }
  } else if (CALL_STATES.has(s.state)) {
    if (!model.call || model.call.endedAt || (s.mainUniqueId && model.call.mainUniqueId && s.mainUniqueId !== model.call.mainUniqueId)) {
      newCall({ mainUniqueId: s.mainUniqueId, uniqueId: s.uniqueId, callType: s.callType, customerNumber: "" });
    }
    if (s.state === "ringing" && !model.call.ringingAt) model.call.ringingAt = now;
    if (s.state === "talking" && !model.call.talkingSince) model.call.talkingSince = now;
    if (s.callType !== undefined) model.call.callType = s.callType;
    switch (s.stateAction) {
      case "hold": model.held = true; break;
      case "unhold": model.held = false; break;
      case "mute": model.muted = true; break;
      case "unmute": model.muted = false; break;
      case "consultDialing":
        model.consult ??= { step: "dialing", ...pendingConsult };
        break;
      case "consultLinked":
        model.consult = { ...(model.consult ?? pendingConsult ?? {}), step: "linked" };
        break;
      case "consultThreeway":
        model.consult = { ...(model.consult ?? {}), step: "threeway" };
        break;
      case "consultEnded":
        model.consult = null;
        break;
      case "transferIn":
        // A consult or blind transfer handed this agent the customer: a fresh talk time.
        model.call.talkingSince = now;
        model.call.transferredIn = true;
        break;
      default:
    }
  } else {
    endCall(s.stateAction);
    model.preview = null;
    if (s.state !== "wrapup" && model.call) {
      model.lastCall = model.call;
      model.call = null;
    }
  }
  changed();
}

function onRinging(e) {
  if (!model.call || model.call.endedAt || (model.call.mainUniqueId && model.call.mainUniqueId !== e.mainUniqueId)) {
    newCall({});
  }
  Object.assign(model.call, {
    mainUniqueId: e.mainUniqueId,
    uniqueId: e.uniqueId,
    callType: e.callType,
    subCallType: e.subCallType,
    customerNumber: e.customerNumber,
    queueNo: e.queueNo,
    province: e.customerProvince,
    city: e.customerCity,
    areaCode: e.customerAreaCode,
    hotline: e.hotline,
    direction: "inbound",
  });
  model.call.ringingAt ??= Date.now();
  changed();
}

function monitorSide(e, targetKey) {
  // The same event reaches the supervisor (the initiator) and the monitored agent.
  return e.initiator !== ctx.session.agentNo && e[targetKey] === ctx.session.agentNo;
}

export function mountCallState(c) {
  ctx = c;
  const { sdk } = ctx;
  sdk.on("agentStatus", onStatus);
  sdk.on("ringing", onRinging);
  // The engine's answers to can() changed: the buttons follow.
  sdk.on("canChange", changed);

  sdk.on("previewObCallStart", (e) => {
    newCall({ customerNumber: e.customerNumber, mainUniqueId: e.mainUniqueId, callType: 4, direction: "outbound" });
    model.preview = { customerNumber: e.customerNumber, step: "dialing" };
    changed();
  });
  sdk.on("previewObCallRinging", (e) => {
    model.preview = { customerNumber: e.customerNumber, step: "ringing" };
    changed();
  });
  sdk.on("previewObCallBridge", () => {
    model.preview = null;
    changed();
  });
  sdk.on("previewObCallResult", (e) => {
    model.preview = null;
    if (e.result !== "success" && model.call) {
      model.call.endReason = `not connected${e.reason ? ` (${e.reason})` : ""}`;
    }
    changed();
  });

  sdk.on("atxferStart", () => {
    model.consult = { ...(pendingConsult ?? {}), ...(model.consult ?? {}), step: "dialing" };
    model.consultNote = "";
    changed();
  });
  sdk.on("atxferLink", (e) => {
    model.consult = { step: "linked", target: e.target, targetType: e.targetType };
    changed();
  });
  sdk.on("threewayAtxferResult", (e) => {
    model.consult = { step: "threeway", target: e.target, targetType: e.targetType };
    changed();
  });
  sdk.on("atxferThreewayUnlink", (e) => {
    model.consult = null;
    model.consultNote = `Three-way with ${e.target} ended; back with the customer`;
    changed();
  });
  sdk.on("atxferEnded", (e) => {
    const who = model.consult?.target ?? e.target ?? "the consult party";
    model.consult = null;
    model.consultNote = e.hangupSide === 2 ? `${who} hung up; back with the customer`
      : e.hangupSide === 3 ? `The customer hung up; still connected with ${who}`
        : `Consult with ${who} ended; back with the customer`;
    changed();
  });
  sdk.on("atxferError", () => {
    const who = model.consult?.target ?? pendingConsult?.target ?? "the target";
    model.consult = null;
    model.consultNote = `Consult with ${who} failed; the customer is back`;
    changed();
  });
  sdk.on("completeAtxferResult", (e) => {
    model.consult = null;
    model.consultNote = `Transferred to ${e.target}`;
    changed();
  });

  const monitorModes = [
    ["whisper", "whisperLink", "whisperedCno", "whisperUnlink", "whisperedAgentNo"],
    ["threeway", "threewayLink", "threewayedCno", "threewayUnlink", "threewayedAgentNo"],
    ["barge", "bargeLink", "bargedAgentNo", "bargeUnlink", "bargedCno"],
  ];
  for (const [mode, link, linkKey, unlink, unlinkKey] of monitorModes) {
    sdk.on(link, (e) => {
      if (!monitorSide(e, linkKey)) return;
      model.monitoredBy = { mode, supervisor: e.initiator };
      changed();
    });
    sdk.on(unlink, (e) => {
      if (!monitorSide(e, unlinkKey)) return;
      model.monitoredBy = null;
      changed();
    });
  }

  sdk.on("resync", () => {
    // Events in the gap may be missing: what the status does not say is unknown now.
    model.held = false;
    model.muted = false;
    model.monitoredBy = null;
    if (model.call && !model.call.endedAt) model.staleNote = "Reconnected with a gap: hold, mute and consult shown may be out of date";
    changed();
  });
  sdk.on("sessionTerminate", () => {
    endCall("session ended");
    model.preview = null;
    changed();
  });
  ctx.bus.addEventListener("unlock", changed);
}

/** Remember what a consult was started to, for the events that do not name it. */
export function noteConsultTarget(target, targetType) {
  pendingConsult = { target, targetType };
}

/**
 * Whether the SDK would accept `action` now (or every button is unlocked): the engine's own
 * answer (`can()`, the rules that refuse a command at once), so the console never re-implements
 * them. "reject" is the hang-up of a call that is still ringing.
 */
export function allowed(action) {
  if (ctx.unlocked()) return true;
  if (action === "reject") return model.status?.state === "ringing" && ctx.sdk.can("hangup");
  return ctx.sdk.can(action);
}
