// The Voxsig face judged by npm `@rails/actioncable` (the official client) in headless Chromium
// (issue 13 "Tests"): `createConsumer`, `subscriptions.create({channel: "RoomChannel", …})` as
// seed 001 shows, the mapped events of a call in `received`, `perform("update_presence")`, a
// rejected subscription for a bad token, and a reconnect after a drop.
import { agent, assert, control, ENDPOINTS, judgePage, mint, until } from "./lib.mjs";

/** In the page: a consumer subscribed to RoomChannel with `room`, logging every callback. */
const SUBSCRIBE = async ({ endpoint, room }) => {
  const { createConsumer } = await import("/__judges__/actioncable.mjs");
  const log = (window.judgeLog = []);
  const consumer = createConsumer(endpoint);
  window.judgeSub = consumer.subscriptions.create(room, {
    connected: (x) => log.push({ connected: x ?? {} }),
    disconnected: (x) => log.push({ disconnected: x ?? {} }),
    rejected: () => log.push({ rejected: true }),
    received: (m) => log.push({ received: m }),
  });
  window.judgeConsumer = consumer;
};

export async function run({ browser, base, check, secret, accounts = { t1: 1 } }) {
  const endpoint = `${base.replace(/^http/, "ws")}${ENDPOINTS.actioncable}`;
  // Seed 001's identifier: channel, pubsub_token, account_id (integer), user_id (integer). The
  // pubsub token is a JWT of the faces' secret naming the same account and user.
  const room = async (agentNo, { key = secret, tid = "t1", ttl = 900 } = {}) => ({
    channel: "RoomChannel",
    pubsub_token: await mint(key, { sub: agentNo, tid, account_id: accounts[tid] ?? 999 }, ttl),
    account_id: accounts[tid] ?? 999,
    user_id: Number(agentNo),
  });
  const events = (j, name) => j.page.evaluate((n) => window.judgeLog.filter((l) => l.received?.event === n).map((l) => l.received.data), name);

  await check("actioncable_received_gets_the_mapped_events_of_a_call", async () => {
    const a = await agent(base, { agentNo: "1008" });
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(SUBSCRIBE, { endpoint, room: await room("1008") });
      await until(() => j.page.evaluate(() => window.judgeLog.some((l) => l.connected)), "connected");
      const { mainUniqueId } = await control(base, "sim/call", { tenantId: "t1", agentNo: "1008", talkSeconds: 3 });
      const created = await until(async () => (await events(j, "conversation.created")).find((c) => c.additional_attributes.call_id === mainUniqueId), "conversation.created");
      assert(Number.isInteger(created.id) && created.account_id === accounts.t1, JSON.stringify(created));
      const assigned = await until(async () => (await events(j, "assignee.changed")).find((c) => c.id === created.id), "assignee.changed");
      assert(assigned.meta.assignee.id === 1008, JSON.stringify(assigned.meta));
      await until(async () => (await events(j, "conversation.status_changed")).some((c) => c.id === created.id && c.status === "open"), "open");
      const message = await until(async () => (await events(j, "message.created")).find((m) => m.conversation_id === created.id), "message.created", 15000);
      assert(typeof message.content === "string" && [0, 1].includes(message.message_type), JSON.stringify(message));
      await until(async () => (await events(j, "conversation.status_changed")).some((c) => c.id === created.id && c.status === "resolved"), "resolved", 15000);
      assert(j.errors.length === 0, j.errors.join("; "));
    } finally {
      await j.close();
      await a.logout();
    }
  });

  await check("actioncable_update_presence_shows_the_user_online", async () => {
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(SUBSCRIBE, { endpoint, room: await room("1009") });
      await until(() => j.page.evaluate(() => window.judgeLog.some((l) => l.connected)), "connected");
      await j.page.evaluate(() => window.judgeSub.perform("update_presence"));
      await until(async () => (await events(j, "presence.update")).some((p) => p.users?.["1009"] === "online"), "1009 online");
    } finally {
      await j.close();
    }
  });

  await check("actioncable_rejects_a_subscription_with_a_bad_token", async () => {
    for (const [why, r] of [
      ["forged", await room("1010", { key: `${secret}-not` })],
      ["expired", await room("1010", { ttl: -60 })],
      ["other tenant", await room("2001", { tid: "t2" })],
    ]) {
      const j = await judgePage(browser, base);
      try {
        if (why === "other tenant") r.account_id = accounts.t1;
        await j.page.evaluate(SUBSCRIBE, { endpoint, room: r });
        await until(() => j.page.evaluate(() => window.judgeLog.some((l) => l.rejected)), `${why}: rejected`);
        const connected = await j.page.evaluate(() => window.judgeLog.some((l) => l.connected));
        assert(!connected, `${why}: connected`);
      } finally {
        await j.close();
      }
    }
  });

  await check("actioncable_reconnects_after_a_drop", async () => {
    const j = await judgePage(browser, base);
    try {
      await j.page.evaluate(SUBSCRIBE, { endpoint, room: await room("1011") });
      await until(() => j.page.evaluate(() => window.judgeLog.some((l) => l.connected)), "connected");
      await control(base, "drop");
      // The client's monitor notices within its stale threshold (6 s) and reopens.
      await until(() => j.page.evaluate(() => window.judgeLog.some((l) => l.connected?.reconnected)), "reconnected", 30000);
    } finally {
      await j.close();
    }
  });
}
