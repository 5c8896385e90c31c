// Sign-in: a session key from the gateway's /api/login, then the SDK's login with the chosen
// endpoint. The password is used once and not kept: the login also leaves an HttpOnly refresh
// cookie, and the SDK's `sessionKeyProvider` (app.js) trades it at /api/refresh for a fresh key
// before every reconnect and when the key is about to expire (docs/protocol.md §8).
import { $, setText, show } from "./dom.js";
import { notice } from "./reconnect-banner.js";

const DEMO_AGENT = { agentNo: "0001", password: "demo" };
const DEMO_SUPERVISOR = { agentNo: "9001", password: "demo" };

/** The answer of /api/login or /api/refresh (the same shape, docs/protocol.md §8), or its refusal thrown as `{code, message}`. */
async function keyAnswer(res, endpoint) {
  let body;
  try {
    body = await res.json();
  } catch {
    throw { code: `HTTP_${res.status}`, message: `the ${endpoint} endpoint did not answer JSON` };
  }
  if (body.code !== 0) throw { code: body.errorCode ?? body.code, message: body.message ?? "refused" };
  return body;
}

/** A session key for these credentials from /api/login (also the preflight's, www/preflight.js). */
export async function fetchSessionKey(origin, tenantId, agentNo, password) {
  const res = await fetch(`${origin}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenantId, agentNo, password }),
  });
  return keyAnswer(res, "login");
}

/**
 * A fresh session key for the agent of this page's refresh cookie (`setup({ sessionKeyProvider })`).
 * Throws `{code, message}` when the gateway refuses (no cookie, expired, revoked): the SDK reports
 * it as `sdkError` KEY_PROVIDER_FAILED and goes on with the key that last worked.
 */
export async function refreshSessionKey(origin) {
  const res = await fetch(`${origin}/api/refresh`, { method: "POST", credentials: "same-origin" });
  return (await keyAnswer(res, "refresh")).sessionKey;
}

/** The session is over: the refresh cookie goes too (a password is needed again). */
function forgetRefresh(origin) {
  fetch(`${origin}/api/refresh`, { method: "DELETE", credentials: "same-origin" }).catch(() => {});
}

function endpointFor(type, agentNo) {
  return type === 3 ? `sp-${agentNo}` : `8${agentNo}`;
}

const END_REASONS = {
  logout: "",
  kicked: "Signed in elsewhere: this console was disconnected.",
  keyExpired: "Your session key expired. Log in again.",
  keyRevoked: "Your session key was revoked. Log in again.",
  keyInvalid: "The gateway no longer accepts your session key (it may have restarted). Log in again.",
  tenantMismatch: "Your session key belongs to another tenant or agent. Log in again.",
  forcedOffline: "A supervisor set you offline.",
  connectionLost: "The connection to the gateway was lost.",
  reconnectFailed: "Could not reconnect to the gateway. Log in again.",
  sessionLost: "The gateway no longer knew this session. Log in again.",
};

export function mountLogin(ctx) {
  const { sdk, origin, session, bus } = ctx;
  const form = $("login-form");
  const agent = $("login-agent");
  const password = $("login-password");
  const endpoint = $("login-endpoint");
  const supervisor = $("login-supervisor");
  const error = $("login-error");
  const button = $("login-button");
  let endpointEdited = false;

  const endpointType = () => Number(form.elements.endpointType.value);
  const refreshEndpoint = () => {
    if (!endpointEdited) endpoint.value = endpointFor(endpointType(), agent.value.trim());
  };
  endpoint.addEventListener("input", () => { endpointEdited = endpoint.value.trim() !== ""; });
  agent.addEventListener("input", refreshEndpoint);
  for (const radio of form.elements.endpointType) radio.addEventListener("change", refreshEndpoint);
  supervisor.addEventListener("change", () => {
    const preset = supervisor.checked ? DEMO_SUPERVISOR : DEMO_AGENT;
    agent.value = preset.agentNo;
    password.value = preset.password;
    refreshEndpoint();
  });
  refreshEndpoint();

  function showError(text) {
    error.dataset.kind = "error";
    setText(error, text);
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const tenantId = String(data.get("tenantId")).trim();
    const agentNo = String(data.get("agentNo")).trim();
    const pw = String(data.get("password"));
    const type = endpointType();
    button.disabled = true;
    setText(button, "Logging in…");
    showError("");
    try {
      const key = await fetchSessionKey(origin, tenantId, agentNo, pw);
      Object.assign(session, { tenantId, agentNo, endpointType: type, endpoint: String(data.get("endpoint")).trim(),
        role: supervisor.checked ? "supervisor" : "agent" });
      const res = await sdk.login({
        tenantId,
        agentNo,
        sessionKey: key.sessionKey,
        bindEndpoint: { endpointType: type, endpoint: session.endpoint },
        initialStatus: Number(data.get("initialStatus")),
        ...(data.get("initialStatus") === "2" ? { pauseDescription: "Busy at login" } : {}),
      });
      if (res.code !== 0) {
        showError(`Login refused — ${res.errorCode ?? res.code}: ${res.message}`);
        return;
      }
      // The SDK counts the session as logged in from the first agentStatus after the reply (a
      // command sent before it is refused NOT_LOGGED_IN), so the agentStatus listener below
      // flips `loggedIn`; here only the role, and a re-render if that status came first.
      session.role = res.data?.role ?? (supervisor.checked ? "supervisor" : "agent");
      if (session.loggedIn) bus.dispatchEvent(new Event("session"));
    } catch (e) {
      showError(`Login failed — ${e?.code ?? "ERROR"}: ${e?.message ?? e}`);
    } finally {
      button.disabled = false;
      setText(button, "Log in");
    }
  });

  // The session ended (logout, kick, forced offline, reconnect gave up, …): back to the form.
  sdk.on("sessionTerminate", (e) => {
    session.loggedIn = false;
    forgetRefresh(origin);
    const text = END_REASONS[e.reason] ?? `Session ended: ${e.reason}`;
    if (text) showError(text);
    bus.dispatchEvent(new Event("session"));
  });
  sdk.on("agentStatus", (e) => {
    // A status other than offline means the SDK holds a session (also after a re-login).
    const loggedIn = e.status.state !== "offline";
    if (loggedIn !== session.loggedIn && session.agentNo) {
      session.loggedIn = loggedIn;
      bus.dispatchEvent(new Event("session"));
    }
  });

  // The SDK renews the key itself through the provider (on `sessionKeyExpiring`, and before every
  // reconnect); the page only tells the agent how that went.
  sdk.on("updateSessionKeyResp", (res) => {
    if (res.code === 0) notice("Session key renewed", "ok");
    else notice(`Session key renewal refused — ${res.errorCode}: ${res.message}`, "error", 0);
  });
  sdk.on("sdkError", (e) => {
    if (e.code === "KEY_PROVIDER_FAILED") notice(`Session key renewal failed — ${e.message}`, "error", 0);
  });

  const render = () => {
    show($("login-card"), !session.loggedIn);
    show($("status-card"), session.loggedIn);
  };
  bus.addEventListener("session", render);
  render();
}
