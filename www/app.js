// The demo console: a page using the SDK exactly as a customer's console would. Each module below
// takes the shared context, subscribes to the events it shows and wires its own buttons; event
// data only ever reaches the page through textContent (see dom.js).
//
// Query parameters tune the SDK's setup() for demos and tests, e.g.
//   /?reconnectBaseMs=500&reconnectJitter=0&maxReconnectAttempts=5&debug=1
import init, { AgentSDK } from "/pkg/agentdesk.js";
import { $ } from "./dom.js";
import { mountEventLog } from "./event-log.js";
import { mountLogin, refreshSessionKey } from "./login.js";
import { mountPreflight } from "./preflight.js";
import { mountStatus } from "./status.js";
import { mountCallState } from "./call-state.js";
import { mountCallCard } from "./call-card.js";
import { mountConsult } from "./consult.js";
import { mountSupervisor } from "./supervisor.js";
import { mountTranscript } from "./transcript.js";
import { mountNetwork } from "./network.js";
import { mountQualityCharts } from "./quality-charts.js";
import { mountReconnectBanner } from "./reconnect-banner.js";
import { mountDevices } from "./devices.js";

const NUMERIC_SETUP_KEYS = [
  "commandTimeoutMs", "connectTimeoutMs", "maxReconnectAttempts", "reconnectBaseMs", "reconnectMaxMs",
  "reconnectJitter", "heartbeatIntervalMs", "heartbeatTimeoutMs",
];

function setupConfig(origin, query) {
  const config = {
    baseURL: origin.replace(/^http/, "ws"),
    webrtc: true,
    webrtcStats: true,
    // Fresh keys from the login's refresh cookie: the page never keeps the password.
    sessionKeyProvider: () => refreshSessionKey(origin),
  };
  for (const key of NUMERIC_SETUP_KEYS) {
    if (query.has(key) && Number.isFinite(Number(query.get(key)))) config[key] = Number(query.get(key));
  }
  if (query.get("debug") === "1") config.debug = true;
  return config;
}

async function main() {
  await init();
  const sdk = AgentSDK;
  const { EventType } = sdk;
  const origin = window.location.origin;
  const setup = await sdk.setup(setupConfig(origin, new URLSearchParams(window.location.search)));
  if (setup.code !== 0) throw new Error(`setup: ${setup.errorCode}: ${setup.message}`);

  const ctx = {
    sdk,
    EventType,
    origin,
    /** Page-level notifications between modules: "session", "call", "unlock". */
    bus: new EventTarget(),
    /** Who is logged in; filled by login.js. */
    session: { loggedIn: false, tenantId: "", agentNo: "", role: "agent", endpointType: 3, endpoint: "" },
    /** The "unlock all buttons" switch: every button enabled, the SDK's guards judge. */
    unlocked: () => $("unlock-all").checked,
    /** Whether an event name exists in this build's EventType (newer events may not). */
    hasEvent: (name) => Object.values(EventType).includes(name),
  };
  $("unlock-all").addEventListener("change", () => ctx.bus.dispatchEvent(new Event("unlock")));

  // The log first, so it sees every event from the start.
  mountEventLog(ctx);
  mountReconnectBanner(ctx);
  mountNetwork(ctx);
  mountCallState(ctx);
  mountLogin(ctx);
  mountPreflight(ctx);
  mountStatus(ctx);
  mountCallCard(ctx);
  mountConsult(ctx);
  mountTranscript(ctx);
  mountQualityCharts(ctx);
  mountDevices(ctx);
  mountSupervisor(ctx);
  document.documentElement.dataset.sdk = "ready";
}

main().catch((e) => {
  console.error(e);
  document.documentElement.dataset.sdk = "failed";
  const error = $("login-error");
  error.dataset.kind = "error";
  error.textContent = `The SDK did not start: ${e?.code ?? ""} ${e?.message ?? e}`;
});
