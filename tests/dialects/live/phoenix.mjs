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

  await check("phoenix_signal_negotiates_a_real_webrtc_leg_with_the_gateways_media", async () => {
    // Seed 004's `call:` channel as a softphone uses it: the browser's RTCPeerConnection offers
    // over `signal`, trickles its candidates over `ice_candidate`, and takes the gateway's answer
    // and candidates from the same channel; the call is answered by it and audio flows.
    const a = await agent(base, { agentNo: "1017", endpointType: 3 });
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(PAGE_SETUP, { endpoint, token: await voki("1017"), heartbeatIntervalMs: 30000 });
      const { mainUniqueId } = await control(base, "sim/call", { tenantId: "t1", agentNo: "1017", talkSeconds: 30 });
      await until(() => a.events.some((e) => e.eventType === "ringing" && e.mainUniqueId === mainUniqueId), "ringing");
      assert((await j.page.evaluate((t) => window.join(t), `call:${mainUniqueId}`)).ok, "join call");
      const leg = await j.page.evaluate(async (topic) => {
        const channel = window.judge.channels[topic];
        const pc = new RTCPeerConnection();
        const heard = [];
        channel.on("signal", (p) => { heard.push(`signal ${p.type}`); pc.setRemoteDescription(p).catch((e) => heard.push(String(e))); });
        channel.on("ice_candidate", (p) => { heard.push("ice_candidate"); pc.addIceCandidate(p).catch((e) => heard.push(String(e))); });
        const pushed = [];
        pc.onicecandidate = (e) => {
          if (!e.candidate) return;
          channel.push("ice_candidate", e.candidate.toJSON()).receive("ok", (r) => pushed.push(r)).receive("error", (r) => pushed.push(r));
        };
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        for (const track of stream.getTracks()) pc.addTrack(track, stream);
        await pc.setLocalDescription(await pc.createOffer());
        const reply = await new Promise((resolve) => channel.push("signal", { type: "offer", sdp: pc.localDescription.sdp })
          .receive("ok", (r) => resolve({ ok: r })).receive("error", (r) => resolve({ error: r })).receive("timeout", () => resolve({ timeout: true })));
        const state = await new Promise((resolve) => {
          const done = setTimeout(() => resolve(pc.connectionState), 10000);
          const check = () => { if (pc.connectionState === "connected") { clearTimeout(done); resolve("connected"); } };
          pc.onconnectionstatechange = check;
          check();
        });
        await new Promise((r) => setTimeout(r, 1500));
        let received = 0;
        (await pc.getStats()).forEach((s) => { if (s.type === "inbound-rtp" && s.kind === "audio") received += s.packetsReceived; });
        pc.close();
        for (const track of stream.getTracks()) track.stop();
        return { reply, state, received, heard, pushed };
      }, `call:${mainUniqueId}`);
      assert(leg.reply.ok?.media === true, `signal reply: ${JSON.stringify(leg.reply)}`);
      assert(leg.heard[0] === "signal answer" && leg.heard.includes("ice_candidate"), JSON.stringify(leg.heard));
      assert(leg.state === "connected" && leg.received > 0, `leg ${leg.state}, ${leg.received} packets from the gateway`);
      assert(leg.pushed.length > 0 && leg.pushed.every((r) => r.forwarded === true), `trickled candidates: ${JSON.stringify(leg.pushed)}`);
      await until(() => a.events.some((e) => e.eventType === "agentStatus" && e.status.state === "talking"), "the call answered by the signaled leg");
      await until(() => a.events.some((e) => e.eventType === "sipSessionInit"), "sipSessionInit");
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
