// The Voki face judged by npm `phoenix` (the official client: Socket, Channel, Presence) in
// headless Chromium (issue 13 "Tests"): channels of seed 004 during a simulated call, pushes with
// replies, Presence's list, heartbeats, a drop with reconnect and rejoin, refused tokens.
import { agent, assert, control, ENDPOINTS, judgePage, mint, until } from "./lib.mjs";

const QUEUE = "q-sales";

/** In the page: a phoenix Socket with `token`, recording what every joined channel receives. */
const PAGE_SETUP = async ({ endpoint, token, heartbeatIntervalMs }) => {
  const { Socket, Presence } = await import("/__judges__/phoenix.mjs");
  const log = (window.judgeLog = []);
  const socket = new Socket(endpoint, { params: { token }, heartbeatIntervalMs, reconnectAfterMs: () => 200 });
  socket.onError(() => log.push({ socket: "error" }));
  socket.onOpen(() => log.push({ socket: "open" }));
  socket.onClose(() => log.push({ socket: "close" }));
  socket.onMessage((m) => { if (m.topic === "phoenix") log.push({ heartbeat: m.payload.status }); });
  socket.connect();
  window.judge = { socket, Presence, channels: {} };
  window.join = (topic) => new Promise((resolve) => {
    const channel = socket.channel(topic, {});
    channel.onMessage = (event, payload) => { if (!event.startsWith("chan_reply")) log.push({ topic, event, payload }); return payload; };
    channel.join().receive("ok", (r) => resolve({ ok: r })).receive("error", (r) => resolve({ error: r })).receive("timeout", () => resolve({ timeout: true }));
    window.judge.channels[topic] = channel;
  });
};

export async function run({ browser, base, check, secret }) {
  const endpoint = `${base.replace(/^http/, "ws")}${ENDPOINTS.phoenix}`;
  const voki = (agentNo, ttl = 900, key = secret, tid = "t1") => mint(key, { sub: agentNo, tid }, ttl);

  await check("phoenix_receives_the_seeds_events_on_each_channel_during_a_call", async () => {
    const a = await agent(base, { agentNo: "1001" });
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(PAGE_SETUP, { endpoint, token: await voki("1001"), heartbeatIntervalMs: 30000 });
      for (const topic of [`queue:${QUEUE}`, `presence:${QUEUE}`, "notification:1001"]) {
        const r = await j.page.evaluate((t) => window.join(t), topic);
        assert(r.ok, `join ${topic}: ${JSON.stringify(r)}`);
      }
      const { mainUniqueId } = await control(base, "sim/call", { tenantId: "t1", queueNo: QUEUE, talkSeconds: 3 });
      const seen = (topic, event) => j.page.evaluate(([t, e]) => window.judgeLog.filter((l) => l.topic === t && l.event === e), [topic, event]);
      const assigned = await until(async () => (await seen(`queue:${QUEUE}`, "call_assigned"))[0], "call_assigned");
      assert(assigned.payload.call_id === mainUniqueId && assigned.payload.user_id === "1001", JSON.stringify(assigned));
      const joined = await until(async () => (await seen(`queue:${QUEUE}`, "customer_joined"))[0], "customer_joined");
      assert(joined.payload.position >= 1 && joined.payload.queue_size >= 1, JSON.stringify(joined));
      const note = await until(async () => (await seen("notification:1001", "new_notification"))[0], "new_notification");
      assert(note.payload.type === "call_assigned" && note.payload.data.call_id === mainUniqueId, JSON.stringify(note));
      const call = await j.page.evaluate((t) => window.join(t), `call:${mainUniqueId}`);
      assert(call.ok, `join call: ${JSON.stringify(call)}`);
      const ended = await until(async () => (await seen(`call:${mainUniqueId}`, "call_ended"))[0], "call_ended", 15000);
      assert(ended.payload.reason === "completed", JSON.stringify(ended));
      await until(async () => (await seen(`call:${mainUniqueId}`, "participant_left")).length > 0, "participant_left");
      assert(j.errors.length === 0, j.errors.join("; "));
    } finally {
      await j.close();
      await a.logout();
    }
  });

  await check("phoenix_pushes_get_replies_ok_and_error", async () => {
    const a = await agent(base, { agentNo: "1002" });
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(PAGE_SETUP, { endpoint, token: await voki("1002"), heartbeatIntervalMs: 30000 });
      const { mainUniqueId } = await control(base, "sim/call", { tenantId: "t1", agentNo: "1002", talkSeconds: 10 });
      await until(() => a.events.some((e) => e.eventType === "agentStatus" && e.status.state === "talking"), "talking");
      assert((await j.page.evaluate((t) => window.join(t), `call:${mainUniqueId}`)).ok, "join call");
      const reply = (event, payload) => j.page.evaluate(([t, e, p]) => new Promise((resolve) => {
        window.judge.channels[t].push(e, p).receive("ok", (r) => resolve({ ok: r })).receive("error", (r) => resolve({ error: r })).receive("timeout", () => resolve({ timeout: true }));
      }), [`call:${mainUniqueId}`, event, payload]);
      const muted = await reply("mute", { type: "audio", muted: true });
      assert(muted.ok, JSON.stringify(muted));
      await until(() => a.events.some((e) => e.eventType === "agentStatus" && e.status.stateAction === "mute"), "the agent muted");
      const video = await reply("mute", { type: "video", muted: true });
      assert(video.error, JSON.stringify(video));
      const unknown = await reply("dance", {});
      assert(unknown.error, JSON.stringify(unknown));
    } finally {
      await j.close();
      await a.logout();
    }
  });

  await check("phoenix_presence_list_matches_the_agents_logged_in", async () => {
    const agents = [await agent(base, { agentNo: "1003" }), await agent(base, { agentNo: "1004" })];
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(PAGE_SETUP, { endpoint, token: await voki("1003"), heartbeatIntervalMs: 30000 });
      await j.page.evaluate((t) => {
        const channel = window.judge.socket.channel(t, {});
        const presence = new window.judge.Presence(channel);
        presence.onSync(() => { window.presenceList = presence.list((id, { metas }) => ({ id, name: metas[0].name, status: metas[0].status })); });
        return new Promise((resolve) => channel.join().receive("ok", resolve));
      }, `presence:${QUEUE}`);
      const has = (no, status) => j.page.evaluate(([n, s]) => (window.presenceList ?? []).some((p) => p.id === n && p.status === s), [no, status]);
      await until(() => has("1003", "online"), "1003 online");
      await until(() => has("1004", "online"), "1004 online");
      await agents[1].cmd("pause", { pauseDescription: "lunch" });
      await until(() => has("1004", "away"), "1004 away");
      await agents[1].logout();
      await until(async () => !(await j.page.evaluate(() => window.presenceList.some((p) => p.id === "1004"))), "1004 gone");
      const names = await j.page.evaluate(() => window.presenceList.map((p) => p.name));
      assert(names.includes("Test Agent 1003"), JSON.stringify(names));
    } finally {
      await j.close();
      for (const a of agents) await a.logout();
    }
  });

  await check("phoenix_heartbeats_are_answered_and_keep_the_socket_up", async () => {
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(PAGE_SETUP, { endpoint, token: await voki("1005"), heartbeatIntervalMs: 300 });
      await new Promise((r) => setTimeout(r, 2500));
      const log = await j.page.evaluate(() => window.judgeLog);
      const beats = log.filter((l) => l.heartbeat === "ok").length;
      assert(beats >= 4, `heartbeat replies: ${beats}`);
      assert(!log.some((l) => l.socket === "close" || l.socket === "error"), JSON.stringify(log));
    } finally {
      await j.close();
    }
  });

  await check("phoenix_reconnects_and_rejoins_its_channels_after_a_drop", async () => {
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(PAGE_SETUP, { endpoint, token: await voki("1006"), heartbeatIntervalMs: 30000 });
      assert((await j.page.evaluate((t) => window.join(t), `queue:${QUEUE}`)).ok, "join");
      await j.page.evaluate(() => { window.rejoined = 0; window.judge.socket.onOpen(() => { window.rejoined += 1; }); });
      await control(base, "drop");
      await until(() => j.page.evaluate(() => window.rejoined >= 1), "a new socket");
      await until(() => j.page.evaluate(() => window.judge.channels["queue:q-sales"].state === "joined"), "the channel rejoined");
    } finally {
      await j.close();
    }
  });

  await check("phoenix_refuses_expired_forged_and_other_tenant_tokens", async () => {
    for (const [why, token] of [
      ["expired", await voki("1007", -60)],
      ["forged", await voki("1007", 900, `${secret}-not`)],
      ["other tenant", await voki("2001", 900, secret, "t9")],
    ]) {
      const j = await judgePage(browser, base);
      try {
        await j.page.evaluate(PAGE_SETUP, { endpoint, token, heartbeatIntervalMs: 30000 });
        await until(() => j.page.evaluate(() => window.judgeLog.some((l) => l.socket === "error")), `${why}: refused`);
        const opened = await j.page.evaluate(() => window.judgeLog.some((l) => l.socket === "open"));
        assert(!opened, `${why}: the socket opened`);
      } finally {
        await j.close();
      }
    }
  });
}
