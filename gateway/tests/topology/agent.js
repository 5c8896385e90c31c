// The browser agent of the topology test (gateway/tests/topology.rs, driven by browser.mjs):
// logs in as ?agent=NNNN through whatever edge HAProxy picks, and records what a console would
// show: each streamed transcript's sentenceIndex, each resync, each finished reconnect.
import init, { AgentSDK } from "/pkg/agentdesk.js";

const seen = { indexes: [], resync: [], reconnects: 0, statuses: [], errors: [] };
window.seen = seen;
try {
  await init();
  const agentNo = new URLSearchParams(location.search).get("agent");
  const base = location.origin;
  const r = await fetch(`${base}/api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ tenantId: "t1", agentNo, password: "test" }),
  });
  const { sessionKey } = await r.json();
  AgentSDK.setup({ baseURL: base.replace(/^http/, "ws"), webrtc: false });
  AgentSDK.on("transcript", (e) => seen.indexes.push(e.sentenceIndex));
  AgentSDK.on("resync", (e) => seen.resync.push({ reason: e.reason, lostFrom: e.lostFrom }));
  AgentSDK.on("reconnectAttempt", (e) => { if (e.code === 0) seen.reconnects += 1; });
  AgentSDK.on("agentStatus", (e) => seen.statuses.push(e.status.state));
  AgentSDK.on("sdkError", (e) => seen.errors.push(`${e.code}: ${e.message}`));
  const res = await AgentSDK.login({ tenantId: "t1", agentNo, sessionKey,
    bindEndpoint: { endpointType: 2, endpoint: `8${agentNo}` }, initialStatus: 1 });
  seen.login = res.code;
  window.run = async (action) => (await AgentSDK[action]()).code;
} catch (e) {
  seen.errors.push(String(e?.message ?? e));
}
window.ready = true;
