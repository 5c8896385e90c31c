// Session-key renewal without the password (issue 15.5): the console logs in once with the
// password; the login leaves an HttpOnly refresh cookie, and the SDK's `sessionKeyProvider` trades
// it at /api/refresh for a fresh key when the current one is about to expire and before every
// reconnect, so the session outlives its first key and a reconnect after that key's expiry works.
// Needs keys that expire within seconds, so this suite starts its own gateway (the binary the test
// run built: target/debug/agentdesk-gateway, or E2E_GATEWAY_BIN) on a free loopback port and
// stops it afterwards.
import { ConsolePage, assert, control, sleep, startGateway } from "./lib.mjs";

export async function run({ browser, check, agents }) {
  let gw;
  let c;
  await check("session_key_is_renewed_from_the_refresh_cookie_without_the_password", async () => {
    gw = await startGateway(["--faults", "--key-ttl-secs", "8", "--key-warn-secs", "5"]);
    c = await ConsolePage.open(browser, gw.base, "keys");
    const asked = { login: 0, refresh: 0, forget: 0 };
    c.page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (path === "/api/login") asked.login += 1;
      if (path === "/api/refresh") asked[r.method() === "DELETE" ? "forget" : "refresh"] += 1;
    });
    await c.login({ agentNo: agents.basics, endpointType: 2 });
    const loggedInAt = Date.now();
    assert(!(await c.page.evaluate(() => document.cookie)).includes("agentdesk_refresh"), "the refresh cookie is HttpOnly");
    await c.waitEvent("sessionKeyExpiring", 8000);
    await c.waitEvent("updateSessionKeyResp", 5000);
    await c.waitText("#toasts", "Session key renewed");
    await c.shot("key-renewed", { fullPage: false });
    // Past the first key's expiry (8 s) the session is still there and still answers commands.
    await sleep(Math.max(0, loggedInAt + 10_000 - Date.now()));
    assert(await c.text("#state") === "idle", `still logged in: ${await c.text("#state")} / ${await c.text("#login-error")}`);
    const renewals = (await c.eventTypes()).filter((t) => t === "updateSessionKeyResp").length;
    assert(renewals >= 2, `renewed ${renewals} times`);
    const refused = await c.page.$$eval('#event-log > li[data-type="updateSessionKeyResp"]', (lis) => lis.filter((li) => !li.dataset.search.includes('"code": 0')).length);
    assert(refused === 0, "every renewal was accepted");
    // The first key is long expired: a drop now reconnects only with a key from the provider.
    await control(gw.base, "drop");
    await c.waitEvent("reconnectAttempt", 5000);
    await sleep(3000);
    assert(await c.text("#state") === "idle", `reconnected after the first key's expiry: ${await c.text("#state")}`);
    assert(asked.login === 1 && asked.refresh >= 3, `one password login, then refreshes: ${JSON.stringify(asked)}`);
    await c.page.click("#btn-busy");
    await c.waitState("busy");
    await c.page.click("#btn-logout");
    await c.page.waitForSelector("#login-card:not([hidden])");
    // Logging out forgets the refresh credential: no key without the password again.
    for (let i = 0; i < 50 && asked.forget === 0; i++) await sleep(100);
    await sleep(300);
    // Asked with the context's own cookies from outside the page (a 401 in the page would be a console error).
    const after = (await c.page.context().request.post(`${gw.base}/api/refresh`)).status();
    assert(asked.forget === 1 && after === 401, `after logout: forget ${asked.forget}, refresh answered ${after}`);
  });
  await check("keys_page_logged_no_errors", async () => {
    assert(c, "the page never opened");
    assert(c.errors.length === 0, c.errors.join("\n"));
  });
  await c?.close();
  gw?.child.kill();
}
