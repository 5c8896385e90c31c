// The package as a page imports it, on the gateway's origin under the demo's strict CSP
// (`script-src 'self' 'wasm-unsafe-eval'`: no eval, no `new Function`): before `await init()`
// setup() and the commands refuse with { code: "NOT_INITIALIZED", message } instead of a
// TypeError, while on() already works (it needs no wasm); after it, the same page sets up, logs
// in and its listeners, the early one too, receive the session's events. Any CSP violation fails.
// It logs in as the basics suite's agent, which it runs before, and logs out at the end.
import { writeFileSync, rmSync } from "node:fs";
import { assert } from "./lib.mjs";

// The page is written into pkg/ for the test's length, so the gateway serves it for real: a
// document Playwright fulfilled would not be on the loopback's address space, and Chromium's
// local-network checks would block its socket.
const PKG = new URL("../../pkg/", import.meta.url).pathname;

// `worker-src blob:`: the SDK's timer runs in a Worker made from a Blob URL (js/ticker.js).
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src blob:; object-src 'none'; base-uri 'none'";

const PAGE = `<!doctype html>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>agentdesk package check</title>
<script type="module" src="/pkg/e2e-package-check.js"></script>`;

// The page's script (served from 'self', as the CSP wants).
const SCRIPT = (agentNo) => `
const out = { violations: [], before: {}, after: {} };
window.result = out;
addEventListener("securitypolicyviolation", (e) => out.violations.push(e.violatedDirective + " " + e.blockedURI));
const words = (x) => (x && typeof x === "object" ? { code: x.code, message: typeof x.message === "string" } : { thrown: String(x) });
try {
  const sdk = await import("/pkg/agentdesk.js");
  const { default: init, AgentSDK, AgentClient } = sdk;
  try { await AgentSDK.setup({ baseURL: location.origin }); out.before.setup = "resolved"; } catch (e) { out.before.setup = words(e); }
  try { out.before.client = words(await new AgentClient().login({})); } catch (e) { out.before.client = words(e); }
  // Listening needs no wasm: a listener may be added before init() and hears the session's events.
  const early = [];
  try { AgentSDK.on("agentStatus", (e) => early.push(e.status.state)); } catch (e) { out.early = words(e); }
  await init();
  out.after.setup = (await AgentSDK.setup({ baseURL: location.origin })).code;
  const statuses = [];
  AgentSDK.on("agentStatus", (e) => statuses.push(e.status.state));
  const key = await (await fetch("/api/login", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenantId: "t1", agentNo: "${agentNo}", password: "test" }) })).json();
  const login = await AgentSDK.login({ tenantId: "t1", agentNo: "${agentNo}", sessionKey: key.sessionKey, bindEndpoint: { endpointType: 2, endpoint: "8${agentNo}" } });
  out.after.login = login.code;
  if (login.code !== 0) out.after.loginMessage = login.errorCode + ": " + login.message;
  for (let i = 0; i < 50 && statuses.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  // The rest of the face under the same policy: once, off with and without a listener, can(),
  // a command, a refused command, a bad argument, logging at debug (issue 16 item 3).
  const faced = {};
  const once = [];
  AgentSDK.once("pauseResp", (e) => once.push(e.code));
  const extra = () => {};
  AgentSDK.on("pauseResp", extra);
  AgentSDK.off("pauseResp", extra);
  AgentSDK.off("unpauseResp");
  faced.can = AgentSDK.can("pause") && !AgentSDK.can("unhold");
  faced.pause = (await AgentSDK.pause({ pauseType: 0, pauseDescription: "csp" })).code;
  faced.once = once;
  faced.unhold = (await AgentSDK.unhold()).errorCode;
  faced.bad = (await AgentSDK.pause({ pauseType: "x" })).errorCode;
  try { AgentSDK.can("fly"); } catch (e) { faced.badCan = e.code; }
  try { AgentSDK.on("nope", () => {}); } catch (e) { faced.badOn = e.code; }
  faced.version = AgentSDK.version;
  out.after.faced = faced;
  out.after.logout = (await AgentSDK.logout()).code;
  out.after.statuses = statuses;
  out.after.early = early;
} catch (e) {
  out.error = String(e && e.stack || e);
}
out.done = true;
`;

export async function run({ browser, base, check, agents }) {
  await check("the_package_refuses_before_init_and_works_after_under_a_strict_csp", async () => {
    const context = await browser.newContext();
    writeFileSync(`${PKG}e2e-package-check.html`, PAGE);
    writeFileSync(`${PKG}e2e-package-check.js`, SCRIPT(agents.basics));
    try {
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${base}/pkg/e2e-package-check.html`);
      await page.waitForFunction(() => window.result?.done === true, null, { timeout: 20000 });
      const r = await page.evaluate(() => window.result);
      assert(!r.error, `the page failed: ${r.error}`);
      assert(r.violations.length === 0, `CSP violations: ${r.violations.join("; ")}`);
      for (const [what, got] of Object.entries(r.before)) {
        assert(got && got.code === "NOT_INITIALIZED" && got.message === true, `${what} before init(): ${JSON.stringify(got)}`);
      }
      assert(r.after.setup === 0 && r.after.login === 0 && r.after.logout === 0, `after init(): ${JSON.stringify(r.after)}`);
      const f = r.after.faced;
      assert(f.can && f.pause === 0 && JSON.stringify(f.once) === "[0]" && f.unhold === "INVALID_STATE" && f.bad === "BAD_PARAMS"
        && f.badCan === "BAD_PARAMS" && f.badOn === "UNKNOWN_EVENT" && /^\d+\.\d+\.\d+/.test(f.version), `the face under the CSP: ${JSON.stringify(f)}`);
      assert(r.early === undefined, `on() before init(): ${JSON.stringify(r.early)}`);
      assert(r.after.statuses.length > 0 && JSON.stringify(r.after.early) === JSON.stringify(r.after.statuses), `agentStatus events reached both listeners: ${JSON.stringify(r.after)}`);
      assert(errors.length === 0, `page errors: ${errors.join("; ")}`);
    } finally {
      await context.close();
      rmSync(`${PKG}e2e-package-check.html`, { force: true });
      rmSync(`${PKG}e2e-package-check.js`, { force: true });
    }
  });
}
