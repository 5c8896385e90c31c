// The SDK's dialects in the browser against the gateway's faces (issue 14; docs/dialects.md §9):
// the same AgentClient, set up with `dialect`, talking to Voki's Phoenix face and GlobeMeet's
// event stream. The agent whose calls are watched logs in through the SDK's own protocol in the
// same page. Agents: 1019 (q-sales), 1029 (q-support), supervisor 9001 (GlobeMeet's whole stream).

/** A dialect token from the gateway (`POST /api/dialect-token`), as a console's backend would. */
async function dialectToken(gateway, agentNo, ttlSeconds) {
  const res = await fetch(`${gateway}/api/dialect-token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenantId: "t1", agentNo, password: "test", ttlSeconds }),
  });
  const body = await res.json();
  if (body.code !== 0) throw new Error(`dialect-token for ${agentNo}: ${JSON.stringify(body)}`);
  return body.token;
}

/** Logs an agent in through the SDK's own protocol; answers its calls by itself (endpointType 2). */
async function loggedIn(u, Client, gateway, agentNo) {
  const agent = new Client({ baseURL: u.wsUrl(gateway) });
  const key = await u.sessionKeyFor(gateway, "t1", agentNo);
  const res = await agent.login(u.loginParams("t1", agentNo, key));
  u.assert(res.code === 0, `login ${agentNo}: ${JSON.stringify(res)}`);
  return agent;
}

async function loggedOut(agent) {
  for (let i = 0; i < 20; i += 1) {
    if ((await agent.logout()).code === 0) break;
    await agent.hangup();
    await new Promise((r) => setTimeout(r, 200));
  }
  agent.destroy();
}

/** Collects every event of `names` on `client`. */
function record(client, names) {
  const log = [];
  for (const name of names) client.on(name, (e) => log.push({ name, e }));
  return log;
}

export function phoenixJoinsPushesPresenceAndRejoinsAfterADrop(u, Client, gateway) {
  return u.limited(phoenixFlow, 100000, u, Client, gateway);
}

async function phoenixFlow(u, Client, gateway, trace) {
  const agent = await loggedIn(u, Client, gateway, "1019");
  let tokens = 0;
  const voki = new Client({
    baseURL: u.wsUrl(gateway),
    dialect: "phoenix",
    heartbeatIntervalMs: 1000,
    reconnectBaseMs: 100,
    token: async () => {
      tokens += 1;
      return dialectToken(gateway, "1019");
    },
  });
  const log = record(voki, ["presence", "new_notification", "call_ended", "participant_joined", "reconnectAttempt", "ping", "sdkError", "ringing", "agentStatus"]);
  const step = (what) => trace.push(what);
  try {
    step('const connected = await voki.c');
    const connected = await voki.connect();
    u.assertEq(connected.code, 0, "connect");
    const joined = await voki.join("notification:1019", {});
    u.assertEq(joined.code, 0, `join notification: ${JSON.stringify(joined)}`);
    u.assertEq((await voki.join("presence:q-sales")).code, 0, "join presence");
    // Another agent's notifications are refused by the face, with its reason.
    const refused = await voki.join("notification:1001");
    u.assert(refused.code !== 0 && refused.errorCode === "JOIN_REFUSED", `refused: ${JSON.stringify(refused)}`);
    // Presence: the engine's list holds the logged-in agent, as phoenix.js's Presence.list would.
    await u.until(() => voki.presence("presence:q-sales").some((p) => p.key === "1019"), "1019 in the presence list");
    const entry = voki.presence("presence:q-sales").find((p) => p.key === "1019");
    u.assert(entry.metas.length >= 1 && typeof entry.metas[0].status === "string", JSON.stringify(entry));
    u.assert(log.some((l) => l.name === "presence" && l.e.topic === "presence:q-sales"), "a presence event");
    // A heartbeat on the phoenix topic answered: a ping event with a latency.
    await u.until(() => log.some((l) => l.name === "ping" && l.e.networkState > 0), "a ping");

    const call = async () => {
      const { mainUniqueId } = await u.control(gateway, "sim/call", { tenantId: "t1", agentNo: "1019", talkSeconds: 1 });
      const note = await u.until(() => log.find((l) => l.name === "new_notification" && l.e.data?.call_id === mainUniqueId), "new_notification");
      u.assertEq(note.e.type, "call_assigned", "notification type");
      // The same frame means the catalog's `ringing` (docs/dialects.md, "SDK also emits").
      const ringing = await u.until(() => log.find((l) => l.name === "ringing" && l.e.mainUniqueId === mainUniqueId), "ringing from new_notification");
      u.assertEq(ringing.e.agentNo, "1019", "ringing's agentNo from the topic");
      u.assertEq(JSON.stringify(ringing.e.via), JSON.stringify({ dialect: "phoenix", event: "new_notification", address: "notification:1019" }), "ringing's via");
      return mainUniqueId;
    };
    step('const first = await call');
    const first = await call();
    u.assertEq((await voki.join(`call:${first}`)).code, 0, "join the call");
    // A push answered by the face: an unknown event is refused with a reason (phx_reply error).
    const pushed = await voki.push(`call:${first}`, "dance", {});
    u.assert(pushed.code !== 0 && pushed.errorCode === "REFUSED", `push: ${JSON.stringify(pushed)}`);
    await u.until(() => log.find((l) => l.name === "call_ended"), "call_ended", 15000);
    // The call is over: its channel goes (the face would refuse a rejoin of a call one is not on).
    u.assertEq((await voki.leave(`call:${first}`)).code, 0, "leave the call");
    await u.until(() => agent.status?.state !== "talking", "the agent off the call", 15000);
    await u.sleep(1500);

    // A drop: reconnect with a fresh token from the supplier, every channel rejoined.
    const before = tokens;
    step('await u.control');
    await u.control(gateway, "drop");
    await u.until(() => log.some((l) => l.name === "reconnectAttempt" && l.e.code === 0), "reconnected", 15000);
    u.assert(tokens > before, `a fresh token for the reconnect (${before} → ${tokens})`);
    await u.until(() => agent.status?.state === "idle", "the agent idle again", 15000);
    step('const second = await call');
    const second = await call();
    u.assert(second !== first, "a second call");
    u.assert(log.every((l) => l.name !== "sdkError"), `no sdkError: ${JSON.stringify(log.filter((l) => l.name === "sdkError"))}`);
    // The catalog's commands are not this client's.
    step('const wrong = await voki.login');
    const wrong = await voki.login(u.loginParams("t1", "1019", "x"));
    u.assertEq(wrong.errorCode, "WRONG_DIALECT", "login on a phoenix client");
    step('u.assertEq');
    u.assertEq((await voki.close()).code, 0, "close");
  } finally {
    voki.destroy();
    await loggedOut(agent);
  }
}

/** `listener` on every event the gateway's GlobeMeet face sends (docs/dialects.md §5). */
function onEveryGlobeMeetEvent(gm, listener) {
  for (const family of ["session", "agent", "queue", "recording", "qa"]) {
    for (const ev of ["created", "ended", "connected", "dropped", "abandoned", "transferred", "depth-changed", "status-changed",
      "online", "offline", "busy", "break", "started", "finished", "failed", "deleted", "scorecard-saved", "dispute-raised",
      "score-updated", "max-wait-exceeded"]) {
      gm.on(`${family}.${ev}`, listener);
    }
  }
}

export function globemeetResumesThroughTwentyDropsWithNoLossAndNoDuplicate(u, Client, gateway) {
  return u.limited(globemeetFlow, 100000, u, Client, gateway);
}

async function globemeetFlow(u, Client, gateway, trace) {
  const agent = await loggedIn(u, Client, gateway, "1029");
  // A supervisor's token sees the tenant's whole stream: its ids are contiguous, so a hole or a
  // repeat would show.
  let tokens = 0;
  const gm = new Client({
    baseURL: u.wsUrl(gateway),
    dialect: "globemeet",
    reconnectBaseMs: 100,
    token: () => {
      tokens += 1;
      return dialectToken(gateway, "9001");
    },
  });
  const ids = [];
  const names = new Set();
  gm.on("sdkError", (e) => ids.push(`error:${e.code}`));
  for (const n of ["reconnectAttempt", "sdkError", "resync", "sessionEnded", "ping"]) gm.on(n, (e) => trace.push(`${n}:${JSON.stringify(e)}`));
  onEveryGlobeMeetEvent(gm, (f) => {
    ids.push(f.id);
    names.add(f.event);
  });
  let reconnected = 0;
  gm.on("reconnectAttempt", (e) => { if (e.code === 0) reconnected += 1; });
  const statuses = [];
  gm.on("agentStatus", (e) => statuses.push(e));
  try {
    u.assertEq((await gm.connect()).code, 0, "connect");
    const sub = await gm.join("*");
    u.assertEq(sub.code, 0, `subscribe *: ${JSON.stringify(sub)}`);
    for (let i = 0; i < 20; i += 1) {
      await u.control(gateway, "sim/call", { tenantId: "t1", agentNo: "1029", talkSeconds: 1 }).catch(() => {});
      await u.sleep(150);
      trace.push(`drop ${i} after ${ids.length} events`);
      await u.control(gateway, "drop");
      await u.until(() => reconnected > i, `reconnect ${i + 1}`, 15000);
    }
    await u.until(() => agent.status?.state === "idle", "the agent idle at the end", 20000);
    await u.sleep(1500);
    u.assert(reconnected >= 20, `20 reconnects, got ${reconnected}`);
    u.assert(tokens >= 21, `a token per connection: ${tokens}`);
    u.assert(ids.length > 20, `a stream of events, got ${ids.length}: ${ids.join(" ")}`);
    const seqs = ids.map((id) => id.split("-"));
    for (let i = 1; i < seqs.length; i += 1) {
      const [e0, s0] = seqs[i - 1];
      const [e1, s1] = seqs[i];
      u.assert(e0 === e1 && Number(s1) === Number(s0) + 1, `contiguous ids: ${ids[i - 1]} then ${ids[i]} (${ids.join(" ")})`);
    }
    u.assert(names.size >= 3, `several families: ${[...names].join(", ")}`);
    // `agent.status-changed` is also the catalog's `agentStatus`, its state the catalog's.
    const mine = statuses.filter((e) => e.agentNo === "1029" && e.via.event === "status-changed");
    u.assert(mine.some((e) => e.status.state === "talking"), `agentStatus talking: ${JSON.stringify(mine.slice(0, 3))}`);
    u.assert(mine.every((e) => e.via.address === "agent.1029.status-changed"), "agentStatus's address");
  } finally {
    gm.destroy();
    await loggedOut(agent);
  }
}

export async function dialectSetupRefusalsAreCodes(u, Client) {
  const c = new Client();
  const bad = await c.setup({ baseURL: "ws://127.0.0.1:1", dialect: "stomp", token: "t" });
  u.assertEq(bad.errorCode, "BAD_PARAMS", "an unknown dialect");
  const noToken = await c.setup({ baseURL: "ws://127.0.0.1:1", dialect: "phoenix" });
  u.assertEq(noToken.errorCode, "BAD_PARAMS", "phoenix needs a token");
  const ok = await c.setup({ baseURL: "ws://127.0.0.1:1", dialect: "actioncable" });
  u.assertEq(ok.code, 0, "actioncable takes its credential in the identifier");
  const badToken = await new Client().setup({ baseURL: "ws://127.0.0.1:1", dialect: "actioncable", token: 42 });
  u.assertEq(badToken.errorCode, "BAD_PARAMS", "an actioncable connection token that is neither a string nor a function");
  let threw = null;
  try {
    c.on("conversation.created", () => {});
    c.on("nonsense", () => {});
  } catch (e) {
    threw = e;
  }
  u.assertEq(threw?.code, "UNKNOWN_EVENT", "dialect names are known, others refused");
  const notJoined = await c.push(JSON.stringify({ channel: "RoomChannel" }), "x", {});
  u.assert(notJoined.code !== 0, "a push before connect");
  const failed = await c.connect();
  u.assertEq(failed.errorCode, "CONNECT_FAILED", "nothing listens there");
  c.destroy();
  const plain = new Client();
  const refusal = await plain.join("x").then(() => null, (e) => e);
  u.assertEq(refusal?.code, "NOT_A_DIALECT_CLIENT", "join on an agentdesk client");
  plain.destroy();
}

/** Qubicle's account of tenant t1 (gateway/tests/fixtures/test-directory.toml). */
const QUBICLE_T1 = "4b8c1d0e9f2a3b4c5d6e7f8091a2b3c4";
const QUBICLE_T2 = "00000000000000000000000000000002";

export function kazooBindingsRouteEventsAndAreRemadeAfterADrop(u, Client, gateway) {
  return u.limited(kazooFlow, 100000, u, Client, gateway);
}

async function kazooFlow(u, Client, gateway, trace) {
  const agent = await loggedIn(u, Client, gateway, "1033");
  let tokens = 0;
  const q = new Client({
    baseURL: u.wsUrl(gateway),
    dialect: "kazoo",
    reconnectBaseMs: 100,
    token: () => {
      tokens += 1;
      return dialectToken(gateway, "1033");
    },
  });
  const A = QUBICLE_T1;
  const got = [];
  for (const name of ["offer", "create", "delete", "ready", "join", "leave", "hangup", "wrapup_start", "wrapup_complete"]) {
    q.on(name, (f) => got.push(f));
  }
  const catalog = [];
  for (const name of ["ringing", "agentStatus", "sessionInit"]) q.on(name, (e) => catalog.push(e));
  const errors = [];
  q.on("sdkError", (e) => errors.push(e));
  q.on("reconnectAttempt", (e) => trace.push(`reconnect ${e.code}`));
  try {
    u.assertEq((await q.connect()).code, 0, "connect");
    const recipient = `qubicle.recipient.${A}.*`;
    const session = `qubicle.session.${A}.*`;
    const offers = `qubicle.recipient.${A}.*.offer`;
    for (const binding of [recipient, session, offers]) {
      const r = await q.join(binding, { account_id: A });
      u.assertEq(r.code, 0, `subscribe ${binding}: ${JSON.stringify(r)}`);
      u.assert(Array.isArray(r.data?.subscribed), `the reply's data: ${JSON.stringify(r)}`);
    }
    // Another account's binding: an error reply, the socket stays.
    const other = await q.join(`qubicle.queue.${QUBICLE_T2}.*`, { account_id: QUBICLE_T2 });
    u.assert(other.code !== 0 && other.errorCode === "JOIN_REFUSED", `other account: ${JSON.stringify(other)}`);
    const call = async (what) => {
      trace.push(what);
      const before = got.length;
      await u.until(() => agent.status?.state === "idle", "the agent idle before the call", 15000);
      // The simulator refuses a direct call while the agent is still busy with the last one.
      for (let tries = 0; ; tries += 1) {
        try {
          await u.control(gateway, "sim/call", { tenantId: "t1", agentNo: "1033", talkSeconds: 1 });
          break;
        } catch (e) {
          if (tries >= 20) throw e;
          await u.sleep(250);
        }
      }
      await u.until(() => got.slice(before).some((f) => f.subscribed_key === session && f.name === "delete"), `session delete (${what})`, 15000);
      await u.until(() => got.slice(before).some((f) => f.subscribed_key === offers), `an offer through the narrowed binding (${what})`, 15000);
      await u.until(() => agent.status?.state === "idle", "the agent idle", 15000);
    };
    await call("first call");
    // A recipient `offer` is also the catalog's `ringing`, typed from the frame: the recipient,
    // the account as the tenant, the session as the call.
    const offer = got.find((f) => f.name === "offer");
    const ringing = await u.until(() => catalog.find((e) => e.eventType === "ringing"), "ringing from offer");
    u.assertEq(ringing.agentNo, "1033", "ringing's agentNo");
    u.assertEq(ringing.tenantId, A, "ringing's tenantId: the account");
    u.assertEq(ringing.mainUniqueId, offer.data.session_id, "ringing's mainUniqueId: the session");
    u.assertEq(ringing.via.event, "offer", "ringing's via");
    u.assertEq(ringing.via.address, offer.routing_key, "ringing's address");
    // The recipient's state changes through the call are `agentStatus` with the catalog's states.
    const states = catalog.filter((e) => e.eventType === "agentStatus" && e.agentNo === "1033").map((e) => e.status.state);
    u.assert(states.includes("talking"), `agentStatus talking from delivered: ${states}`);
    for (const f of got) {
      u.assert(f.routing_key.split(".")[2] === A && f.data.account_id === A, `only account A: ${f.routing_key}`);
      if (f.subscribed_key === offers) u.assertEq(f.name, "offer", "the narrowed binding carries offers only");
    }
    const before = tokens;
    trace.push("drop");
    await u.control(gateway, "drop");
    await u.until(() => trace.includes("reconnect 0"), "reconnected", 15000);
    u.assert(tokens > before, "a fresh token for the reconnect");
    await call("second call");
    u.assertEq(errors.length, 0, `no sdkError: ${JSON.stringify(errors)}`);
  } finally {
    q.destroy();
    await loggedOut(agent);
  }
}

export function actioncableSubscribesReceivesAndResubscribesAfterADrop(u, Client, gateway) {
  return u.limited(actioncableFlow, 100000, u, Client, gateway);
}

async function actioncableFlow(u, Client, gateway, trace) {
  const agent = await loggedIn(u, Client, gateway, "1024");
  const room = { channel: "RoomChannel", pubsub_token: await dialectToken(gateway, "1024"), account_id: 1, user_id: 1024 };
  const cable = new Client({ baseURL: u.wsUrl(gateway), dialect: "actioncable", presenceIntervalMs: 1000 });
  const got = [];
  for (const name of ["conversation.created", "assignee.changed", "conversation.status_changed", "presence.update", "message.created", "ringing", "agentStatus"]) {
    cable.on(name, (d) => got.push({ name, d }));
  }
  const errors = [];
  cable.on("sdkError", (e) => errors.push(e));
  cable.on("reconnectAttempt", (e) => trace.push(`reconnect ${e.code}`));
  try {
    u.assertEq((await cable.connect()).code, 0, "connect (after welcome)");
    const sub = await cable.join(room);
    u.assertEq(sub.code, 0, `subscribe: ${JSON.stringify(sub)}`);
    // A forged pubsub token: reject_subscription.
    const forged = await cable.join({ ...room, pubsub_token: "eyJhbGciOiJIUzI1NiJ9.e30.forged" });
    u.assert(forged.code !== 0 && forged.errorCode === "JOIN_REFUSED", `forged: ${JSON.stringify(forged)}`);
    const call = async (what) => {
      trace.push(what);
      const before = got.length;
      await u.control(gateway, "sim/call", { tenantId: "t1", agentNo: "1024", talkSeconds: 1 });
      await u.until(() => got.slice(before).some((g) => g.name === "conversation.created"), `conversation.created (${what})`, 15000);
      await u.until(() => got.slice(before).some((g) => g.name === "assignee.changed"), `assignee.changed (${what})`, 15000);
      await u.until(() => agent.status?.state === "idle", "the agent idle", 15000);
    };
    await call("first call");
    // `assignee.changed` is also the catalog's `ringing`: Voxsig's integer user id becomes the
    // agent number, the conversation's call id the call.
    const assigned = got.find((g) => g.name === "assignee.changed").d;
    const ringing = await u.until(() => got.find((g) => g.name === "ringing"), "ringing from assignee.changed");
    u.assertEq(ringing.d.agentNo, "1024", "ringing's agentNo");
    u.assertEq(ringing.d.mainUniqueId, assigned.additional_attributes.call_id, "ringing's mainUniqueId");
    u.assertEq(ringing.d.via.dialect, "actioncable", "ringing's via");
    u.assertEq(ringing.d.via.address, undefined, "ActionCable's broadcasts carry no stream");
    const created = got.find((g) => g.name === "conversation.created").d;
    u.assert(Number.isInteger(created.id) && created.account_id === 1, JSON.stringify(created));
    trace.push("drop");
    await u.control(gateway, "drop");
    await u.until(() => trace.includes("reconnect 0"), "reconnected", 15000);
    await call("second call");
    u.assertEq(errors.length, 0, `no sdkError: ${JSON.stringify(errors)}`);
  } finally {
    cable.destroy();
    await loggedOut(agent);
  }
}

// ---- the differential against phoenix.js (tests/dialects/phoenix_script.mjs) -------------------

/** The script server's numbers (phoenix_script.mjs HEARTBEAT_MS, RECONNECT_MS). */
const SCRIPT_HEARTBEAT_MS = 400;
const SCRIPT_RECONNECT_MS = 100;

async function getJson(url) {
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * What a client sent on each connection, in the terms the protocol fixes and nothing else:
 * every frame but heartbeats as [join_ref rule, topic, event, payload] (a join's join_ref is its
 * own ref; a push carries the join_ref of its topic's join in force), the heartbeats apart, the
 * refs, and how long the rejoin after `phx_error` waited.
 */
function sentShape(transcript) {
  return transcript.connections.map((c) => {
    const lastJoin = {};
    const frames = [];
    const beats = [];
    const refs = [];
    let rejoinMs = null;
    for (const { at, frame } of c.frames) {
      if (!Array.isArray(frame) || frame.length !== 5) {
        frames.push(["not a V2 frame", JSON.stringify(frame)]);
        continue;
      }
      const [jr, ref, topic, event, payload] = frame;
      refs.push(ref);
      if (topic === "phoenix") {
        beats.push(JSON.stringify([jr, topic, event, payload]));
        continue;
      }
      let rule;
      if (event === "phx_join") {
        rule = jr === ref ? "join_ref = own ref" : `join_ref ${jr} ≠ ref ${ref}`;
        if (lastJoin[topic] !== undefined && c.phxErrorAt !== null && rejoinMs === null) rejoinMs = at - c.phxErrorAt;
        lastJoin[topic] = jr;
      } else {
        rule = jr === lastJoin[topic] ? "join_ref = its join's" : `join_ref ${jr}`;
      }
      frames.push([rule, topic, event, JSON.stringify(payload)]);
    }
    return { frames, beats, refs, rejoinMs };
  });
}

/** Refs are decimal strings, unique and growing on a connection (Phoenix matches replies by them). */
function checkRefs(u, who, shape) {
  shape.forEach((c, i) => {
    u.assert(c.refs.every((r) => typeof r === "string" && /^[0-9]+$/.test(r)), `${who} conn ${i}: refs are decimal strings: ${c.refs}`);
    const n = c.refs.map(Number);
    u.assert(n.every((r, k) => k === 0 || r > n[k - 1]), `${who} conn ${i}: refs grow: ${c.refs}`);
  });
}

export function phoenixSendsAndDeliversWhatPhoenixJsDoes(u, Client, script) {
  return u.limited(phoenixDifferential, 60000, u, Client, script);
}

async function phoenixDifferential(u, Client, script, trace) {
  u.assert(script !== "", "AGENTDESK_PHOENIX_SCRIPT was not set at build time (scripts/test.sh starts tests/dialects/phoenix_script.mjs)");
  trace.push("reference");
  const ref = await getJson(`${script}/reference`);
  const token = `sdk-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const sdk = new Client({
    baseURL: u.wsUrl(script),
    dialect: "phoenix",
    heartbeatIntervalMs: SCRIPT_HEARTBEAT_MS,
    reconnectBaseMs: SCRIPT_RECONNECT_MS,
    reconnectMaxMs: SCRIPT_RECONNECT_MS,
    token,
  });
  const delivered = [];
  let done = false;
  sdk.on("queue_update", (p) => {
    delivered.push(p);
    if (p.n === "done") done = true;
  });
  const errors = [];
  sdk.on("sdkError", (e) => errors.push(e));
  sdk.on("reconnectAttempt", (e) => trace.push(`reconnect ${e.code}`));
  try {
    trace.push("connect");
    u.assertEq((await sdk.connect()).code, 0, "connect");
    const joins = await Promise.all(["room:a", "room:b"].map((t) => sdk.join(t, {})));
    for (const j of joins) u.assertEq(j.code, 0, `join: ${JSON.stringify(j)}`);
    const echo = await sdk.push("room:a", "echo", { x: 1 });
    const refused = await sdk.push("room:a", "refuse", {});
    trace.push("script");
    await u.until(() => done, "the script's last event", 20000);
    await u.sleep(2 * SCRIPT_HEARTBEAT_MS + 200);
    u.assertEq((await sdk.close()).code, 0, "close");

    // What each delivered: the same events in the same order; the stale join_refs dropped by both.
    u.assertEq(JSON.stringify(delivered), JSON.stringify(ref.delivered), "delivered (SDK, then phoenix.js)");
    // What each push's reply gave the page: phoenix.js's `response` is the SDK's `data`.
    u.assert(echo.code === 0 && JSON.stringify(echo.data) === JSON.stringify(ref.replies.echo.ok), `echo: ${JSON.stringify(echo)} vs ${JSON.stringify(ref.replies.echo)}`);
    u.assert(refused.errorCode === "REFUSED" && JSON.stringify(refused.data) === JSON.stringify(ref.replies.refuse.error),
      `refuse: ${JSON.stringify(refused)} vs ${JSON.stringify(ref.replies.refuse)}`);
    // The one sdkError: the channel's crash, said once.
    u.assert(errors.length === 1 && errors[0].code === "CHANNEL_ERROR", `sdkErrors: ${JSON.stringify(errors)}`);

    // What each sent.
    const mine = sentShape(await getJson(`${script}/transcript?token=${encodeURIComponent(token)}`));
    const theirs = sentShape(ref.transcript);
    u.assertEq(mine.length, 2, `the SDK's connections: ${JSON.stringify(mine)}`);
    u.assertEq(theirs.length, 2, `phoenix.js's connections: ${JSON.stringify(theirs)}`);
    checkRefs(u, "SDK", mine);
    checkRefs(u, "phoenix.js", theirs);
    for (let i = 0; i < 2; i += 1) {
      u.assertEq(JSON.stringify(mine[i].frames), JSON.stringify(theirs[i].frames), `connection ${i}: frames (SDK, then phoenix.js)`);
      // Heartbeats: the same frame on both, on every connection (the SDK's first goes at once,
      // phoenix.js's after an interval: docs/dialects.md §2.1).
      const beat = JSON.stringify([null, "phoenix", "heartbeat", {}]);
      u.assert(mine[i].beats.length >= 1 && mine[i].beats.every((b) => b === beat), `SDK heartbeats, conn ${i}: ${mine[i].beats}`);
      u.assert(theirs[i].beats.length >= 1 && theirs[i].beats.every((b) => b === beat), `phoenix.js heartbeats, conn ${i}: ${theirs[i].beats}`);
    }
    // The rejoin after phx_error waits as phoenix.js's does (its rejoinAfterMs: 1 s first): both
    // at least ~1 s, and near each other (timers on a loaded machine run late, never early).
    const [a, b] = [mine[0].rejoinMs, theirs[0].rejoinMs];
    u.assert(a !== null && b !== null && a >= 950 && b >= 950 && Math.abs(a - b) < 1000, `rejoin after phx_error: SDK ${a} ms, phoenix.js ${b} ms`);
  } finally {
    sdk.destroy();
  }
}

export function phoenixPresenceListEqualsPhoenixJs(u, Client, gateway, script) {
  return u.limited(phoenixPresenceDifferential, 60000, u, Client, gateway, script);
}

async function phoenixPresenceDifferential(u, Client, gateway, script, trace) {
  u.assert(script !== "", "AGENTDESK_PHOENIX_SCRIPT was not set at build time");
  const agents = [await loggedIn(u, Client, gateway, "1018"), await loggedIn(u, Client, gateway, "1016")];
  const topic = "presence:q-sales";
  const voki = new Client({ baseURL: u.wsUrl(gateway), dialect: "phoenix", token: () => dialectToken(gateway, "1018") });
  try {
    u.assertEq((await voki.connect()).code, 0, "connect");
    u.assertEq((await voki.join(topic)).code, 0, "join presence");
    await u.until(() => ["1018", "1016"].every((k) => voki.presence(topic).some((p) => p.key === k)), "both agents in the SDK's list");
    // One agent changes state: the list both clients hold follows.
    u.assertEq((await agents[1].pause({ pauseDescription: "lunch" })).code, 0, "pause 1016");
    await u.sleep(1000);
    const compare = async (what) => {
      trace.push(what);
      const token = await dialectToken(gateway, "1018");
      const socket = `${u.wsUrl(gateway)}/socket`;
      const theirs = await getJson(`${script}/presence?socket=${encodeURIComponent(socket)}&topic=${encodeURIComponent(topic)}&token=${encodeURIComponent(token)}`);
      const mine = voki.presence(topic);
      // Keys in phoenix.js's order (insertion order of its state object); metas in theirs.
      const sorted = (l) => JSON.stringify([...l].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)));
      u.assertEq(sorted(mine), sorted(theirs), `${what}: the SDK's list, then phoenix.js's Presence.list`);
      return theirs;
    };
    const first = await compare("after a pause");
    u.assert(first.some((p) => p.key === "1016" && p.metas.some((m) => m.status === "away")), JSON.stringify(first));
    await loggedOut(agents.pop());
    await u.until(() => !voki.presence(topic).some((p) => p.key === "1016"), "1016 gone from the SDK's list");
    await compare("after a logout");
  } finally {
    voki.destroy();
    for (const a of agents) await loggedOut(a);
  }
}

// ---- the softphone leg over Voki signaling (seed 004 `call:`) ----------------------------------

export function phoenixSoftphoneLegOverVokiSignalingReportsWebrtcStats(u, Client, gateway) {
  return u.limited(phoenixSoftphone, 90000, u, Client, gateway);
}

async function phoenixSoftphone(u, Client, gateway, trace) {
  // The agent is on a softphone (endpointType 3): its calls are answered by a WebRTC leg, here
  // the one the phoenix client opens over the call channel.
  const agentNo = "1027";
  const agent = new Client({ baseURL: u.wsUrl(gateway) });
  const key = await u.sessionKeyFor(gateway, "t1", agentNo);
  const login = await agent.login({ tenantId: "t1", agentNo, sessionKey: key,
    bindEndpoint: { endpointType: 3, endpoint: `sp-${agentNo}` }, initialStatus: 1 });
  u.assertEq(login.code, 0, `login: ${JSON.stringify(login)}`);
  const voki = new Client({ baseURL: u.wsUrl(gateway), dialect: "phoenix", token: () => dialectToken(gateway, agentNo) });
  const stats = [];
  voki.on("webrtcStats", (e) => stats.push(e));
  const log = record(voki, ["signal", "ice_candidate", "call_ended", "sdkError"]);
  try {
    u.assertEq((await voki.connect()).code, 0, "connect");
    const ringing = u.nextEvent(agent, "ringing", () => true, 10000);
    trace.push("call");
    const { mainUniqueId } = await u.control(gateway, "sim/call", { tenantId: "t1", agentNo, talkSeconds: 10 });
    await ringing;
    const topic = `call:${mainUniqueId}`;
    u.assertEq((await voki.join(topic)).code, 0, "join the call channel");
    const talking = u.nextEvent(agent, "agentStatus", (e) => e.status.state === "talking", 15000);
    trace.push("softphone");
    const leg = await voki.softphone(topic);
    u.assert(leg.code === 0 && leg.data?.media === true, `softphone: ${JSON.stringify(leg)}`);
    // A second leg while one is up is refused, not stacked.
    u.assertEq((await voki.softphone(topic)).errorCode, "INVALID_STATE", "a second leg");
    await talking;
    trace.push("stats");
    // Audio in, and a MOS once the far end's RTCP reports have come (Firefox's take a few seconds).
    await u.until(() => stats.filter((s) => s.packetsReceived > 0).length >= 3, "three webrtcStats with audio in", 15000);
    await u.until(() => stats.some((s) => typeof s.mos === "number"), "a webrtcStats with a MOS", 15000);
    const good = stats.filter((s) => s.packetsReceived > 0);
    const last = good[good.length - 1];
    u.assert(last.totals.packetsReceived > 0 && last.totals.packetsSent > 0, `audio both ways: ${JSON.stringify(last)}`);
    u.assertEq([last.iceState !== "", last.codec], [true, "opus"], "ice state and codec");
    const mos = good.map((s) => s.mos).filter((m) => typeof m === "number");
    u.assert(mos.length > 0 && mos.every((m) => m >= 1 && m <= 4.5), `mos in 1–4.5: ${mos}`);
    // The signaling reached the page's listeners too: the answer, the server's candidates.
    u.assert(log.some((l) => l.name === "signal" && l.e.type === "answer"), "the answer delivered");
    // The call ends: the leg closes, the stats stop.
    trace.push("end");
    await u.until(() => log.some((l) => l.name === "call_ended"), "call_ended", 20000);
    await u.sleep(300);
    const after = stats.length;
    await u.sleep(2500);
    u.assertEq(stats.length, after, "no webrtcStats after the call ended");
    u.assert(log.every((l) => l.name !== "sdkError"), `no sdkError: ${JSON.stringify(log.filter((l) => l.name === "sdkError"))}`);
  } finally {
    voki.destroy();
    await loggedOut(agent);
  }
}

export function globemeetOverflowIsAResumeWithNoLossAndNoDuplicate(u, Client, gateway) {
  return u.limited(globemeetOverflowFlow, 100000, u, Client, gateway);
}

/** A lagging client (every frame 6 s late: the gateway's lag check drops it past 5 s, seed 002)
 * gets `overflow` and close 4008; the SDK reconnects at once and resumes from its last id. */
async function globemeetOverflowFlow(u, Client, gateway, trace) {
  const agent = await loggedIn(u, Client, gateway, "1037");
  const gm = new Client({ baseURL: u.wsUrl(gateway), dialect: "globemeet", reconnectBaseMs: 100, token: () => dialectToken(gateway, "9001") });
  const ids = [];
  const seen = [];
  onEveryGlobeMeetEvent(gm, (f) => ids.push(f.id));
  for (const n of ["overflow", "reconnectAttempt", "resync", "sessionEnded", "sdkError"]) gm.on(n, (e) => { seen.push({ n, e }); trace.push(`${n}:${JSON.stringify(e)}`); });
  try {
    u.assertEq((await gm.connect()).code, 0, "connect");
    u.assertEq((await gm.join("*")).code, 0, "subscribe *");
    await u.control(gateway, "delay", { ms: 6000 });
    trace.push("delayed");
    await u.control(gateway, "sim/call", { tenantId: "t1", agentNo: "1037", talkSeconds: 1 });
    await u.until(() => seen.some((s) => s.n === "overflow"), "overflow", 40000);
    await u.control(gateway, "delay", { ms: 0 });
    trace.push("undelayed");
    await u.until(() => seen.some((s) => s.n === "reconnectAttempt" && s.e.code === 0), "reconnected after overflow", 20000);
    await u.until(() => agent.status?.state === "idle", "the agent idle after the call", 30000);
    // A second call after the resume: its events follow the first's with no gap.
    await u.control(gateway, "sim/call", { tenantId: "t1", agentNo: "1037", talkSeconds: 1 });
    const before = ids.length;
    await u.until(() => ids.length > before + 2, "the next call's events", 20000);
    await u.until(() => agent.status?.state === "idle", "the agent idle at the end", 30000);
    await u.sleep(1000);
    const overflow = seen.find((s) => s.n === "overflow").e;
    u.assertEq(overflow.type, "overflow", "the overflow frame reaches listeners");
    const attempt = seen.find((s) => s.n === "reconnectAttempt");
    u.assertEq(attempt.e.delayMs ?? 0, 0, `reconnect at once after overflow: ${JSON.stringify(attempt.e)}`);
    u.assert(!seen.some((s) => s.n === "resync" || s.n === "sessionEnded" || s.n === "sdkError"), `resumed, not reloaded: ${JSON.stringify(seen)}`);
    u.assert(ids.length > 5, `a stream: ${ids.join(" ")}`);
    const seqs = ids.map((id) => id.split("-"));
    for (let i = 1; i < seqs.length; i += 1) {
      u.assert(seqs[i][0] === seqs[i - 1][0] && Number(seqs[i][1]) === Number(seqs[i - 1][1]) + 1, `contiguous ids: ${ids[i - 1]} then ${ids[i]} (${ids.join(" ")})`);
    }
  } finally {
    await u.control(gateway, "delay", { ms: 0 }).catch(() => {});
    gm.destroy();
    await loggedOut(agent);
  }
}

export function globemeetRefreshesAShortTokenThroughTheSupplier(u, Client, gateway) {
  return u.limited(globemeetRefreshFlow, 100000, u, Client, gateway);
}

/** A 70 s token: the server warns 60 s before expiry (`token_expiring`), the SDK asks the page's
 * supplier and sends `refresh` on the same socket — no reconnect — and the stream goes on. */
async function globemeetRefreshFlow(u, Client, gateway, trace) {
  const agent = await loggedIn(u, Client, gateway, "1038");
  const supplied = [];
  const gm = new Client({
    baseURL: u.wsUrl(gateway),
    dialect: "globemeet",
    token: async () => {
      const t = await dialectToken(gateway, "1038", 70);
      supplied.push(Date.now());
      return t;
    },
  });
  const events = [];
  gm.on("agent.status-changed", (f) => events.push(f));
  gm.on("session.created", (f) => events.push(f));
  const trouble = [];
  for (const n of ["reconnectAttempt", "sessionEnded", "sdkError", "resync"]) gm.on(n, (e) => { trouble.push({ n, e }); trace.push(`${n}:${JSON.stringify(e)}`); });
  try {
    u.assertEq((await gm.connect()).code, 0, "connect");
    u.assertEq((await gm.join("agent.1038.*")).code, 0, "subscribe to one's own agent topics");
    await u.until(() => supplied.length >= 3, "two refreshes through the supplier", 40000);
    const gaps = supplied.slice(1).map((t, i) => t - supplied[i]);
    u.assert(gaps.every((g) => g > 3000 && g < 30000), `refreshes ahead of expiry, not in a loop: ${gaps}`);
    await u.control(gateway, "sim/call", { tenantId: "t1", agentNo: "1038", talkSeconds: 1 });
    await u.until(() => events.some((f) => f.data.status === "talking"), "the stream after the refreshes", 20000);
    u.assertEq(trouble.length, 0, `no reconnect, no error: ${JSON.stringify(trouble)}`);
  } finally {
    gm.destroy();
    await u.until(() => agent.status?.state === "idle", "the agent idle", 20000).catch(() => {});
    await loggedOut(agent);
  }
}

/**
 * The seeds' own JavaScript examples beside the SDK on one call (issue 14: "the seed's own JS
 * examples keep working against the gateway; the SDK receives the same events they do"). Each
 * example is written as its seed shows it: seed 004's phoenix.js `Socket` and `channel.on`,
 * seed 000's plain WebSocket with its `subscribe` message, seed 001's plain WebSocket with its
 * `subscribe` command and RoomChannel identifier, seed 002's topics over a plain WebSocket ("plain
 * WebSocket clients work too"; its `@globemeet/sdk` is not published). Both sides subscribe to
 * the same things before the call; afterwards every frame about the call (and every frame of the
 * agent-scoped subscriptions) must be the same, in the same order, payloads deep-equal; the SDK
 * also emits the catalog's `ringing` for it in each dialect.
 */
export function seedExamplesAndTheSdkReceiveTheSameEventsOnOneCall(u, Client, gateway, phoenixSource) {
  return u.limited(seedExamplesFlow, 100000, u, Client, gateway, phoenixSource);
}

async function seedExamplesFlow(u, Client, gateway, phoenixSource, trace) {
  const X = "1039";
  const A = QUBICLE_T1;
  const ws = u.wsUrl(gateway);
  const agent = await loggedIn(u, Client, gateway, X);
  const token = await dialectToken(gateway, X);
  const supervisorToken = await dialectToken(gateway, "9001");
  const blob = URL.createObjectURL(new Blob([phoenixSource], { type: "text/javascript" }));
  const { Socket } = await import(blob);
  URL.revokeObjectURL(blob);
  const seed = { voki: [], qubicle: [], voxsig: [], globemeet: [] };
  const sdk = { voki: [], qubicle: [], voxsig: [], globemeet: [] };
  const catalog = { voki: [], qubicle: [], voxsig: [], globemeet: [] };
  const closers = [];
  const opened = (socket) => new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
  const confirmed = (log, test, what) => u.until(() => log.some(test), what, 10000);
  try {
    // ---- seed 004 (Voki): phoenix.js as the seed writes it.
    const socket = new Socket(`${ws}/socket`, { params: { token } });
    socket.connect();
    closers.push(() => socket.disconnect());
    const channel = socket.channel(`notification:${X}`, {});
    for (const event of ["new_notification", "appointment_reminder"]) channel.on(event, (payload) => seed.voki.push({ event, payload }));
    const joined = await new Promise((resolve) => channel.join().receive("ok", () => resolve(true)).receive("error", () => resolve(false)));
    u.assert(joined, "seed 004: the channel joined");
    // ---- seed 000 (Qubicle): a plain WebSocket and the seed's subscribe message.
    const qubicle = new WebSocket(`${ws}/qubicle`);
    closers.push(() => qubicle.close());
    const qubicleFrames = [];
    qubicle.onmessage = (m) => qubicleFrames.push(JSON.parse(m.data));
    await opened(qubicle);
    const binding = `qubicle.recipient.${A}.${X}.*`;
    qubicle.send(JSON.stringify({ action: "subscribe", auth_token: token, data: { account_id: A, binding } }));
    await confirmed(qubicleFrames, (f) => f.action === "reply" && f.status === "success", "seed 000: subscribed");
    // ---- seed 001 (Voxsig): a plain WebSocket, the seed's subscribe command and identifier.
    const stringify = (payload = {}) => JSON.stringify(payload);
    const identifier = { channel: "RoomChannel", pubsub_token: token, account_id: 1, user_id: Number(X) };
    const connection = new WebSocket(`${ws}/cable`, "actioncable-v1-json");
    closers.push(() => connection.close());
    const voxsigFrames = [];
    connection.onmessage = (m) => voxsigFrames.push(JSON.parse(m.data));
    await opened(connection);
    await confirmed(voxsigFrames, (f) => f.type === "welcome", "seed 001: welcome");
    connection.send(stringify({ command: "subscribe", identifier: stringify(identifier) }));
    await confirmed(voxsigFrames, (f) => f.type === "confirm_subscription", "seed 001: confirmed");
    // ---- seed 002 (GlobeMeet): the seed's topic families on a plain WebSocket.
    const topics = [`agent.${X}.*`, "session.*"];
    const globemeet = new WebSocket(`${ws}/v1/events?token=${encodeURIComponent(supervisorToken)}`, "globemeet-events.v1");
    closers.push(() => globemeet.close());
    const globemeetFrames = [];
    globemeet.onmessage = (m) => globemeetFrames.push(JSON.parse(m.data));
    await opened(globemeet);
    globemeet.send(JSON.stringify({ type: "subscribe", id: "s1", topics }));
    await confirmed(globemeetFrames, (f) => f.type === "subscribed", "seed 002: subscribed");

    // ---- the SDK, subscribed to the same.
    const voki = new Client({ baseURL: ws, dialect: "phoenix", token: () => dialectToken(gateway, X) });
    const q = new Client({ baseURL: ws, dialect: "kazoo", token: () => dialectToken(gateway, X) });
    const cable = new Client({ baseURL: ws, dialect: "actioncable", presenceIntervalMs: 600000 });
    const gm = new Client({ baseURL: ws, dialect: "globemeet", token: () => dialectToken(gateway, "9001") });
    closers.push(() => voki.destroy(), () => q.destroy(), () => cable.destroy(), () => gm.destroy());
    for (const event of ["new_notification", "appointment_reminder"]) voki.on(event, (payload) => sdk.voki.push({ event, payload }));
    // Every recipient event seed 000 lists, `sync` included: the gateway's periodic `sync` (every
    // 60 s) falls inside the call's window about one run in twelve, and the seed's socket gets it.
    for (const name of ["create", "delete", "ready", "away", "pause", "resume", "wrapup_start", "wrapup_complete", "offer",
      "reject", "rescind", "delivered", "hangup", "external_call_start", "external_call_end", "sync", "wiretap_start",
      "wiretap_stop", "wiretap_failed", "interaction_finalize_start", "interaction_finalize_end"]) {
      q.on(name, (f) => sdk.qubicle.push(f));
    }
    for (const name of ["conversation.created", "conversation.status_changed", "conversation.typing_on", "conversation.typing_off",
      "message.created", "assignee.changed", "contact.created", "notification.created"]) {
      cable.on(name, (data) => sdk.voxsig.push({ event: name, data }));
    }
    onEveryGlobeMeetEvent(gm, (f) => sdk.globemeet.push(f));
    for (const [name, client] of [["voki", voki], ["qubicle", q], ["voxsig", cable], ["globemeet", gm]]) {
      client.on("ringing", (e) => catalog[name].push(e));
      client.on("sdkError", (e) => trace.push(`${name} sdkError ${JSON.stringify(e)}`));
    }
    for (const c of [voki, q, cable, gm]) u.assertEq((await c.connect()).code, 0, "SDK connect");
    u.assertEq((await voki.join(`notification:${X}`)).code, 0, "SDK: notification channel");
    u.assertEq((await q.join(binding, { account_id: A })).code, 0, "SDK: the same binding");
    u.assertEq((await cable.join(identifier)).code, 0, "SDK: the same identifier");
    for (const t of topics) u.assertEq((await gm.join(t)).code, 0, `SDK: ${t}`);

    // ---- one call, both sides listening from before it starts to after it is over.
    // The direct call needs the agent idle. Once the gateway answered 409 "agent 1039 is talking"
    // right after this login: a call another suite's fault test left unanswered had gone back to
    // q-support and reached the next idle agent of that queue. The test directory's short
    // patience (3-5 s) now ends such calls; one still ringing in that window is ended here, and
    // the trace says so. Its last events (hangup, wrapup, ready) reach the seed's sockets and the
    // SDK's at slightly different moments, so both sides are compared from a mark set once the
    // agent has been idle for a while, not from their first event.
    await u.until(() => agent.status?.state !== undefined, "the agent's status after login", 10000);
    if (agent.status.state !== "idle") {
      trace.push(`agent ${X} ${agent.status.state} before the call: hung up`);
      await agent.hangup();
      await u.until(() => agent.status?.state === "idle", "the agent idle before the call", 20000);
      await u.sleep(1500);
    }
    const mark = { qubicle: qubicleFrames.length, voxsig: voxsigFrames.length, globemeet: globemeetFrames.length };
    const sdkMark = { qubicle: sdk.qubicle.length, voxsig: sdk.voxsig.length, globemeet: sdk.globemeet.length };
    const { mainUniqueId: call } = await u.control(gateway, "sim/call", { tenantId: "t1", agentNo: X, talkSeconds: 1 });
    trace.push(`call ${call}`);
    await u.until(() => sdk.globemeet.some((f) => f.event === "session.ended" && f.data.session_id === call), "the call's end (SDK)", 20000);
    await u.until(() => agent.status?.state === "idle", "the agent idle after the call", 20000);
    await u.sleep(1500);

    const about = (f) => JSON.stringify(f).includes(JSON.stringify(call));
    const sides = {
      voki: [seed.voki, sdk.voki],
      qubicle: [qubicleFrames.slice(mark.qubicle).filter((f) => f.action === "event"), sdk.qubicle.slice(sdkMark.qubicle)],
      voxsig: [voxsigFrames.slice(mark.voxsig).filter((f) => f.message?.event !== undefined && about(f.message)).map((f) => ({ event: f.message.event, data: f.message.data })), sdk.voxsig.slice(sdkMark.voxsig).filter(about)],
      globemeet: [globemeetFrames.slice(mark.globemeet).filter((f) => f.type === "event" && (about(f) || f.topic.startsWith(`agent.${X}.`))), sdk.globemeet.slice(sdkMark.globemeet).filter((f) => about(f) || f.topic.startsWith(`agent.${X}.`))],
    };
    for (const [name, [theirs, ours]] of Object.entries(sides)) {
      u.assert(theirs.length > 0, `${name}: the seed's example got the call's events`);
      u.assertEq(JSON.stringify(ours), JSON.stringify(theirs), `${name}: the SDK got what the seed's example got`);
      trace.push(`${name}: ${theirs.length} events the same`);
      // GlobeMeet has no offer (docs/dialects.md §5: `CallOffered` → `agent.busy`), so no `ringing`.
      if (name !== "globemeet") {
        const ringing = catalog[name].find((e) => e.mainUniqueId === call);
        u.assert(ringing?.via?.dialect !== undefined, `${name}: the catalog's ringing for the call: ${JSON.stringify(catalog[name])}`);
      }
    }
  } finally {
    for (const close of closers) {
      try { close(); } catch { /* already closed */ }
    }
    await loggedOut(agent);
  }
}
