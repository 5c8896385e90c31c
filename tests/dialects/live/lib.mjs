// What the live judges of the gateway's dialect faces share (docs/dialects.md §7):
// - a page on the gateway's origin with the official clients served under /__judges__/ (the
//   files come from tools/node_modules through Playwright routes, so the gateway serves nothing
//   extra and the sockets are same-origin);
// - tokens minted with jose, the judge of JWTs, with the faces' shared secret;
// - an agent that works through the gateway's own protocol (docs/protocol.md) from Node, so a
//   dialect client has calls to watch: login, and the simulator's control endpoints for calls.
import { readFileSync } from "node:fs";
import WebSocket from "../../../tools/node_modules/ws/wrapper.mjs";
import { SignJWT } from "../../../tools/node_modules/jose/dist/webapi/index.js";

export { assert, control, sleep } from "../../e2e/lib.mjs";

const MODULES = new URL("../../../tools/node_modules/", import.meta.url).pathname;

/** The official clients as ES modules, by the path a judge page imports them from. */
const JUDGES = {
  "/__judges__/phoenix.mjs": `${MODULES}phoenix/priv/static/phoenix.mjs`,
  "/__judges__/actioncable.mjs": `${MODULES}@rails/actioncable/app/assets/javascripts/actioncable.esm.js`,
};

/** Where each face listens, relative to the gateway (docs/dialects.md §2–§5). */
export const ENDPOINTS = {
  phoenix: "/socket",
  actioncable: "/cable",
  kazoo: "/qubicle",
  globemeet: "/v1/events",
};

/**
 * A blank page on the gateway's origin that can `import("/__judges__/phoenix.mjs")`. One browser
 * context per page, so judges never share cookies or storage.
 */
export async function judgePage(browser, base) {
  const context = await browser.newContext();
  await context.route(`${base}/__judges__/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/__judges__/index.html") {
      return route.fulfill({ contentType: "text/html", body: "<!doctype html><title>judge</title>" });
    }
    const file = JUDGES[path];
    if (!file) return route.fulfill({ status: 404, body: "no such judge" });
    return route.fulfill({ contentType: "text/javascript", body: readFileSync(file, "utf8") });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}/__judges__/index.html`);
  return { page, context, errors, close: () => context.close().catch(() => {}) };
}

/**
 * An HS256 JWT minted by jose: `claims` plus `iat` and `exp` (`ttlSeconds` from now; negative for
 * an already expired one). `secret` is the faces' shared secret (the gateway's flag in the test
 * run), or another one to forge.
 */
export async function mint(secret, claims, ttlSeconds = 900) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}

/**
 * An agent logged in through the gateway's own protocol (docs/protocol.md), on an extension
 * (endpointType 2) so the simulator answers its calls by itself. `events` collects every catalog
 * event it receives.
 */
export async function agent(base, { tenantId = "t1", agentNo, password = "test", extension = `8${agentNo}` }) {
  const login = await fetch(`${base}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenantId, agentNo, password }),
  }).then((r) => r.json());
  if (login.code !== 0) throw new Error(`login of ${agentNo}: ${JSON.stringify(login)}`);
  const ws = new WebSocket(`${base.replace(/^http/, "ws")}/ws`, "agentdesk.v1");
  await new Promise((resolve, reject) => { ws.once("open", resolve); ws.once("error", reject); });
  const events = [];
  const waiting = new Map();
  let id = 0;
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data));
    if (frame.type === "reply") waiting.get(frame.id)?.(frame);
    if (frame.type === "event") events.push(frame.payload);
  });
  const request = (frame) => new Promise((resolve) => {
    id += 1;
    waiting.set(id, resolve);
    ws.send(JSON.stringify({ ...frame, id }));
  });
  const auth = await request({ type: "auth", tenantId, agentNo, sessionKey: login.sessionKey, client: { name: "dialect-judge", version: "0" }, resume: null });
  if (auth.code !== 0) throw new Error(`auth of ${agentNo}: ${JSON.stringify(auth)}`);
  const heartbeat = setInterval(() => ws.send(JSON.stringify({ type: "ping", ts: Date.now() })), 5000);
  const cmd = (action, params = {}) => request({ type: "cmd", action, params });
  const res = await cmd("login", { bindEndpoint: { endpointType: 2, endpoint: extension }, initialStatus: 1 });
  if (res.code !== 0) throw new Error(`login command of ${agentNo}: ${JSON.stringify(res)}`);
  return {
    tenantId,
    agentNo,
    events,
    cmd,
    async logout() {
      await cmd("logout").catch(() => {});
      clearInterval(heartbeat);
      ws.close();
    },
  };
}

/** Resolves when `predicate()` is truthy, polling; rejects after `ms` with `what`. */
export async function until(predicate, what, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
