// Resilience as the agent sees it: the gateway drops every connection and the banner counts the
// attempts with a live countdown, then says "reconnected"; a longer outage (the browser offline)
// counts several attempts; a gateway restart comes back with a `resync` shown in the banner; a
// revoked key ends the session with a message on the sign-in form.
import { ConsolePage, assert, control, sleep } from "./lib.mjs";

const bannerPhase = (c) => c.page.$eval("#banner", (b) => (b.hidden ? "hidden" : b.dataset.phase));

async function waitPhase(c, phase, timeout = 15000) {
  try {
    await c.page.waitForFunction((p) => {
      const b = document.querySelector("#banner");
      return !b.hidden && b.dataset.phase === p;
    }, phase, { timeout });
  } catch {
    throw new Error(`${c.name}: banner never showed ${phase}; it is ${await bannerPhase(c)}: ${await c.text("#banner")}`);
  }
}

export async function run({ browser, base, check, agents }) {
  const agentNo = agents.reconnect;
  let c;

  await check("gateway_drop_shows_attempt_and_countdown_then_reconnected", async () => {
    c = await ConsolePage.open(browser, base, "reconnect", { query: "reconnectBaseMs=1500&reconnectMaxMs=3000&reconnectJitter=0" });
    await c.login({ agentNo, endpointType: 2 });
    const { dropped } = await control(base, "drop");
    assert(dropped >= 1, `dropped ${dropped}`);
    await waitPhase(c, "reconnecting", 5000);
    await c.waitText("#banner-text", "reconnect attempt 1/20");
    await c.waitText("#banner-countdown", /in \d\.\d s|connecting/);
    assert(await c.text("#connection") === "reconnecting", "the pill says reconnecting");
    await c.shot("reconnecting");
    await waitPhase(c, "recovered", 10000);
    await c.waitText("#banner-text", "Reconnected after 1 attempt");
    assert(await c.text("#state") === "idle", "still idle: the session was resumed");
    assert(await c.text("#connection") === "online", "online again");
    await c.shot("reconnected");
    // "Reconnected" goes away by itself.
    await c.page.waitForSelector("#banner[hidden]", { state: "attached", timeout: 8000 });
  });

  await check("an_outage_while_the_browser_is_offline_holds_the_attempts_then_recovers_at_once", async () => {
    // While the browser says it is offline the reconnect countdown waits and spends no attempt
    // (issue 15.2, docs/protocol.md §6); `online` retries at once.
    await c.context.setOffline(true);
    await control(base, "drop");
    await c.waitText("#banner-detail", /offline for 0:0[4-9]/, 20000);
    const text = await c.text("#banner-text");
    assert(/attempt 1\/20/.test(text), `no attempt spent while offline: ${text}`);
    await c.shot("reconnect-offline");
    await c.context.setOffline(false);
    await waitPhase(c, "recovered", 10000);
    await c.waitText("#banner-text", /Reconnected/);
    // Commands work on the resumed session.
    await c.page.click("#btn-busy");
    await c.waitState("busy");
    await c.page.click("#btn-ready");
    await c.waitState("idle");
  });

  await check("a_gateway_restart_comes_back_with_a_resync_notice", async () => {
    await control(base, "restart");
    await waitPhase(c, "resync", 15000);
    await c.waitText("#banner-text", "may be missing");
    await c.waitText("#banner-detail", "lost the session");
    await c.waitState("idle", 10000);
    await c.shot("resync");
    await c.page.click("#banner-dismiss");
    assert(await bannerPhase(c) === "hidden", "dismissed");
  });

  await check("a_revoked_key_ends_the_session_with_a_message", async () => {
    await control(base, "revoke", { tenantId: "t1", agentNo });
    await c.page.waitForSelector("#login-card:not([hidden])", { timeout: 10000 });
    await c.waitText("#login-error", "revoked");
    assert(await c.text("#connection") === "offline", "offline pill");
    await c.shot("revoked");
  });

  await check("reconnect_page_logged_no_errors", async () => {
    // The browser reports each refused WebSocket while offline; those are the test's doing.
    const errors = c.errors.filter((e) => !/WebSocket connection to .* failed/.test(e));
    assert(errors.length === 0, errors.join("\n"));
  });
  await sleep(0);
  await c?.close();
}
