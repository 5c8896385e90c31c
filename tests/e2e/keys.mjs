// Session-key renewal: the console fetches a fresh key from /api/login when the SDK says the
// current one is about to expire (`sessionKeyExpiring`) and hands it to `updateSessionKey`, so
// the session outlives its first key. Needs keys that expire within seconds, so this suite
// starts its own gateway (the binary the test run built: target/debug/agentdesk-gateway, or
// E2E_GATEWAY_BIN) on a free loopback port and stops it afterwards.
import { ConsolePage, assert, sleep, startGateway } from "./lib.mjs";

export async function run({ browser, check, agents }) {
  let gw;
  let c;
  await check("session_key_is_renewed_before_it_expires", async () => {
    gw = await startGateway(["--key-ttl-secs", "8", "--key-warn-secs", "5"]);
    c = await ConsolePage.open(browser, gw.base, "keys");
    await c.login({ agentNo: agents.basics, endpointType: 2 });
    const loggedInAt = Date.now();
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
    await c.page.click("#btn-busy");
    await c.waitState("busy");
    await c.page.click("#btn-logout");
    await c.page.waitForSelector("#login-card:not([hidden])");
  });
  await check("keys_page_logged_no_errors", async () => {
    assert(c, "the page never opened");
    assert(c.errors.length === 0, c.errors.join("\n"));
  });
  await c?.close();
  gw?.child.kill();
}
