// A shift in four browser contexts against the gateway's simulator: agent A (softphone) gets an
// inbound call (`/control/sim/call`), answers, sees the transcript and the quality charts, holds,
// mutes and dials; the supervisor sees the queue change and whispers to A; A consults agent B
// (extension: the simulator answers for B) and completes the transfer; B hangs up; the gateway
// drops every connection and each console shows the attempts, then recovery; the supervisor
// pauses, unpauses and forces a third agent offline.
import { ConsolePage, assert, control, sleep } from "./lib.mjs";

const QUERY = "reconnectBaseMs=1000&reconnectMaxMs=3000&reconnectJitter=0";
// Agent A takes calls on the softphone (answer = sipLink, quality charts from its media leg).
// E2E_SOFTPHONE=0 puts A on an extension instead (the simulator answers), for debugging the rest
// of the flow when the media leg is not available.
const SOFTPHONE = process.env.E2E_SOFTPHONE !== "0";

/** The call card's word on how the call ended: the wrap-up note, or the "last call" line after it. */
async function waitCallEnd(c, text) {
  try {
    await c.page.waitForFunction((t) => ["#call-note", "#call-empty"].some((sel) => {
      const node = document.querySelector(sel);
      return !node.hidden && node.textContent.includes(t);
    }), text, { timeout: 10000 });
  } catch {
    throw new Error(`${c.name}: the call card never said "${text}": ${await c.text("#call-note")} / ${await c.text("#call-empty")}`);
  }
}

const rowState = (sup, agentNo) => sup.page.$eval(`#agent-rows tr[data-agent="${agentNo}"]`, (tr) => tr.dataset.state).catch(() => "absent");

async function waitRow(sup, agentNo, state, timeout = 10000) {
  try {
    await sup.page.waitForFunction(([a, s]) => document.querySelector(`#agent-rows tr[data-agent="${a}"]`)?.dataset.state === s,
      [agentNo, state], { timeout });
  } catch {
    throw new Error(`supervisor: agent ${agentNo}'s row never showed ${state}; it shows ${await rowState(sup, agentNo)}`);
  }
}

/** Whether a canvas has any drawn pixel that is not background. */
const chartInk = (c, metric) => c.page.$eval(`.metric[data-metric="${metric}"] canvas`, (canvas) => {
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    // The line's blue (#2f6fde) or the red of a sample across the threshold.
    if (data[i + 3] > 120 && (data[i + 2] > 180 && data[i] < 90 || data[i] > 190 && data[i + 1] < 90)) ink += 1;
  }
  return ink;
});

export async function run({ browser, base, check, agents }) {
  const { a: aNo, b: bNo, c: cNo, supervisor: supNo, supervisorPassword } = agents;
  const customer = `1380000${aNo}`;
  let sup;
  let a;
  let b;
  let c;

  // The steps build on each other: after a failed step the rest fail at once, naming it, instead
  // of timing out one by one. Steps marked soft (what the others do not depend on) do not stop it.
  let broken = null;
  const SOFT = new Set(["live_transcript_shows_both_sides", "quality_charts_fill_from_webrtc_stats",
    "hold_mute_and_dtmf_follow_the_call", "supervisor_pauses_unpauses_and_forces_an_agent_offline",
    "preview_dial_then_ivr_then_blind_transfer", "media_faults_show_a_loss_warning_and_one_way_audio"]);
  // These need only the three consoles open, whatever happened to the call.
  const INDEPENDENT = new Set(["gateway_drop_shows_attempts_then_recovery_on_every_console",
    "supervisor_pauses_unpauses_and_forces_an_agent_offline"]);
  const step = (name, fn, { soft = SOFT.has(name) } = {}) => check(name, async () => {
    if (broken && !(INDEPENDENT.has(name) && sup && a && b)) throw new Error(`not run: ${broken} failed`);
    try {
      await fn();
    } catch (e) {
      if (!soft) broken = name;
      throw e;
    }
  });

  // No call of an earlier (failed) run may still be on the line: a caller left ringing goes back
  // to the queue and would ring the next idle agent of this test.
  const hangUpCustomers = () => Promise.all([aNo, bNo, cNo].map((agentNo) =>
    control(base, "sim/customer-hangup", { tenantId: "t1", agentNo }).catch(() => {})));

  const simulatorReady = await check("simulator_is_available", async () => {
    // The simulator places calls on request (docs/gateway.md /control/sim/*).
    const res = await fetch(`${base}/control/sim/call`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    assert(res.status !== 404 && res.status !== 405, `POST /control/sim/call answered ${res.status}: the gateway has no simulator yet`);
  });
  if (!simulatorReady) return;
  await hangUpCustomers();

  await step("supervisor_subscribes_and_sees_the_queue_table", async () => {
    sup = await ConsolePage.open(browser, base, "supervisor", { query: QUERY });
    await sup.login({ agentNo: supNo, password: supervisorPassword, supervisor: true, endpointType: 2 });
    await sup.page.waitForSelector("#supervisor-card:not([hidden])", { timeout: 5000 });
    await sup.waitText("#identity-role", "supervisor");
    await sup.page.waitForSelector("#queue-rows tr", { timeout: 10000 });
    await sup.waitText("#queue-rows", "Support");
    await sup.waitText("#btn-subscribe", "Unsubscribe");
    // A and B start busy, so a caller some earlier test left in the queue is not offered to
    // them; they go ready just before their part.
    a = await ConsolePage.open(browser, base, "agent-a", { query: QUERY });
    await a.login({ agentNo: aNo, endpointType: SOFTPHONE ? 3 : 2, initialStatus: 2 });
    b = await ConsolePage.open(browser, base, "agent-b", { query: QUERY });
    await b.login({ agentNo: bNo, endpointType: 2, initialStatus: 2 });
    await waitRow(sup, aNo, "busy");
    await waitRow(sup, bNo, "busy");
    const waiting = await sup.text('#queue-rows tr[data-queue="q-support"] [data-field=waiting]').catch(() => "?");
    if (waiting !== "0") console.log(`note: ${waiting} caller(s) already waiting in q-support`);
    for (const agent of [a, b]) {
      await agent.page.click("#btn-ready");
      await agent.waitState("idle");
    }
    await waitRow(sup, aNo, "idle");
    await waitRow(sup, bNo, "idle");
    // Nobody is on a call: no monitor can start; idle agents can be paused.
    const row = `#agent-rows tr[data-agent="${aNo}"]`;
    await sup.expectButtons({ [`${row} [data-action=whisper]`]: false, [`${row} [data-action=spy]`]: false,
      [`${row} [data-action=setPause]`]: true, [`${row} [data-action=disconnect]`]: false });
    await sup.shot("queues");
  });

  await step("an_inbound_call_rings_with_customer_and_queue", async () => {
    // A long talk time: the simulated customer must not hang up in the middle of the scenario.
    await control(base, "sim/call", { tenantId: "t1", agentNo: aNo, customerNumber: customer, talkSeconds: 120 });
    await a.waitState("ringing");
    await a.waitText("#call-number", customer);
    await a.waitText("#call-chip", "ringing");
    assert((await a.text("#call-queue")).length > 0, "queue shown");
    await a.waitText("#call-note", SOFTPHONE ? "Answer connects your softphone" : "Answering on your phone");
    await a.expectButtons({ "#btn-answer": SOFTPHONE, "#btn-reject": true, "#btn-hangup": false, "#btn-hold": false,
      "#btn-consult": false, "#btn-busy": false, "#btn-logout": false });
    await waitRow(sup, aNo, "ringing");
    await a.shot("ringing");
  });

  await step("answer_connects_the_softphone_and_enables_call_controls", async () => {
    if (SOFTPHONE) await a.page.click("#btn-answer");
    try {
      await a.waitState("talking");
    } catch (e) {
      throw new Error(`${e.message}; ${await a.text("#call-feedback")}`);
    }
    await a.waitText("#call-chip", "talking");
    await a.expectButtons({ "#btn-hangup": true, "#btn-hold": true, "#btn-mute": true, "#btn-consult": true,
      "#btn-blxfer": true, "#btn-ivr": true, "#btn-consult-complete": false, "#btn-consult-cancel": false,
      "#btn-consult-threeway": false, "#dtmf-pad [data-digit='5']": true, "#btn-preview": false });
    const d1 = await a.text("#call-duration");
    await sleep(1300);
    assert(d1 !== (await a.text("#call-duration")), "call duration is live");
    // The supervisor sees the queue change.
    await waitRow(sup, aNo, "talking");
    const row = `#agent-rows tr[data-agent="${aNo}"]`;
    await sup.expectButtons({ [`${row} [data-action=whisper]`]: true, [`${row} [data-action=disconnect]`]: true,
      [`${row} [data-action=setPause]`]: false });
    await sup.shot("agent-talking");
  });

  await step("live_transcript_shows_both_sides", async () => {
    await a.page.waitForSelector("#transcript li.line:not(.partial)", { timeout: 15000 });
    const roles = await a.page.$$eval("#transcript li.line", (lis) => lis.map((li) => li.classList.contains("customer") ? "customer" : "agent"));
    assert(roles.length >= 1, "sentences shown");
    const texts = await a.page.$$eval("#transcript li.line .text", (n) => n.map((x) => x.textContent));
    assert(texts.every((t) => t.length > 0), "non-empty sentences");
    assert(!(await a.page.isVisible("#transcript-empty")), "placeholder gone");
  });

  await step("quality_charts_fill_from_webrtc_stats", async () => {
    assert(SOFTPHONE, "E2E_SOFTPHONE=0: agent A has no softphone leg to measure");
    try {
      await a.page.waitForFunction(() => ["rtt", "jitter", "loss", "mos"].every((m) =>
        Number(document.querySelector(`.metric[data-metric="${m}"]`).dataset.samples) >= 5), null, { timeout: 20000 });
    } catch {
      const samples = await a.page.$$eval(".metric", (ms) => ms.map((m) => `${m.dataset.metric}=${m.dataset.samples}`).join(" "));
      const stats = (await a.eventTypes()).filter((t) => t === "webrtcStats").length;
      throw new Error(`charts did not fill: ${samples}; webrtcStats events: ${stats}`);
    }
    for (const metric of ["rtt", "jitter", "loss", "mos"]) {
      assert(await chartInk(a, metric) > 20, `the ${metric} chart has a line`);
    }
    await a.waitText("#quality-leg", "live");
    assert((await a.text("#packets-state")) !== "—", "packets state shown");
    assert((await a.text("#codec")) !== "—", "codec shown");
    await a.shot("talking");
  });

  await step("media_faults_show_a_loss_warning_and_one_way_audio", async () => {
    assert(SOFTPHONE, "E2E_SOFTPHONE=0: agent A has no softphone leg");
    const media = (body) => control(base, "media", { tenantId: "t1", agentNo: aNo, ...body });
    try {
      // 20 % of the customer's packets lost: the loss chart crosses its 1 % line and, with
      // 3 of the last 10 samples across, the SDK raises the warning.
      await media({ dropPercent: 20 });
      await a.page.waitForFunction(() => {
        const loss = document.querySelector('.metric[data-metric="loss"] .value').textContent;
        return parseFloat(loss) >= 5;
      }, null, { timeout: 10000 });
      const warnings = await a.page.evaluate(() => document.documentElement.dataset.qualityWarnings === "yes");
      if (warnings) {
        await a.waitText("#quality-warnings", "Packet loss: threshold 1.0 %", 15000);
        assert(await a.page.$eval('.metric[data-metric="loss"]', (m) => m.dataset.warning) === "1", "the loss chart is flagged");
      } else {
        console.log("note: this SDK build has no webrtcWarning event; the warning is not checked");
      }
      await a.shot("quality-warning", { fullPage: false });
      // The customer's audio stops: one-way audio.
      await media({ sending: false, dropPercent: 0 });
      await a.waitText("#packets-state", "no audio from the other side", 10000);
      await a.shot("one-way-audio", { fullPage: false });
      await media({ sending: true, dropPercent: 0 });
      await a.waitText("#packets-state", "two-way audio", 10000);
      if (warnings) await a.waitText("#quality-warnings", "Packet loss: back to normal", 20000);
    } finally {
      await media({ sending: true, dropPercent: 0 }).catch(() => {});
    }
  });

  await step("hold_mute_and_dtmf_follow_the_call", async () => {
    const p = a.page;
    await p.click("#btn-hold");
    await a.waitText("#call-chip", "on hold");
    await a.waitText("#btn-hold", "Unhold");
    assert(await p.getAttribute("#btn-hold", "aria-pressed") === "true", "hold pressed");
    await p.click("#btn-hold");
    await a.waitText("#call-chip", "talking");
    await p.click("#btn-mute");
    await a.waitText("#btn-mute", "Unmute");
    await a.waitText("#call-chip", "muted");
    await p.click("#btn-mute");
    await a.waitText("#btn-mute", "Mute");
    for (const d of ["1", "2", "#"]) {
      await p.click(`#dtmf-pad [data-digit="${d}"]`);
      await a.waitText("#call-feedback", `DTMF ${d}: ok`);
    }
    await a.waitText("#dtmf-sent", "12#");
  });

  await step("supervisor_whispers_to_the_agent", async () => {
    const row = `#agent-rows tr[data-agent="${aNo}"]`;
    await sup.page.click(`${row} [data-action=whisper]`);
    await sup.page.waitForSelector("#monitor-bar:not([hidden])", { timeout: 10000 });
    await sup.waitText("#monitor-text", `Whispering to agent ${aNo}`);
    await sup.page.waitForFunction(() => !document.querySelector("#monitor-text").textContent.includes("connecting"), null, { timeout: 10000 });
    await sup.waitText(`${row} [data-action=whisper]`, "Stop whisper");
    await a.page.waitForSelector("#call-monitor:not([hidden])", { timeout: 10000 });
    await a.waitText("#call-monitor", `Supervisor ${supNo} is whispering`);
    await sup.shot("whispering");
    await a.shot("whispered-to");
    await sup.page.click("#btn-monitor-stop");
    await sup.page.waitForSelector("#monitor-bar", { state: "hidden", timeout: 10000 });
    await a.page.waitForSelector("#call-monitor", { state: "hidden", timeout: 10000 });
  });

  await step("consult_a_second_agent_then_complete_the_transfer", async () => {
    const p = a.page;
    await p.selectOption("#consult-target-type", "1");
    await p.fill("#consult-target", bNo);
    await p.click("#btn-consult");
    await a.page.waitForFunction(() => ["dialing", "linked"].includes(document.querySelector("#consult-step").dataset.step), null, { timeout: 5000 });
    // B's desk phone rings and the simulator answers it (after 2 s by default, much sooner in
    // the test directory): while it rings the card says so.
    await b.waitEvent("ringing");
    await b.waitText("#call-type", "Consult");
    if (await b.text("#state") === "ringing") {
      const note = await b.text("#call-note");
      assert(note.includes("Answering on your phone") || (await b.text("#state")) !== "ringing", `B's note while ringing: ${note}`);
    }
    await b.waitState("talking", 10000);
    await b.shot("consult-answered");
    await a.page.waitForFunction(() => document.querySelector("#consult-step").dataset.step === "linked", null, { timeout: 10000 });
    await a.waitText("#consult-step", `talking with agent ${bNo}`);
    await a.expectButtons({ "#btn-consult-complete": true, "#btn-consult-threeway": true, "#btn-consult-resume": true,
      "#btn-consult-cancel": false, "#btn-consult": false, "#btn-blxfer": false });
    await a.shot("consult-linked");
    await p.click("#btn-consult-complete");
    // A goes to wrap-up (short in the test directory) with the call marked transferred.
    await a.waitStatusEvent("transferred");
    await waitCallEnd(a, "Transferred");
    await a.waitText("#consult-note", `Transferred to ${bNo}`);
    await a.expectButtons({ "#btn-hangup": false, "#btn-consult": false, "#btn-busy": true });
    await b.waitStatusEvent("transferIn");
    await b.waitText("#call-type", "Transferred to you");
    assert(await b.text("#state") === "talking", "B has the customer");
    await b.expectButtons({ "#btn-hangup": true, "#btn-hold": true, "#btn-answer": false });
    await waitRow(sup, bNo, "talking");
    await a.shot("transferred");
    await b.shot("transferred-in");
    await sup.shot("after-transfer");
  });

  await step("the_new_agent_hangs_up_and_wraps_up", async () => {
    await b.page.click("#btn-hangup");
    await b.waitStatusEvent("hangup");
    await waitCallEnd(b, "You hung up");
    await b.waitStatusEvent("wrapupEnd", 15000);
    await b.waitState("idle");
    await waitRow(sup, bNo, "idle");
    await b.expectButtons({ "#btn-hangup": false, "#btn-preview": true });
  });

  await step("preview_dial_then_ivr_then_blind_transfer", async () => {
    const p = b.page;
    // The simulator's preview customer answers unless the number ends in 0 (no answer) or 1 (busy).
    await p.fill("#preview-number", "13912345678");
    await b.waitEnabled("#btn-preview");
    await p.click("#btn-preview");
    await b.waitStatusEvent("previewObCall");
    await b.waitState("talking", 10000);
    await b.waitText("#call-number", "13912345678");
    await b.waitText("#call-type", "Preview outbound");
    await b.expectButtons({ "#btn-ivr": true, "#btn-blxfer": true, "#btn-preview": false });
    await p.fill("#ivr-id", "survey");
    await p.fill("#ivr-node", "start");
    await p.click("#btn-ivr");
    await b.waitText("#ivr-result", "Back from the IVR", 10000);
    await b.waitText("#ivr-result", "ivrId=survey");
    await b.shot("preview-ivr-returned");
    await p.selectOption("#xfer-target-type", "0");
    await p.fill("#xfer-target", "13800009999");
    await p.click("#btn-blxfer");
    await b.waitStatusEvent("transferred");
    await waitCallEnd(b, "Transferred");
  });

  await step("gateway_drop_shows_attempts_then_recovery_on_every_console", async () => {
    await control(base, "drop");
    for (const page of [a, b, sup]) {
      await page.page.waitForFunction(() => {
        const banner = document.querySelector("#banner");
        return !banner.hidden && ["reconnecting", "recovered"].includes(banner.dataset.phase);
      }, null, { timeout: 5000 });
    }
    await a.waitText("#banner-text", /attempt 1\/20|Reconnected/);
    await a.shot("drop-reconnecting", { fullPage: false });
    for (const page of [a, b, sup]) {
      await page.page.waitForFunction(() => document.querySelector("#banner").dataset.phase === "recovered", null, { timeout: 10000 });
      await page.waitText("#banner-text", "Reconnected after");
    }
    await sup.shot("drop-recovered", { fullPage: false });
    // The queue subscription survived: a status change still reaches the table.
    await b.page.waitForFunction(() => !document.querySelector("#btn-busy").disabled, null, { timeout: 15000 });
    await b.page.click("#btn-busy");
    await b.waitState("busy");
    await waitRow(sup, bNo, "busy");
  });

  await step("supervisor_pauses_unpauses_and_forces_an_agent_offline", async () => {
    c = await ConsolePage.open(browser, base, "agent-c", { query: QUERY });
    // C starts busy (no leftover queued caller can reach it); the supervisor sets it ready,
    // pauses it again, then forces it offline.
    await c.login({ agentNo: cNo, endpointType: 2, initialStatus: 2 });
    await waitRow(sup, cNo, "busy");
    const row = `#agent-rows tr[data-agent="${cNo}"]`;
    await sup.expectButtons({ [`${row} [data-action=setUnpause]`]: true, [`${row} [data-action=setPause]`]: false,
      [`${row} [data-action=setOffline]`]: true, [`${row} [data-action=whisper]`]: false });
    await sup.page.click(`${row} [data-action=setUnpause]`);
    await c.waitState("idle");
    await c.waitText("#state-action", "set ready by a supervisor");
    await waitRow(sup, cNo, "idle");
    await sup.page.click(`${row} [data-action=setPause]`);
    await c.waitState("busy");
    await c.waitText("#state-action", "paused by a supervisor");
    await c.waitText("#state-reason", "Paused by supervisor");
    await waitRow(sup, cNo, "busy");
    await sup.page.click(`${row} [data-action=setOffline]`);
    await c.page.waitForSelector("#login-card:not([hidden])", { timeout: 10000 });
    await c.waitText("#login-error", "supervisor set you offline");
    // Offline agents leave the table while "hide offline" is on.
    await sup.page.waitForSelector(`#agent-rows tr[data-agent="${cNo}"]`, { state: "detached", timeout: 10000 });
    await c.shot("forced-offline");
  });

  await check("call_pages_logged_no_errors", async () => {
    const errors = [sup, a, b, c].filter(Boolean).flatMap((p) => p.errors.map((e) => `${p.name}: ${e}`));
    assert(errors.length === 0, errors.join("\n"));
  });

  // Leave nothing behind: customers hung up, every console logged out.
  await hangUpCustomers();
  await sleep(300);
  for (const page of [sup, a, b, c]) {
    if (!page) continue;
    await page.page.waitForFunction(() => !document.querySelector("#btn-logout").disabled, null, { timeout: 5000 }).catch(() => {});
    if (await page.enabled("#btn-logout").catch(() => false)) {
      await page.page.click("#btn-logout").catch(() => {});
      await page.page.waitForSelector("#login-card:not([hidden])", { timeout: 5000 }).catch(() => {});
    }
  }
  await Promise.all([sup, a, b, c].filter(Boolean).map((p) => p.close()));
}
