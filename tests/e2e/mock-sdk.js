// A stand-in for /pkg/agentdesk.js, served by the `ui` suite through page.route(): the same
// JS face (init, AgentSDK with EventType / on / off / once and the commands), but events come
// from the test (`window.__mock.emit(type, payload)`) and every command is recorded in
// `window.__mock.calls` and answered `code 0` (or what `window.__mock.answers[action]` says).
// It lets the suite drive every event the console shows (webrtcStats, quality warnings,
// queueStatus, hostile payloads, …) deterministically, whatever the gateway or SDK build offers.

import { COMMANDS, EVENT_TYPE as EventType } from "./mock-catalog.js";

// The names come from the tables generated out of agentdesk-core's declarations (js/catalog.js,
// served beside this file by tests/e2e/lib.mjs), as the real SDK's do.
const NAMES = new Set(Object.values(EventType));

const listeners = new Map();
const calls = [];
const answers = {};

function emit(type, payload = {}) {
  const event = { eventType: type, ...payload };
  // The test speaks for the engine: a `canChange` it emits is what can() answers from then on.
  if (type === "canChange") window.__mock.allowed = new Set(payload.allowed);
  for (const fn of [...(listeners.get(type) ?? [])]) {
    try {
      fn(event);
    } catch (e) {
      console.error(e);
    }
  }
}

function command(action) {
  return (params) => {
    calls.push({ action, params: params === undefined ? null : JSON.parse(JSON.stringify(params)) });
    const answer = answers[action] ?? { code: 0, message: "ok" };
    const res = { eventType: `${action}Resp`, action, ...answer };
    if (action === "login" && res.code === 0) {
      res.data = { role: params.agentNo.startsWith("9") ? "supervisor" : "agent" };
      setTimeout(() => {
        emit("sessionInit", { tenantId: params.tenantId, agentNo: params.agentNo, sessionId: "s-mock" });
        emit("agentStatus", { tenantId: params.tenantId, agentNo: params.agentNo,
          status: { state: "idle", stateAction: "login", initialStatus: 1, deviceStatus: 0 } });
      }, 0);
    }
    setTimeout(() => emit(`${action}Resp`, res), 0);
    return Promise.resolve(res);
  };
}

function check(type, fn) {
  if (!NAMES.has(type)) throw { code: "UNKNOWN_EVENT", message: `unknown event ${type}` };
  if (typeof fn !== "function") throw { code: "BAD_LISTENER", message: "listener is not a function" };
}

const AgentSDK = {
  EventType,
  status: null,
  on(type, fn) {
    check(type, fn);
    if (!listeners.has(type)) listeners.set(type, new Set());
    listeners.get(type).add(fn);
  },
  off(type, fn) {
    if (fn) listeners.get(type)?.delete(fn);
    else listeners.delete(type);
  },
  // The console asks can() for its buttons: what the test's last `canChange` said, or yes to all
  // before the test said anything.
  can(action) {
    return window.__mock.allowed?.has(action) ?? true;
  },
  once(type, fn) {
    const wrapper = (e) => {
      AgentSDK.off(type, wrapper);
      fn(e);
    };
    AgentSDK.on(type, wrapper);
  },
};
for (const name of ["setup", ...COMMANDS.map(([n]) => n)]) AgentSDK[name] = command(name);

window.__mock = { emit, calls, answers, allowed: null };
export { AgentSDK };
export class AgentClient {}
export default async function init() {}
