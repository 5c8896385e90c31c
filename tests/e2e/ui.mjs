// The console's rendering of every kind of event, driven by a scripted SDK stand-in
// (mock-sdk.js) so it does not depend on what the simulator or the softphone media offer yet:
// the call card through ringing / talking / consult / transfer, the transcript replacing partial
// results, the quality charts and warnings, the supervisor's queue table and monitor, the
// reconnect banner's countdown and give-up, the event log's cap, and hostile payloads staying text.
import { ConsolePage, assert, sleep } from "./lib.mjs";

const emit = (c, type, payload) => c.page.evaluate(([t, p]) => window.__mock.emit(t, p), [type, payload]);
const calls = (c, action) => c.page.evaluate((a) => window.__mock.calls.filter((x) => x.action === a).map((x) => x.params), action);
const status = (agentNo, state, stateAction, extra = {}) =>
  ({ tenantId: "t1", agentNo, status: { state, stateAction, initialStatus: 1, deviceStatus: 0, ...extra } });
// What the engine answers to can() at each moment of these tests (core/tests/can_answers.rs, an
// agent bound to the softphone): the test speaks for the engine through `canChange`, and the
// console's buttons must follow it.
const allow = (c, allowed) => emit(c, "canChange", { allowed });
const CALL = ["hangup", "hold", "mute", "sendDtmf", "sipLink", "sipUnlink", "updateSessionKey"];
const RINGING = ["hangup", "sipLink", "sipUnlink", "updateSessionKey"];
const TALKING = [...CALL, "startAtxfer", "blxfer", "transferIvr"];
const CONSULT_DIALING = [...CALL, "cancelAtxfer"];
const CONSULT_LINKED = [...CALL, "resumeAtxfer", "threewayAtxfer", "completeAtxfer"];
const CONSULT_THREEWAY = [...CALL, "resumeAtxfer", "completeAtxfer"];
const WRAPUP = ["logout", "pause", "unpause", "updateSessionKey"];
const HOSTILE = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

export async function run({ browser, base, check, agents }) {
  const sup = agents.supervisor;
  let c;
  let s;
  const me = "1038";

  await check("ui_call_card_follows_ringing_and_answer_and_keeps_payloads_as_text", async () => {
    c = await ConsolePage.open(browser, base, "ui-agent", { mockSdk: true });
    await c.login({ agentNo: me, endpointType: 3 });
    const call = { callType: 1, uniqueId: "u-1", mainUniqueId: "m-1" };
    await emit(c, "agentStatus", status(me, "ringing", "ringing", { deviceStatus: 3, ...call }));
    await allow(c, RINGING);
    await emit(c, "ringing", { tenantId: "t1", agentNo: me, ...call, channel: "SIP/t1-1038-1", customerNumber: HOSTILE,
      customerAreaCode: "010", customerProvince: "<b>Prov</b>", customerCity: "City", subCallType: 0, hotline: "400",
      numberTrunk: "", queueNo: "q-support", chanVariables: {} });
    await c.waitText("#call-chip", "ringing");
    assert(await c.text("#call-number") === HOSTILE, "the number is shown as text");
    await c.waitText("#call-location", "City, <b>Prov</b>");
    await c.waitText("#call-queue", "q-support");
    await c.expectButtons({ "#btn-answer": true, "#btn-reject": true, "#btn-hold": false });
    await c.page.click("#btn-answer");
    assert((await calls(c, "sipLink")).length === 1, "Answer sends sipLink");
    await emit(c, "agentStatus", status(me, "talking", "answer", { deviceStatus: 4, ...call }));
    await allow(c, TALKING);
    await c.waitText("#call-chip", "talking");
    await c.expectButtons({ "#btn-hangup": true, "#btn-hold": true, "#btn-consult": true, "#btn-answer": false });
    // Hold follows the status, not the click.
    await c.page.click("#btn-hold");
    assert((await calls(c, "hold")).length === 1, "hold sent");
    await emit(c, "agentStatus", status(me, "talking", "hold", { deviceStatus: 4, ...call }));
    await c.waitText("#btn-hold", "Unhold");
    await emit(c, "agentStatus", status(me, "talking", "unhold", { deviceStatus: 4, ...call }));
    await c.waitText("#btn-hold", "Hold");
    const pwned = await c.page.evaluate(() => window.__pwned ?? null);
    const images = await c.page.$$eval("img, main script", (n) => n.length);
    assert(pwned === null && images === 0, `payload markup became elements: pwned=${pwned} images=${images}`);
  });

  await check("ui_transcript_replaces_partials_with_the_sentence_end", async () => {
    const base_ = { mainUniqueId: "m-1", transcriptTime: Date.now(), beginTime: 0, endTime: 0 };
    await emit(c, "transcript", { ...base_, role: 2, sentenceIndex: 0, sentenceType: "intermediateResult", finished: 0, text: "Hello I" });
    await c.waitText("#transcript", "Hello I…");
    await emit(c, "transcript", { ...base_, role: 2, sentenceIndex: 0, sentenceType: "intermediateResult", finished: 0, text: "Hello I need" });
    await emit(c, "transcript", { ...base_, role: 2, sentenceIndex: 0, sentenceType: "sentenceEnd", finished: 1, text: "Hello, I need help.",
      sentenceBeginTimestamp: Date.now() - 2000, sentenceEndTimestamp: Date.now() });
    await emit(c, "transcript", { ...base_, role: 1, sentenceIndex: 1, sentenceType: "sentenceEnd", finished: 1, text: HOSTILE });
    const lines = await c.page.$$eval("#transcript li", (lis) => lis.map((li) => [li.className, li.querySelector(".text").textContent]));
    assert(lines.length === 2, `two sentences: ${JSON.stringify(lines)}`);
    assert(lines[0][0] === "line customer" && lines[0][1] === "Hello, I need help.", `customer final: ${lines[0]}`);
    assert(lines[1][0] === "line agent" && lines[1][1] === HOSTILE, `agent line as text: ${lines[1]}`);
  });

  await check("ui_quality_charts_and_warnings", async () => {
    const now = Date.now();
    for (let i = 0; i < 15; i++) {
      await emit(c, "webrtcStats", { packetsSent: 50, packetsReceived: 50, packetsLost: i % 4 === 0 ? 1 : 0,
        packetLossRate: i % 4 === 0 ? 0.02 : 0, jitter: 8 + (i % 5) * 9, rtt: 40 + i * 5, mos: 4.3 - (i % 6) * 0.15,
        iceState: "connected", dtlsState: "connected", codec: "opus", packetsState: "normal", sentNetworkQuality: 4,
        receivedNetworkQuality: 3, timestamp: now - (15 - i) * 1000,
        totals: { packetsSent: 50 * i, packetsReceived: 50 * i, packetsLost: 0, packetLossRate: 0, bytesSent: 0, bytesReceived: 0 } });
    }
    for (const m of ["rtt", "jitter", "loss", "mos"]) {
      const n = await c.page.$eval(`.metric[data-metric="${m}"]`, (el) => Number(el.dataset.samples));
      assert(n === 15, `${m}: ${n} samples`);
    }
    await c.waitText("#codec", "opus");
    await c.waitText("#packets-state", "two-way audio");
    await c.waitText("#net-quality-text", "sent 4/4 · received 3/4");
    await emit(c, "webrtcStats", { packetsSent: 50, packetsReceived: 0, packetsLost: 0, packetLossRate: 0, jitter: null, rtt: 90,
      mos: null, iceState: "connected", dtlsState: "connected", codec: "opus", packetsState: "noInbound", sentNetworkQuality: 4,
      receivedNetworkQuality: 0, timestamp: now, totals: {} });
    await c.waitText("#packets-state", "no audio from the other side");
    await emit(c, "webrtcWarning", { name: "highJitter", threshold: 30, values: [8, 35, 44, 12, 35, 44, null] });
    await c.waitText("#quality-warnings", "High jitter: threshold 30 ms, latest 44 ms");
    assert(await c.page.$eval(".metric[data-metric=jitter]", (el) => el.dataset.warning) === "1", "jitter chart flagged");
    await emit(c, "webrtcWarning", { name: "highPacketLoss", threshold: 0.01, values: [0.02, 0, 0.02] });
    await c.waitText("#quality-warnings", "Packet loss: threshold 1.0 %, latest 2.0 %");
    await c.shot("quality-warnings");
    await emit(c, "webrtcWarningCleared", { name: "highJitter", threshold: 30, values: [8, 9] });
    await c.waitText("#quality-warnings", "High jitter: back to normal");
    assert(await c.page.$eval(".metric[data-metric=jitter]", (el) => el.dataset.warning ?? "") === "", "flag cleared");
  });

  await check("ui_supervisor_listening_in_is_shown_to_the_agent", async () => {
    await emit(c, "whisperLink", { tenantId: "t1", agentNo: me, whisperedCno: me, initiator: "9002", initiatorType: 1, channel: "x" });
    await c.waitText("#call-monitor", "Supervisor 9002 is whispering to you");
    await emit(c, "whisperUnlink", { tenantId: "t1", agentNo: me, whisperedAgentNo: me, initiator: "9002", initiatorType: 1 });
    await c.page.waitForSelector("#call-monitor", { state: "hidden" });
  });

  await check("ui_consult_steps_enable_the_right_buttons", async () => {
    const call = { callType: 1, uniqueId: "u-1", mainUniqueId: "m-1", deviceStatus: 4 };
    await c.page.selectOption("#consult-target-type", "1");
    await c.page.fill("#consult-target", "1037");
    await c.page.click("#btn-consult");
    const sent = await calls(c, "startAtxfer");
    assert(JSON.stringify(sent) === JSON.stringify([{ targetType: 1, target: "1037" }]), `startAtxfer ${JSON.stringify(sent)}`);
    await emit(c, "atxferStart", { tenantId: "t1", agentNo: me, channel: "a", destChannel: "b", state: "talking", stateAction: "consultDialing", mainUniqueId: "m-1" });
    await emit(c, "agentStatus", status(me, "talking", "consultDialing", call));
    await allow(c, CONSULT_DIALING);
    await c.waitText("#consult-step", "dialing agent 1037…");
    await c.expectButtons({ "#btn-consult-cancel": true, "#btn-consult-complete": false, "#btn-consult-threeway": false, "#btn-consult": false, "#btn-blxfer": false });
    await emit(c, "atxferLink", { tenantId: "t1", agentNo: me, channel: "a", target: "1037", targetType: 1, state: "talking", stateAction: "consultLinked" });
    await allow(c, CONSULT_LINKED);
    await c.waitText("#consult-step", "talking with agent 1037");
    await c.expectButtons({ "#btn-consult-cancel": false, "#btn-consult-complete": true, "#btn-consult-threeway": true, "#btn-consult-resume": true });
    await emit(c, "threewayAtxferResult", { tenantId: "t1", agentNo: me, target: "1037", targetType: 1, state: "talking", stateAction: "consultThreeway" });
    await allow(c, CONSULT_THREEWAY);
    await c.waitText("#consult-step", "three-way with agent 1037");
    await c.expectButtons({ "#btn-consult-threeway": false, "#btn-consult-complete": true });
    await c.shot("consult-threeway");
    await c.page.click("#btn-consult-complete");
    assert((await calls(c, "completeAtxfer")).length === 1, "complete sent");
    await emit(c, "completeAtxferResult", { tenantId: "t1", agentNo: me, target: "1037", targetType: 1, state: "wrapup", stateAction: "transferred" });
    await emit(c, "agentStatus", status(me, "wrapup", "transferred", { wrapupTime: 10 }));
    await allow(c, WRAPUP);
    await c.waitState("wrapup");
    await c.waitText("#call-note", "Transferred. After-call work.");
    await c.waitText("#wrapup-left", /After-call work: 0:(10|09) left/);
    await c.expectButtons({ "#btn-consult-complete": false, "#btn-hangup": false, "#btn-busy": true, "#btn-ready": true });
  });

  await check("ui_reconnect_countdown_and_giving_up", async () => {
    await emit(c, "reconnectAttempt", { attempt: 2, code: -1, firstAttemptTs: Date.now() - 1500, maxAttempts: 20, sinceFirstAttemptMs: 1500, delayMs: 3000 });
    await c.waitText("#banner-text", "reconnect attempt 2/20");
    const first = await c.text("#banner-countdown");
    await sleep(1100);
    const second = await c.text("#banner-countdown");
    const secs = (t) => Number(/in (\d+\.\d) s/.exec(t)?.[1]);
    assert(secs(first) > secs(second) && secs(second) > 0, `countdown runs: ${first} → ${second}`);
    await emit(c, "sessionTerminate", { tenantId: "t1", agentNo: me, reason: "reconnectFailed" });
    await emit(c, "agentStatus", status(me, "offline", "connectionLost", { deviceStatus: -1, initialStatus: 0 }));
    await c.waitText("#banner-text", "log in again");
    await c.page.waitForSelector("#login-card:not([hidden])");
    await c.waitText("#login-error", "Could not reconnect");
    await c.shot("gave-up");
  });

  await check("ui_extension_agents_are_told_the_phone_answers", async () => {
    await c.login({ agentNo: me, endpointType: 2 });
    const call = { callType: 9, uniqueId: "u-2", mainUniqueId: "m-2" };
    await emit(c, "agentStatus", status(me, "ringing", "ringing", { deviceStatus: 3, ...call }));
    await allow(c, RINGING);
    await emit(c, "ringing", { tenantId: "t1", agentNo: me, ...call, channel: "SIP/t1-1038-2", customerNumber: "13800000002",
      customerAreaCode: "", customerProvince: "", customerCity: "", subCallType: 101, hotline: "", numberTrunk: "", queueNo: "", chanVariables: {} });
    await c.waitText("#call-note", "Answering on your phone…");
    await c.waitText("#call-type", "Consult");
    await c.expectButtons({ "#btn-answer": false, "#btn-reject": true });
    await c.shot("extension-ringing");
    await emit(c, "agentStatus", status(me, "talking", "answer", { deviceStatus: 4, ...call }));
    await allow(c, TALKING);
    await c.waitText("#call-chip", "talking");
    await emit(c, "agentStatus", status(me, "talking", "transferIn", { deviceStatus: 4, ...call }));
    await c.waitText("#call-type", "Transferred to you");
    await emit(c, "agentStatus", status(me, "wrapup", "customerHangup", { wrapupTime: 5 }));
    await c.waitText("#call-note", "The customer hung up. After-call work.");
    await emit(c, "agentStatus", status(me, "idle", "wrapupEnd"));
    await c.waitText("#call-empty", "Last: 13800000002 — The customer hung up.");
  });

  await check("ui_event_log_is_capped", async () => {
    await c.page.evaluate(() => { for (let i = 0; i < 600; i++) window.__mock.emit("ping", { latencyTime: i, networkState: 4 }); });
    const n = await c.page.$$eval("#event-log > li", (lis) => lis.length);
    assert(n === 500, `log holds ${n}`);
  });

  await check("ui_supervisor_queue_table_from_queue_status", async () => {
    s = await ConsolePage.open(browser, base, "ui-supervisor", { mockSdk: true });
    await s.login({ agentNo: sup, password: agents.supervisorPassword, supervisor: true, endpointType: 2 });
    await s.page.waitForSelector("#supervisor-card:not([hidden])");
    assert((await calls(s, "subscribeQueueStatus")).length === 1, "subscribed on login");
    const now = Date.now();
    const agent = (agentNo, state, stateAction, deviceStatus, ago) => ({ agentNo, name: `Agent ${agentNo}`, state, stateAction, deviceStatus, since: now - ago * 1000 });
    await emit(s, "queueStatus", { queueStatus: {
      "q-sales": { queueParams: { queueNo: "q-sales", name: "Sales", strategy: "longestIdle", maxWaitSeconds: 300, waiting: 2, longestWaitSeconds: 41, agentsLoggedIn: 2, agentsIdle: 1 },
        agentStatuses: [agent("1036", "talking", "answer", 4, 65), agent("1037", "idle", "wrapupEnd", 0, 5)],
        queueEntries: [{ uniqueId: "u-a", customerNumber: "13800000001", joinTime: now - 41000, position: 1, waitSeconds: 41 },
          { uniqueId: "u-b", customerNumber: HOSTILE, joinTime: now - 10000, position: 2, waitSeconds: 10 }] },
      "q-support": { queueParams: { queueNo: "q-support", name: "Support", waiting: 0, longestWaitSeconds: 0, agentsLoggedIn: 2, agentsIdle: 0 },
        agentStatuses: [agent("1038", "busy", "pause", 0, 30), agent("1039", "offline", "logout", -1, 999), agent("1040", "ringing", "ringing", 3, 2),
          agent("1037", "idle", "wrapupEnd", 0, 5)],
        queueEntries: [] } } });
    await s.page.waitForSelector("#queue-rows tr[data-queue=q-sales]");
    assert(await s.text("#queue-rows tr[data-queue=q-sales] [data-field=waiting]") === "2", "waiting");
    await s.waitText("#queue-rows tr[data-queue=q-sales] [data-field=longest]", /0:4[1-3]/);
    await s.waitText("#queue-rows tr[data-queue=q-sales] .callers", HOSTILE);
    const order = await s.page.$$eval("#agent-rows tr", (trs) => trs.map((tr) => `${tr.dataset.agent}:${tr.dataset.state}`));
    assert(JSON.stringify(order) === JSON.stringify(["1036:talking", "1040:ringing", "1038:busy", "1037:idle"]), `rows: ${order}`);
    await s.waitText('#agent-rows tr[data-agent="1037"]', "Sales, Support");
    await s.waitText('#agent-rows tr[data-agent="1036"]', /1:0[5-7]/);
    const row = (a, action) => `#agent-rows tr[data-agent="${a}"] [data-action=${action}]`;
    await s.expectButtons({ [row("1036", "whisper")]: true, [row("1036", "disconnect")]: true, [row("1036", "setPause")]: false,
      [row("1037", "whisper")]: false, [row("1037", "setPause")]: true, [row("1037", "setOffline")]: true,
      [row("1038", "setUnpause")]: true, [row("1038", "setPause")]: false, [row("1040", "disconnect")]: true, [row("1040", "spy")]: false });
    await s.page.uncheck("#hide-offline");
    assert((await s.page.$$("#agent-rows tr")).length === 5, "offline agent shown");
    await s.page.check("#hide-offline");
    await s.page.selectOption("#queue-filter", "q-support");
    const support = await s.page.$$eval("#agent-rows tr", (trs) => trs.map((tr) => tr.dataset.agent));
    assert(JSON.stringify(support) === JSON.stringify(["1040", "1038", "1037"]), `filtered: ${support}`);
    await s.page.selectOption("#queue-filter", "");
  });

  await check("ui_supervisor_monitor_start_switch_and_stop", async () => {
    const row = (a, action) => `#agent-rows tr[data-agent="${a}"] [data-action=${action}]`;
    await s.page.click(row("1036", "whisper"));
    assert(JSON.stringify(await calls(s, "whisper")) === JSON.stringify([{ agentNo: "1036" }]), "whisper sent");
    await emit(s, "whisperResult", { tenantId: "t1", agentNo: sup, whisperedCno: "1036", initiator: sup, initiatorType: 1, uniqueId: "u", result: "success" });
    await s.waitText("#monitor-text", "Whispering to agent 1036 (connecting…)");
    await emit(s, "whisperLink", { tenantId: "t1", agentNo: sup, whisperedCno: "1036", initiator: sup, initiatorType: 1, channel: "c" });
    await s.page.waitForFunction(() => document.querySelector("#monitor-text").textContent === "Whispering to agent 1036");
    await s.waitText(row("1036", "whisper"), "Stop whisper");
    // Linked: switching mode on the same agent is allowed; another agent is not.
    await s.expectButtons({ [row("1036", "barge")]: true, [row("1036", "whisper")]: true, [row("1040", "spy")]: false });
    await s.shot("queue-table");
    await s.page.click("#btn-monitor-stop");
    assert((await calls(s, "unwhisper")).length === 1, "unwhisper sent");
    await emit(s, "whisperUnlink", { tenantId: "t1", agentNo: sup, whisperedAgentNo: "1036", initiator: sup, initiatorType: 1 });
    await s.page.waitForSelector("#monitor-bar", { state: "hidden" });
    await s.waitText(row("1036", "whisper"), "Whisper");
    // A refused supervisor command shows its code and message.
    await s.page.evaluate(() => { window.__mock.answers.setOffline = { code: -1, errorCode: "INVALID_STATE", message: "`setOffline` is not allowed now; agent 1037 is on a call" }; });
    await s.page.click(row("1037", "setOffline"));
    await s.waitText("#supervisor-feedback", "Set offline 1037 refused — INVALID_STATE: `setOffline` is not allowed now");
  });

  await check("ui_pages_logged_no_errors", async () => {
    const errors = [c, s].filter(Boolean).flatMap((p) => p.errors.map((e) => `${p.name}: ${e}`));
    assert(errors.length === 0, errors.join("\n"));
  });
  await c?.close();
  await s?.close();
}
