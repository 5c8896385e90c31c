// The demo console: a page using the SDK exactly as a customer's console would. Event data is
// only ever put into the page with textContent, never as HTML.
import init, { AgentSDK } from "/pkg/agentdesk.js";

const $ = (id) => document.getElementById(id);
const gatewayOrigin = window.location.origin;

await init();
const { EventType } = AgentSDK;
AgentSDK.setup({ baseURL: gatewayOrigin.replace(/^http/, "ws"), webrtc: true, webrtcStats: true });

// ---- event log -------------------------------------------------------------------------------
const log = [];
function renderLog() {
  const filter = $("log-filter").value.trim().toLowerCase();
  const list = $("event-log");
  list.replaceChildren();
  for (const entry of log.slice(-300).reverse()) {
    if (filter && !entry.type.toLowerCase().includes(filter)) continue;
    const li = document.createElement("li");
    const name = document.createElement("b");
    name.textContent = `${entry.time} ${entry.type}`;
    li.append(name, document.createTextNode(" " + JSON.stringify(entry.payload)));
    list.append(li);
  }
}
$("log-filter").addEventListener("input", renderLog);
for (const type of Object.values(EventType)) {
  AgentSDK.on(type, (payload) => {
    log.push({ time: new Date().toLocaleTimeString(), type, payload });
    if (log.length > 1000) log.splice(0, log.length - 1000);
    renderLog();
  });
}

// ---- status ----------------------------------------------------------------------------------
let since = Date.now();
function showStatus(status) {
  $("state").textContent = status.state;
  $("state").className = `state ${status.state}`;
  $("state-action").textContent = `(${status.stateAction}${status.pauseDescription ? ": " + status.pauseDescription : ""})`;
  since = Date.now();
  const loggedIn = status.state !== "offline";
  $("status-card").hidden = !loggedIn;
  $("login-card").hidden = loggedIn;
  $("connection").textContent = loggedIn ? "connected" : "disconnected";
  $("connection").classList.toggle("online", loggedIn);
}
setInterval(() => {
  const s = Math.floor((Date.now() - since) / 1000);
  $("state-since").textContent = `for ${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}, 1000);
AgentSDK.on(EventType.AGENT_STATUS, (e) => showStatus(e.status));
AgentSDK.on(EventType.SESSION_TERMINATE, (e) => {
  $("login-error").textContent = e.reason === "logout" ? "" : `Session ended: ${e.reason}`;
});

function reportResult(target, res) {
  $(target).textContent = res.code === 0 ? "" : `${res.errorCode ?? res.code}: ${res.message}`;
  return res;
}

// ---- login -----------------------------------------------------------------------------------
$("login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const form = new FormData(ev.target);
  $("login-button").disabled = true;
  $("login-error").textContent = "";
  try {
    const keyRes = await fetch(`${gatewayOrigin}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tenantId: form.get("tenantId"), agentNo: form.get("agentNo"), password: form.get("password") }),
    }).then((r) => r.json());
    if (keyRes.code !== 0) {
      $("login-error").textContent = `${keyRes.errorCode}: ${keyRes.message}`;
      return;
    }
    const res = await AgentSDK.login({
      tenantId: form.get("tenantId"),
      agentNo: form.get("agentNo"),
      sessionKey: keyRes.sessionKey,
      bindEndpoint: { endpointType: 2, endpoint: form.get("endpoint") },
      initialStatus: Number(form.get("initialStatus")),
    });
    reportResult("login-error", res);
  } catch (e) {
    $("login-error").textContent = `${e.code ?? "ERROR"}: ${e.message}`;
  } finally {
    $("login-button").disabled = false;
  }
});

$("pause").addEventListener("click", async () =>
  reportResult("command-error", await AgentSDK.pause({ pauseType: 2, pauseDescription: $("pause-reason").value })));
$("unpause").addEventListener("click", async () => reportResult("command-error", await AgentSDK.unpause()));
$("logout").addEventListener("click", async () => reportResult("command-error", await AgentSDK.logout({ logoutMode: 1 })));
