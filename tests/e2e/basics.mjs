// The console without calls: it loads the SDK with the demo defaults, logs in (tenant, agent and
// password changed on the form), shows live status, ping bars and the gateway-latency chart,
// goes busy with a reason and back, shows a refused command's errorCode and message, filters the
// event log, logs out.
import { ConsolePage, assert, sleep } from "./lib.mjs";

export async function run({ browser, base, check, agents }) {
  const agentNo = agents.basics;
  let c;

  await check("console_loads_with_the_demo_defaults", async () => {
    c = await ConsolePage.open(browser, base, "basics");
    const p = c.page;
    assert(await p.inputValue("#login-tenant") === "t1", "tenant prefilled");
    assert(await p.inputValue("#login-agent") === "0001", "demo agent prefilled");
    assert(await p.inputValue("#login-password") === "demo", "demo password prefilled");
    assert(await p.isChecked("input[name=endpointType][value='3']"), "softphone chosen by default");
    assert(await p.inputValue("#login-endpoint") === "sp-0001", "endpoint follows the agent");
    await p.check("#login-supervisor");
    assert(await p.inputValue("#login-agent") === "9001", "the supervisor toggle fills 9001");
    await p.uncheck("#login-supervisor");
    assert(await p.inputValue("#login-agent") === "0001", "and back");
    await p.check("input[name=endpointType][value='2']");
    assert(await p.inputValue("#login-endpoint") === "80001", "an extension endpoint");
    await p.check("input[name=endpointType][value='3']");
    // Only the logged-out controls are usable.
    await c.expectButtons({ "#login-button": true, "#btn-hangup": false, "#btn-consult": false, "#btn-preview": false });
    assert(await c.text("#connection") === "offline", "offline pill");
    await c.shot("login");
  });

  await check("a_wrong_password_is_shown_not_thrown", async () => {
    await c.page.fill("#login-agent", agentNo);
    await c.page.fill("#login-password", "wrong");
    await c.page.click("#login-button");
    await c.waitText("#login-error", "BAD_CREDENTIALS");
    assert(!(await c.page.isVisible("#status-card")), "still logged out");
  });

  await check("agent_logs_in_and_sees_live_status_and_ping", async () => {
    await c.login({ agentNo, endpointType: 2 });
    await c.waitText("#identity-who", `t1 · ${agentNo}`);
    await c.waitText("#identity-endpoint", `extension 8${agentNo}`);
    assert(await c.text("#connection") === "online", "online pill");
    await c.expectButtons({ "#btn-ready": false, "#btn-busy": true, "#btn-logout": true, "#btn-hangup": false,
      "#btn-hold": false, "#btn-consult": false, "#btn-consult-complete": false, "#btn-blxfer": false, "#btn-preview": true });
    assert((await c.text("#call-chip")) === "no call", "no call");
    const types = await c.eventTypes();
    for (const t of ["loginResp", "sessionInit", "agentStatus"]) assert(types.includes(t), `event log has ${t}: ${types}`);
    // The duration ticks.
    const d1 = await c.text("#state-duration");
    await sleep(1300);
    assert(d1 !== (await c.text("#state-duration")), "state duration is live");
    // A ping every 5 s: bars, latency, and a point in the latency chart.
    await c.page.waitForFunction(() => Number(document.querySelector("#signal-bars").dataset.level) >= 1, null, { timeout: 12000 });
    await c.waitText("#latency", / ms$/);
    await c.page.waitForFunction(() => Number(document.querySelector(".metric[data-metric=ping]").dataset.samples) >= 1, null, { timeout: 12000 });
    await c.shot("idle");
  });

  await check("busy_with_a_reason_then_ready", async () => {
    await c.page.selectOption("#pause-reason", "Lunch");
    await c.page.click("#btn-busy");
    await c.waitState("busy");
    await c.waitText("#state-reason", "Lunch");
    await c.waitText("#status-feedback", "ok");
    await c.expectButtons({ "#btn-ready": true, "#btn-busy": true });
    await c.shot("busy-lunch");
    await c.page.click("#btn-ready");
    await c.waitState("idle");
    await c.expectButtons({ "#btn-ready": false });
  });

  await check("a_refused_command_shows_its_error_code_and_message", async () => {
    // Unlocked, every button is enabled and the SDK's own guard answers.
    await c.page.check("#unlock-all");
    await c.expectButtons({ "#btn-consult-complete": true, "#btn-hold": true });
    await c.page.click("#btn-consult-complete");
    await c.waitText("#call-feedback", "INVALID_STATE");
    const text = await c.text("#call-feedback");
    assert(/completeAtxfer/.test(text), `the message names the command: ${text}`);
    await c.page.click("#btn-hold");
    await c.waitText("#call-feedback", /Hold refused — INVALID_STATE: .*hold/);
    await c.shot("refused-command");
    await c.page.uncheck("#unlock-all");
    await c.expectButtons({ "#btn-consult-complete": false, "#btn-hold": false });
    const log = await c.eventTypes();
    assert(log.includes("completeAtxferResp"), "the refusal is logged as an event too");
  });

  await check("event_log_filters_and_shows_payloads", async () => {
    const p = c.page;
    await p.fill("#log-filter", "agentStatus");
    const visible = await p.$$eval("#event-log > li:not([hidden])", (lis) => lis.map((li) => li.dataset.type));
    assert(visible.length >= 3 && visible.every((t) => t === "agentStatus"), `filtered: ${visible}`);
    await c.waitText("#log-count", / of /);
    // A payload is shown as text on expanding its entry.
    await p.click("#event-log > li:not([hidden]) summary");
    const payload = await p.textContent("#event-log > li:not([hidden]) pre");
    assert(payload.includes('"stateAction"') && payload.includes(`"agentNo": "${agentNo}"`), `payload: ${payload}`);
    await p.fill("#log-filter", "");
    await p.check("#log-hide-noisy");
    const noisy = await p.$$eval("#event-log > li:not([hidden])", (lis) => lis.filter((li) => li.dataset.type === "ping").length);
    assert(noisy === 0, "pings hidden");
    await p.uncheck("#log-hide-noisy");
    // Markup in a payload stays text: nothing in the log is an element made from data.
    const injected = await p.$$eval("#event-log img, #event-log script, #event-log iframe", (n) => n.length);
    assert(injected === 0, "no elements from data");
  });

  await check("logout_returns_to_the_sign_in_form", async () => {
    await c.page.click("#btn-logout");
    await c.page.waitForSelector("#login-card:not([hidden])", { timeout: 10000 });
    assert(await c.text("#login-error") === "", "no error on a normal logout");
    assert(await c.text("#connection") === "offline", "offline pill");
    await c.expectButtons({ "#btn-preview": false, "#btn-busy": false });
    await c.shot("logged-out");
  });

  await check("basics_page_logged_no_errors", async () => {
    // The browser reports the wrong password's 401 from /api/login; that one is the test's doing.
    const errors = c.errors.filter((e) => !/status of 401/.test(e));
    assert(errors.length === 0, errors.join("\n"));
  });
  await c?.close();
}
