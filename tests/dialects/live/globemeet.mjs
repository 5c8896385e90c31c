// The GlobeMeet face judged by standard parts (issue 13 "Tests"): tokens minted and checked with
// jose; a plain browser WebSocket with seed 002's subprotocol subscribes with wildcards, is
// dropped mid-stream and resumes with no loss and no duplicate; a lagging client gets `overflow`
// then resumes; npm `ws` sends the headers a browser cannot (Authorization, Last-Event-ID); the
// latency from the core's event to the client is measured (p99, printed).
import WebSocket from "../../../tools/node_modules/ws/wrapper.mjs";
import { agent, assert, control, ENDPOINTS, judgePage, mint, sleep, until } from "./lib.mjs";

const SUBPROTOCOL = "globemeet-events.v1";

/**
 * In the page: a client as seed 002's SDK behaves — subscribe, keep the last event id, reconnect
 * with it after any close but a terminal one — logging every frame and every (re)connection.
 */
const CLIENT = async ({ endpoint, token, topics }) => {
  const log = (window.judgeLog = { frames: [], opens: 0, closes: [] });
  let last = null;
  const connect = () => {
    const q = new URLSearchParams({ token: window.judgeToken ?? token });
    if (last) q.set("last_event_id", last);
    const ws = new WebSocket(`${endpoint}?${q}`, "globemeet-events.v1");
    window.judgeWs = ws;
    ws.onopen = () => { log.opens += 1; ws.send(JSON.stringify({ type: "subscribe", id: `s${log.opens}`, topics })); };
    ws.onmessage = (m) => {
      const f = JSON.parse(m.data);
      if (f.type === "event") { f.receivedAt = Date.now(); last = f.id; }
      log.frames.push(f);
    };
    ws.onclose = (e) => { log.closes.push(e.code); if (e.code < 4400 || e.code >= 5000) setTimeout(connect, 100); };
  };
  connect();
};

const seq = (id) => Number(String(id).split("-").pop());

export async function run({ browser, base, check, secret }) {
  const endpoint = `${base.replace(/^http/, "ws")}${ENDPOINTS.globemeet}`;
  const token = (claims = {}, ttl = 900, key = secret) => mint(key, { sub: "9001", tid: "t1", role: "supervisor", ...claims }, ttl);
  const frames = (j) => j.page.evaluate(() => window.judgeLog.frames);

  await check("globemeet_wildcard_subscriptions_get_the_seeds_topics", async () => {
    const a = await agent(base, { agentNo: "1014" });
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(CLIENT, { endpoint, token: await token(), topics: ["queue.q-sales.*", "session.*", "agent.1014.*"] });
      await until(async () => (await frames(j)).some((f) => f.type === "subscribed"), "subscribed");
      await control(base, "sim/call", { tenantId: "t1", queueNo: "q-sales", talkSeconds: 1 });
      await until(async () => (await frames(j)).some((f) => f.event === "session.ended"), "session.ended", 15000);
      const events = (await frames(j)).filter((f) => f.type === "event");
      const topics = new Set(events.map((e) => e.event));
      for (const e of ["session.created", "session.connected", "session.ended", "queue.depth-changed", "agent.status-changed", "agent.busy"]) {
        assert(topics.has(e), `${e} missing: ${[...topics]}`);
      }
      assert(events.every((e) => /^(queue\.q-sales\.|session\.|agent\.1014\.)/.test(e.topic)), "only subscribed topics");
      const connected = events.find((e) => e.event === "session.connected");
      assert(connected.data.agent_id === "1014", JSON.stringify(connected));
      const ids = events.map((e) => seq(e.id));
      assert(ids.every((id, i) => i === 0 || id > ids[i - 1]), `ids increase: ${ids}`);
      const lat = events.map((e) => e.receivedAt - e.ts).sort((x, y) => x - y);
      const p99 = lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.99))];
      console.log(`globemeet latency core → client over ${lat.length} events: p50 ${lat[Math.floor(lat.length / 2)]} ms, p99 ${p99} ms`);
      assert(p99 < 200, `p99 ${p99} ms`);
    } finally {
      await j.close();
      await a.logout();
    }
  });

  await check("globemeet_resumes_across_drops_with_no_loss_and_no_duplicate", async () => {
    const a = await agent(base, { agentNo: "1015" });
    const j = await judgePage(browser, base);
    try {
      // `*`: the tenant's whole stream, so ids must be contiguous from the first received.
      await j.page.evaluate(CLIENT, { endpoint, token: await token(), topics: ["*"] });
      await until(async () => (await frames(j)).some((f) => f.type === "subscribed"), "subscribed");
      for (let i = 0; i < 5; i += 1) {
        await control(base, "sim/call", { tenantId: "t1", agentNo: "1015", talkSeconds: 1 }).catch(() => {});
        await sleep(300);
        await control(base, "drop");
        await sleep(600);
      }
      await until(() => j.page.evaluate(() => window.judgeLog.opens >= 6), "reconnected after every drop", 20000);
      const events = (await frames(j)).filter((f) => f.type === "event");
      const ids = events.map((e) => seq(e.id));
      assert(new Set(ids).size === ids.length, `duplicates: ${ids}`);
      for (let i = 1; i < ids.length; i += 1) assert(ids[i] === ids[i - 1] + 1, `gap after ${ids[i - 1]}: ${ids[i]}`);
      const resumed = (await frames(j)).filter((f) => f.type === "resumed");
      assert(resumed.length >= 5 && resumed.every((r) => r.recovered), JSON.stringify(resumed));
    } finally {
      await j.close();
      await a.logout();
    }
  });

  await check("globemeet_a_lagging_client_gets_overflow_then_resumes", async () => {
    const a = await agent(base, { agentNo: "1016" });
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(CLIENT, { endpoint, token: await token(), topics: ["*"] });
      await until(async () => (await frames(j)).some((f) => f.type === "subscribed"), "subscribed");
      await control(base, "delay", { ms: 6000 });
      await control(base, "sim/call", { tenantId: "t1", agentNo: "1016", talkSeconds: 1 });
      await until(async () => (await frames(j)).some((f) => f.type === "overflow"), "overflow", 30000);
      await control(base, "delay", { ms: 0 });
      await until(() => j.page.evaluate(() => window.judgeLog.closes.includes(4008) && window.judgeLog.opens >= 2), "closed 4008 and reopened", 20000);
      await until(async () => (await frames(j)).some((f) => f.type === "resumed" && f.recovered), "resumed");
      const ids = (await frames(j)).filter((f) => f.type === "event").map((e) => seq(e.id));
      assert(new Set(ids).size === ids.length, `duplicates: ${ids}`);
    } finally {
      await control(base, "delay", { ms: 0 }).catch(() => {});
      await j.close();
      await a.logout();
    }
  });

  await check("globemeet_headers_path_authorization_and_last_event_id", async () => {
    const t = await token();
    const open = (headers) => new Promise((resolve) => {
      const ws = new WebSocket(`${endpoint}`, SUBPROTOCOL, { headers });
      const got = [];
      ws.on("message", (d) => got.push(JSON.parse(String(d))));
      ws.on("open", () => resolve({ ws, got, protocol: ws.protocol }));
      ws.on("unexpected-response", (_req, res) => resolve({ status: res.statusCode }));
      ws.on("error", () => resolve({ error: true }));
    });
    const first = await open({ Authorization: `Bearer ${t}` });
    assert(first.protocol === SUBPROTOCOL, JSON.stringify(first.status));
    await until(() => first.got.find((f) => f.type === "ready"), "ready");
    const last = first.got.find((f) => f.type === "ready").last_event_id;
    first.ws.close();
    if (last) {
      const again = await open({ Authorization: `Bearer ${t}`, "Last-Event-ID": last });
      await until(() => again.got.find((f) => f.type === "resumed"), "resumed");
      again.ws.close();
    }
    const expired = await open({ Authorization: `Bearer ${await token({}, -60)}` });
    assert(expired.status === 401, `expired: ${JSON.stringify(expired.status)}`);
    const forged = await open({ Authorization: `Bearer ${await token({}, 900, `${secret}-not`)}` });
    assert(forged.status === 401, `forged: ${JSON.stringify(forged.status)}`);
  });

  await check("globemeet_token_refresh_extends_the_connection", async () => {
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(CLIENT, { endpoint, token: await token({}, 120), topics: ["agent.*"] });
      const ready = await until(async () => (await frames(j)).find((f) => f.type === "ready"), "ready");
      const fresh = await token({}, 900);
      await j.page.evaluate((t) => window.judgeWs.send(JSON.stringify({ type: "refresh", token: t })), fresh);
      const refreshed = await until(async () => (await frames(j)).find((f) => f.type === "refreshed"), "refreshed");
      assert(refreshed.expires_at > ready.expires_at, JSON.stringify([ready, refreshed]));
    } finally {
      await j.close();
    }
  });
}
