// "Test my connection" on the sign-in card: the SDK's preflight (issue 15 item 6) with a session
// key fetched for the form's agent, its progress as it runs, then its report. The key is used for
// the test only: signing in fetches its own.
import { $, el, setText, show } from "./dom.js";
import { fetchSessionKey } from "./login.js";

const STEPS = { connect: "Connecting to the gateway…", connected: "Connected", ping: "Measuring latency…",
  media: "Opening a test call…", echo: "Measuring the test call…", done: "Done" };

const ms = (v) => (typeof v === "number" ? `${Math.round(v * 10) / 10} ms` : "—");
const spread = (s) => (s ? `${ms(s.min)} / ${ms(s.average)} / ${ms(s.max)}` : "—");

/** The report as rows of a definition list. */
function rows(r) {
  const pair = r.ice.selected ? `${r.ice.selected.local} → ${r.ice.selected.remote}` : "—";
  const b = r.ping.buckets;
  return [
    ["Result", r.ok ? "Ready to go live" : `Failed at ${r.failure.step}: ${r.failure.code} — ${r.failure.message}`],
    ["Gateway", r.connectivity.gateway ? `reachable (${ms(r.connectMs)})` : "unreachable"],
    ["Media", r.connectivity.media ? "connected" : "no media path"],
    ["Ping min / avg / max", `${spread(r.ping.latency)} (${r.ping.answered}/${r.ping.sent} answered)`],
    ["Ping buckets", `${b.excellent} excellent, ${b.good} good, ${b.fair} fair, ${b.poor} poor, ${b.unanswered} lost`],
    ["ICE candidates", `local ${r.ice.local.join(", ") || "—"}; remote ${r.ice.remote.join(", ") || "—"}; path ${pair}`],
    ["Round trip", ms(r.rtt)],
    ["Jitter", ms(r.jitter)],
    ["Packet loss", typeof r.packetLoss === "number" ? `${(r.packetLoss * 100).toFixed(1)} %` : "—"],
    ["MOS", typeof r.mos === "number" ? `${r.mos.toFixed(2)} (quality ${r.networkQuality}/4)` : "—"],
    ["One-way audio", r.oneWayAudio ? `yes (${r.packetsState})` : r.packetsState === null ? "not measured" : "no"],
    ["Warnings", r.warnings.length === 0 ? "none" : r.warnings.map((w) => `${w.name} (${w.value} vs ${w.threshold})`).join("; ")],
  ];
}

export function mountPreflight(ctx) {
  const { sdk, origin } = ctx;
  const form = $("login-form");
  const start = $("preflight-button");
  const cancel = $("preflight-cancel");
  const bar = $("preflight-progress");
  const step = $("preflight-step");
  const report = $("preflight-report");
  let abort = null;

  sdk.on("preflightProgress", (p) => {
    const detail = p.step === "ping" ? ` ${p.ping}/${p.of}: ${ms(p.latencyMs)}`
      : p.step === "echo" ? ` ${Math.round(p.echoMs / 1000)}/${Math.round(p.of / 1000)} s, MOS ${typeof p.mos === "number" ? p.mos.toFixed(2) : "—"}` : "";
    setText(step, `${STEPS[p.step] ?? p.step}${detail}`);
    step.dataset.step = p.step;
    // Connect and pings are the first third, the call the rest.
    bar.value = p.step === "done" ? 1 : p.step === "echo" ? 0.4 + 0.6 * Math.min(1, p.echoMs / p.of) : p.step === "ping" ? 0.1 + 0.25 * (p.ping / p.of) : p.step === "media" ? 0.38 : 0.05;
  });

  cancel.addEventListener("click", () => abort?.abort());
  start.addEventListener("click", async () => {
    const data = new FormData(form);
    const tenantId = String(data.get("tenantId")).trim();
    const agentNo = String(data.get("agentNo")).trim();
    start.disabled = true;
    show(cancel, true);
    show(bar, true);
    show(report, false);
    bar.value = 0;
    setText(step, "Getting a session key…");
    abort = new AbortController();
    try {
      const key = await fetchSessionKey(origin, tenantId, agentNo, String(data.get("password")));
      const r = await sdk.preflight({ baseURL: origin.replace(/^http/, "ws"), tenantId, agentNo, sessionKey: key.sessionKey, signal: abort.signal });
      report.replaceChildren(...rows(r).flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
      report.dataset.ok = String(r.ok);
      show(report, true);
      setText(step, r.ok ? (r.warnings.length ? "Done, with warnings" : "Done") : "The test failed");
    } catch (e) {
      setText(step, e?.code === "CANCELLED" ? "Cancelled" : `Could not test — ${e?.code ?? "ERROR"}: ${e?.message ?? e}`);
    } finally {
      abort = null;
      start.disabled = false;
      show(cancel, false);
    }
  });
}
