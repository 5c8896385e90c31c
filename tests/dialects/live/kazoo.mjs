// The Qubicle face judged by seed 000's own JS example (a plain browser WebSocket) in headless
// Chromium (issue 13 "Tests"): each binding family gets exactly the events its binding matches,
// narrowed bindings, errors that never close the socket, ping, and no other account's events.
// The matching rules themselves are judged by RabbitMQ (core/tests/amqp_judge.rs).
import { agent, assert, control, ENDPOINTS, judgePage, mint, until } from "./lib.mjs";

/** In the page: seed 000's `new WebSocket(…)`, with a send/reply helper and an event log. */
const OPEN = async ({ endpoint, protocol }) => {
  const log = (window.judgeLog = []);
  const ws = protocol ? new WebSocket(endpoint, protocol) : new WebSocket(endpoint);
  window.judgeWs = ws;
  ws.onmessage = (m) => log.push(JSON.parse(m.data));
  ws.onclose = (e) => log.push({ closed: e.code });
  ws.onerror = () => log.push({ error: true });
  await new Promise((resolve) => { ws.onopen = () => resolve(); setTimeout(resolve, 3000); });
  let n = 0;
  window.request = (frame) => new Promise((resolve) => {
    const request_id = `r${(n += 1)}`;
    const started = log.length;
    ws.send(JSON.stringify({ ...frame, request_id }));
    const poll = () => {
      const reply = log.slice(started).find((f) => f.action === "reply" && f.request_id === request_id);
      return reply ? resolve(reply) : setTimeout(poll, 20);
    };
    poll();
  });
  return ws.readyState;
};

export async function run({ browser, base, check, secret, accounts = { t1: "4b8c1d0e9f2a3b4c5d6e7f8091a2b3c4", t2: "00000000000000000000000000000002" } }) {
  const endpoint = `${base.replace(/^http/, "ws")}${ENDPOINTS.kazoo}`;
  const A = accounts.t1;
  const token = (tid = "t1", key = secret, ttl = 900) => mint(key, { sub: "9001", tid, account_id: accounts[tid] }, ttl);
  const subscribe = (j, binding, auth_token, account_id = A) => j.page.evaluate((f) => window.request(f), { action: "subscribe", auth_token, data: { account_id, binding } });
  const eventsOf = (j, key) => j.page.evaluate((k) => window.judgeLog.filter((f) => f.action === "event" && f.subscribed_key === k), key);

  await check("kazoo_each_binding_family_gets_exactly_its_events", async () => {
    const a = await agent(base, { agentNo: "1012" });
    const j = await judgePage(browser, base);
    try {
      assert((await j.page.evaluate(OPEN, { endpoint })) === 1, "open");
      const t = await token();
      const families = { queue: `qubicle.queue.${A}.*`, recipient: `qubicle.recipient.${A}.*`, session: `qubicle.session.${A}.*` };
      for (const binding of Object.values(families)) {
        const r = await subscribe(j, binding, t);
        assert(r.status === "success", JSON.stringify(r));
      }
      const offers = `qubicle.recipient.${A}.*.offer`;
      assert((await subscribe(j, offers, t)).status === "success", "narrowed");
      await control(base, "sim/call", { tenantId: "t1", queueNo: "q-sales", talkSeconds: 2 });
      await until(async () => (await eventsOf(j, families.session)).some((e) => e.name === "delete"), "session delete", 15000);
      for (const [family, binding] of Object.entries(families)) {
        const got = await eventsOf(j, binding);
        assert(got.length > 0, `${family}: no events`);
        for (const e of got) {
          const words = e.routing_key.split(".");
          assert(words.length === 5 && words[1] === family && words[2] === A && words[4] === e.name, `${binding}: ${e.routing_key}`);
          assert(e.data.account_id === A && e.data.event_name === e.name, JSON.stringify(e.data));
        }
      }
      const names = (await eventsOf(j, families.recipient)).map((e) => e.name);
      for (const n of ["offer", "delivered", "hangup", "wrapup_start"]) assert(names.includes(n), `recipient ${n}: ${names}`);
      const queueNames = (await eventsOf(j, families.queue)).map((e) => e.name);
      for (const n of ["join", "leave", "delivered"]) assert(queueNames.includes(n), `queue ${n}: ${queueNames}`);
      const offered = await eventsOf(j, offers);
      assert(offered.length >= 1 && offered.every((e) => e.name === "offer"), JSON.stringify(offered.map((e) => e.name)));
    } finally {
      await j.close();
      await a.logout();
    }
  });

  await check("kazoo_errors_are_replies_and_never_close_the_socket", async () => {
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(OPEN, { endpoint });
      const unauthenticated = await subscribe(j, `qubicle.queue.${A}.*`, undefined);
      assert(unauthenticated.status === "error", JSON.stringify(unauthenticated));
      const forged = await subscribe(j, `qubicle.queue.${A}.*`, await token("t1", `${secret}-not`));
      assert(forged.status === "error", JSON.stringify(forged));
      const expired = await subscribe(j, `qubicle.queue.${A}.*`, await token("t1", secret, -60));
      assert(expired.status === "error", JSON.stringify(expired));
      const t = await token();
      const missing = await j.page.evaluate((f) => window.request(f), { action: "subscribe", auth_token: t, data: { account_id: A } });
      assert(missing.status === "error" && missing.data.errors.join().includes("binding"), JSON.stringify(missing));
      const other = await subscribe(j, `qubicle.queue.${accounts.t2}.*`, t, accounts.t2);
      assert(other.status === "error", JSON.stringify(other));
      const pong = await j.page.evaluate((f) => window.request(f), { action: "ping", auth_token: t });
      assert(pong.status === "success" && pong.data.response === "pong", JSON.stringify(pong));
      assert(await j.page.evaluate(() => window.judgeWs.readyState === 1), "still open");
    } finally {
      await j.close();
    }
  });

  await check("kazoo_never_delivers_another_accounts_events", async () => {
    const a = await agent(base, { agentNo: "1013" });
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(OPEN, { endpoint });
      const r = await subscribe(j, "qubicle.#", await token("t2"), accounts.t2);
      assert(r.status === "success", JSON.stringify(r));
      await control(base, "sim/call", { tenantId: "t1", agentNo: "1013", talkSeconds: 1 });
      await until(() => a.events.some((e) => e.eventType === "agentStatus" && e.status.state === "wrapup"), "the t1 call ended", 15000);
      const leaked = await j.page.evaluate(() => window.judgeLog.filter((f) => f.action === "event"));
      assert(leaked.every((e) => e.data.account_id === accounts.t2), JSON.stringify(leaked.slice(0, 3)));
    } finally {
      await j.close();
      await a.logout();
    }
  });

  await check("kazoo_refuses_a_websocket_subprotocol", async () => {
    const j = await judgePage(browser, base);
    try {
      const state = await j.page.evaluate(OPEN, { endpoint, protocol: "kazoo" });
      assert(state !== 1, "opened despite a subprotocol");
    } finally {
      await j.close();
    }
  });
}
