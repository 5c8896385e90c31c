// The SDK's `actioncable` dialect against a real Rails server (issue 14; docs/dialects.md §9):
// Debian's ruby-actioncable under puma (tests/dialects/rails/), seed 001's RoomChannel. The
// server's side door (/control) plays Voxsig's backend: it hands out a user's pubsub token,
// broadcasts events, disconnects a user with `reconnect: false` and restarts the server process;
// /control/log says what the server heard (connections, refusals, subscriptions, presence).
// Each test takes a user of its own, so Chrome's and Firefox's runs never meet.

const ACCOUNT = 1;

function newUser() {
  return 100000 + Math.floor(Math.random() * 800000);
}

async function control(rails, path, user, body) {
  const res = await fetch(`${rails}/control/${path}?user=${user}`, {
    method: body === undefined && path !== "kick" && path !== "restart" ? "GET" : "POST",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path}: HTTP ${res.status}`);
  return res.json();
}

const tokenOf = async (rails, user) => (await control(rails, "token", user)).token;
const heard = (rails, user) => control(rails, "log", user);
const count = (log, what) => log.filter((e) => e.what === what).length;

/** A client for `user` whose token supplier asks the backend afresh (counted in `seen.tokens`). */
async function cableFor(u, Client, rails, user, extra = {}) {
  const seen = { tokens: 0, events: [], ended: [], attempts: [], errors: [] };
  const cable = new Client({
    baseURL: u.wsUrl(rails),
    dialect: "actioncable",
    reconnectBaseMs: 100,
    token: () => {
      seen.tokens += 1;
      return tokenOf(rails, user);
    },
    ...extra,
  });
  for (const name of ["conversation.created", "message.created", "presence.update"]) {
    cable.on(name, (data) => seen.events.push({ name, data }));
  }
  cable.on("sessionEnded", (e) => seen.ended.push(e));
  cable.on("reconnectAttempt", (e) => seen.attempts.push(e));
  cable.on("sdkError", (e) => seen.errors.push(e));
  const room = { channel: "RoomChannel", pubsub_token: await tokenOf(rails, user), account_id: ACCOUNT, user_id: user };
  return { cable, seen, room };
}

export function railsSubscribesReceivesAndUpdatesPresence(u, Client, rails) {
  return u.limited(subscribesReceivesAndUpdatesPresence, 60000, u, Client, rails);
}

async function subscribesReceivesAndUpdatesPresence(u, Client, rails, trace) {
  const user = newUser();
  const { cable, seen, room } = await cableFor(u, Client, rails, user, { presenceIntervalMs: 1000 });
  try {
    trace.push("connect");
    u.assertEq((await cable.connect()).code, 0, "connect (after welcome)");
    const sub = await cable.join(room);
    u.assertEq(sub.code, 0, `subscribe → confirm_subscription: ${JSON.stringify(sub)}`);
    // Another user's pubsub token on this connection: the channel's `reject`.
    const forged = await cable.join({ ...room, pubsub_token: `${user}.0000` });
    u.assert(forged.code !== 0 && forged.errorCode === "JOIN_REFUSED", `forged: ${JSON.stringify(forged)}`);
    // Seed 001's events, broadcast by the server to the user's stream, arrive as sent.
    const conversation = { id: 4201, account_id: ACCOUNT, inbox_id: 3, status: "open", messages: [], meta: { sender: { id: 9, name: "+15550100" } } };
    await control(rails, "broadcast", user, { event: "conversation.created", data: conversation });
    await control(rails, "broadcast", user, { event: "message.created", data: { id: 1, content: "hello", conversation_id: 4201 } });
    await u.until(() => seen.events.some((e) => e.name === "message.created"), "message.created");
    const created = seen.events.find((e) => e.name === "conversation.created");
    u.assertEq(JSON.stringify(created?.data), JSON.stringify(conversation), "conversation.created's payload");
    // update_presence on the confirmed subscription at the set interval; the server answers each
    // with `presence.update` for the account.
    const log = await u.until(async () => { const l = await heard(rails, user); return count(l, "presence") >= 4 && l; }, "four update_presence", 15000);
    // Stamped by the server when its worker runs the action: a gap may stretch or shrink a little
    // on a loaded machine, the mean may not.
    const at = log.filter((e) => e.what === "presence").map((e) => e.at);
    const gaps = at.slice(1).map((t, j) => t - at[j]);
    const mean = (at[at.length - 1] - at[0]) / gaps.length;
    u.assert(gaps.every((g) => g >= 500 && g <= 4000) && mean >= 900 && mean <= 2000,
      `update_presence every ~1000 ms, got gaps ${gaps.join(", ")}`);
    await u.until(() => seen.events.some((e) => e.name === "presence.update" && e.data.users?.[String(user)] === "online"), "presence.update");
    u.assertEq(count(log, "connect"), 1, "one connection");
    u.assertEq(count(log, "subscribed"), 1, "one subscription");
    u.assertEq(count(log, "rejected"), 1, "the forged one rejected");
    u.assertEq(seen.tokens, 1, "the supplier asked once");
    u.assertEq(seen.errors.length, 0, `no sdkError: ${JSON.stringify(seen.errors)}`);
    u.assertEq((await cable.close()).code, 0, "close");
    await u.until(async () => count(await heard(rails, user), "disconnect") === 1, "the server saw the close");
  } finally {
    cable.destroy();
  }
}

export function railsRefusesAForgedTokenAndTheSdkDoesNotRetry(u, Client, rails) {
  return u.limited(refusesAForgedTokenAndTheSdkDoesNotRetry, 60000, u, Client, rails);
}

async function refusesAForgedTokenAndTheSdkDoesNotRetry(u, Client, rails, trace) {
  const user = newUser();
  let tokens = 0;
  const cable = new Client({
    baseURL: u.wsUrl(rails),
    dialect: "actioncable",
    reconnectBaseMs: 100,
    token: () => { tokens += 1; return `${user}.forged`; },
  });
  const ended = [];
  const attempts = [];
  cable.on("sessionEnded", (e) => ended.push(e));
  cable.on("reconnectAttempt", (e) => attempts.push(e));
  try {
    // reject_unauthorized_connection: no welcome, `disconnect {unauthorized, reconnect: false}`.
    trace.push("connect with a forged token");
    const res = await cable.connect();
    u.assert(res.code !== 0 && res.errorCode === "DISCONNECTED", `connect: ${JSON.stringify(res)}`);
    u.assert(/unauthorized/.test(res.message), res.message);
    await u.sleep(2000);
    const log = await heard(rails, user);
    u.assertEq(count(log, "refused"), 1, "refused once, never tried again");
    u.assertEq(count(log, "connect"), 0, "never connected");
    u.assertEq(attempts.length, 0, `no reconnect: ${JSON.stringify(attempts)}`);
    u.assertEq(tokens, 1, "the supplier asked once");
    u.assert(ended.length === 1 && /unauthorized/.test(ended[0].reason), `sessionEnded: ${JSON.stringify(ended)}`);
  } finally {
    cable.destroy();
  }
}

export function railsRestartReconnectsAndResubscribes(u, Client, rails) {
  return u.limited(restartReconnectsAndResubscribes, 60000, u, Client, rails);
}

async function restartReconnectsAndResubscribes(u, Client, rails, trace) {
  const user = newUser();
  const { cable, seen, room } = await cableFor(u, Client, rails, user, { presenceIntervalMs: 1000 });
  try {
    trace.push("connect");
    u.assertEq((await cable.connect()).code, 0, "connect");
    u.assertEq((await cable.join(room)).code, 0, "subscribe");
    const first = (await heard(rails, user)).find((e) => e.what === "subscribed").pid;
    // Rails' restart: `disconnect {server_restart, reconnect: true}`, then the process ends and a
    // new one comes up on the same port about a second later.
    trace.push("restart");
    await control(rails, "restart", user);
    const log = await u.until(async () => {
      const l = await heard(rails, user).catch(() => []);
      return l.some((e) => e.what === "subscribed" && e.pid !== first) && l;
    }, "subscribed again by the new server process", 30000);
    u.assert(seen.attempts.some((a) => a.code === 0), `a successful reconnectAttempt: ${JSON.stringify(seen.attempts)}`);
    u.assert(seen.tokens >= 2, `a fresh token for the reconnect: ${seen.tokens}`);
    u.assertEq(log.filter((e) => e.what === "subscribed" && e.pid !== first).length, 1, "subscribed once on the new process");
    u.assertEq(seen.ended.length, 0, "the session goes on");
    // The new process streams to the re-made subscription, and presence goes on.
    await control(rails, "broadcast", user, { event: "conversation.created", data: { id: 4202, account_id: ACCOUNT } });
    await u.until(() => seen.events.some((e) => e.name === "conversation.created" && e.data.id === 4202), "an event after the restart");
    await u.until(async () => (await heard(rails, user)).some((e) => e.what === "presence" && e.pid !== first), "update_presence after the restart");
    await u.sleep(300);
    u.assertEq(seen.events.filter((e) => e.name === "conversation.created").length, 1, "delivered once");
    // The token comes from the same process, so the supplier fails while it is down: reported,
    // then the attempt is retried. Nothing else may go wrong.
    const other = seen.errors.filter((e) => e.code !== "TOKEN_SUPPLIER_FAILED");
    u.assertEq(other.length, 0, `no other sdkError: ${JSON.stringify(other)}`);
  } finally {
    cable.destroy();
  }
}

export function railsDisconnectWithoutReconnectEndsTheSession(u, Client, rails) {
  return u.limited(disconnectWithoutReconnectEndsTheSession, 60000, u, Client, rails);
}

async function disconnectWithoutReconnectEndsTheSession(u, Client, rails, trace) {
  const user = newUser();
  const { cable, seen, room } = await cableFor(u, Client, rails, user);
  try {
    trace.push("connect");
    u.assertEq((await cable.connect()).code, 0, "connect");
    u.assertEq((await cable.join(room)).code, 0, "subscribe");
    trace.push("kick");
    u.assertEq((await control(rails, "kick", user)).kicked, 1, "the server found the connection");
    await u.until(() => seen.ended.length > 0, "sessionEnded");
    u.assert(/kicked/.test(seen.ended[0].reason), `the server's reason: ${JSON.stringify(seen.ended)}`);
    await u.sleep(2500);
    const log = await heard(rails, user);
    u.assertEq(count(log, "connect"), 1, "never came back");
    u.assertEq(seen.attempts.length, 0, `no reconnectAttempt: ${JSON.stringify(seen.attempts)}`);
    u.assertEq(seen.tokens, 1, "no token asked for a retry");
    const after = await cable.join({ ...room, user_id: user });
    u.assert(after.code !== 0, `a join after the end: ${JSON.stringify(after)}`);
  } finally {
    cable.destroy();
  }
}
