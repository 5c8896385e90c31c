// Browser tests of the call and supervisor flows against the gateway's simulator in scripted
// mode (docs/flows.md, docs/gateway.md), in headless Chrome and Firefox
// (tests/browser_flows.rs). Agents bound to an extension are auto-answered by the simulator.

async function agent(u, AgentClient, gateway, agentNo, endpointType = 2, beforeLogin = (c) => c) {
  const key = await u.sessionKeyFor(gateway, "t1", agentNo);
  const client = beforeLogin(new AgentClient({ baseURL: u.wsUrl(gateway), webrtcStats: true }));
  const idle = u.nextEvent(client, "agentStatus", (e) => e.status.state === "idle");
  const res = await client.login({ tenantId: "t1", agentNo, sessionKey: key,
    bindEndpoint: { endpointType, endpoint: endpointType === 3 ? `sp-${agentNo}` : `8${agentNo}` }, initialStatus: 1 });
  u.assertEq(res.code, 0, `login ${agentNo}: ${res.message}`);
  await idle;
  return client;
}

function statusOf(client, state, action) {
  return (e) => e.status.state === state && (action === undefined || e.status.stateAction === action);
}

async function ok(u, promise, what) {
  const res = await promise;
  u.assertEq([res.code, res.errorCode], [0, undefined], `${what}: ${res.message}`);
  return res;
}

async function callTo(u, client, gateway, agentNo, customerNumber = "13800000001") {
  const ringing = u.nextEvent(client, "ringing");
  const talking = u.nextEvent(client, "agentStatus", statusOf(client, "talking", "answer"));
  await u.control(gateway, "sim/call", { tenantId: "t1", agentNo, customerNumber });
  const r = await ringing;
  await talking;
  return r;
}

/** An inbound call rings, is answered, carries transcripts, is hung up, wraps up, ends idle. */
export async function inboundCallAnsweredAndHungUp(u, AgentClient, gateway) {
  const a = await agent(u, AgentClient, gateway, "1020");
  const statuses = [];
  a.on("agentStatus", (e) => statuses.push(e.status.stateAction));
  const transcript = u.nextEvent(a, "transcript", (e) => e.sentenceType === "sentenceEnd", 8000);
  const r = await callTo(u, a, gateway, "1020", "13800000001");
  u.assertEq([r.callType, r.customerNumber, r.agentNo, r.subCallType], [1, "13800000001", "1020", 0], "ringing fields");
  u.assert(r.mainUniqueId && r.uniqueId && r.queueNo !== undefined, "ringing ids");
  u.assertEq(a.status.mainUniqueId, r.mainUniqueId, "status carries the call");
  const t = await transcript;
  u.assert(t.finished === 1 && t.text.length > 0 && [1, 2].includes(t.role), "a finished sentence");
  await ok(u, a.hold(), "hold");
  u.assertEq((await a.hold()).errorCode, "INVALID_STATE", "no second hold");
  await ok(u, a.unhold(), "unhold");
  const wrapup = u.nextEvent(a, "agentStatus", statusOf(a, "wrapup", "hangup"));
  const back = u.nextEvent(a, "agentStatus", statusOf(a, "idle", "wrapupEnd"), 8000);
  await ok(u, a.hangup(), "hangup");
  u.assert((await wrapup).status.wrapupTime > 0, "wrapupTime");
  await back;
  u.assertEq(statuses.filter((s) => ["ringing", "answer", "hold", "unhold", "hangup", "wrapupEnd"].includes(s)),
    ["ringing", "answer", "hold", "unhold", "hangup", "wrapupEnd"], "status sequence");
  await a.logout();
  a.destroy();
}

/** A consult taken to three-way and completed, seen from both agents. */
export async function consultThreewayAndCompleteSeenFromBothAgents(u, AgentClient, gateway) {
  const a = await agent(u, AgentClient, gateway, "1021");
  const b = await agent(u, AgentClient, gateway, "1022");
  const seenA = [];
  const seenB = [];
  for (const [c, seen] of [[a, seenA], [b, seenB]]) {
    for (const type of ["atxferStart", "atxferLink", "threewayAtxferResult", "completeAtxferResult", "ringing"]) {
      c.on(type, (e) => seen.push(type));
    }
    c.on("agentStatus", (e) => seen.push(`status:${e.status.state}/${e.status.stateAction}`));
  }
  const call = await callTo(u, a, gateway, "1021");
  u.assertEq((await a.completeAtxfer()).errorCode, "INVALID_STATE", "complete before a consult");
  const linked = u.nextEvent(a, "atxferLink", () => true, 8000);
  const bRinging = u.nextEvent(b, "ringing");
  await ok(u, a.startAtxfer({ targetType: 1, target: "1022" }), "startAtxfer");
  const br = await bRinging;
  u.assertEq([br.callType, br.subCallType, br.mainUniqueId], [9, 101, call.mainUniqueId], "B's consult leg");
  const link = await linked;
  u.assertEq([link.target, link.targetType, link.stateAction], ["1022", 1, "consultLinked"], "atxferLink");
  const three = u.nextEvent(a, "threewayAtxferResult");
  await ok(u, a.threewayAtxfer(), "threewayAtxfer");
  u.assertEq((await three).stateAction, "consultThreeway", "three-way");
  const done = u.nextEvent(a, "completeAtxferResult");
  const bTakes = u.nextEvent(b, "agentStatus", statusOf(b, "talking", "transferIn"));
  await ok(u, a.completeAtxfer(), "completeAtxfer");
  u.assertEq((await done).target, "1022", "completed to B");
  const bStatus = await bTakes;
  u.assertEq(bStatus.status.mainUniqueId, call.mainUniqueId, "B has the customer's call");
  u.assertEq(a.status.state, "wrapup", "A wraps up");
  u.assert(seenA.includes("atxferStart") && seenA.includes("status:wrapup/transferred"), `A saw ${seenA}`);
  u.assert(seenB.includes("ringing") && seenB.includes("status:talking/answer") && seenB.includes("status:talking/transferIn"), `B saw ${seenB}`);
  const bEnd = u.nextEvent(b, "agentStatus", statusOf(b, "wrapup"));
  await ok(u, b.hangup(), "B hangs up");
  await bEnd;
  for (const c of [a, b]) {
    await u.nextEvent(c, "agentStatus", statusOf(c, "idle"), 8000).catch(() => null);
    await c.logout();
    c.destroy();
  }
}

/** A supervisor whispers, switches to barge, then unlinks; seen from supervisor and agent. */
export async function supervisorWhisperThenBargeThenUnlink(u, AgentClient, gateway) {
  const s = await agent(u, AgentClient, gateway, "9001");
  const a = await agent(u, AgentClient, gateway, "1023");
  const queue = u.nextEvent(s, "queueStatus");
  await ok(u, s.subscribeQueueStatus(), "subscribeQueueStatus");
  const q = await queue;
  u.assert(Object.keys(q.queueStatus).length > 0, "queues in queueStatus");
  for (const snapshot of Object.values(q.queueStatus)) {
    u.assert(snapshot.queueParams && Array.isArray(snapshot.agentStatuses) && Array.isArray(snapshot.queueEntries), "queue structure");
  }
  await callTo(u, a, gateway, "1023");
  u.assertEq((await a.whisper({ agentNo: "1022" })).errorCode, "NOT_SUPERVISOR", "an agent cannot whisper");
  const sLink = u.nextEvent(s, "whisperLink");
  const aLink = u.nextEvent(a, "whisperLink");
  const result = u.nextEvent(s, "whisperResult");
  await ok(u, s.whisper({ agentNo: "1023" }), "whisper");
  const wr = await result;
  u.assertEq([wr.whisperedCno, wr.initiator, wr.result], ["1023", "9001", "success"], "whisperResult");
  await sLink;
  u.assertEq((await aLink).whisperedCno, "1023", "the agent hears the whisper");
  const sUnlinkW = u.nextEvent(s, "whisperUnlink");
  const aUnlinkW = u.nextEvent(a, "whisperUnlink");
  const bargeLinkS = u.nextEvent(s, "bargeLink");
  const bargeLinkA = u.nextEvent(a, "bargeLink");
  await ok(u, s.barge({ agentNo: "1023" }), "barge");
  await Promise.all([sUnlinkW, aUnlinkW, bargeLinkS]);
  u.assertEq((await bargeLinkA).bargedAgentNo, "1023", "the agent sees the barge");
  const sUnlink = u.nextEvent(s, "bargeUnlink");
  const aUnlink = u.nextEvent(a, "bargeUnlink");
  await ok(u, s.unbarge(), "unbarge");
  u.assertEq([(await sUnlink).bargedCno, (await aUnlink).bargedCno], ["1023", "1023"], "bargeUnlink");
  u.assertEq((await s.unbarge()).errorCode, "INVALID_STATE", "nothing left to unbarge");
  await a.hangup();
  for (const c of [a, s]) {
    await u.sleep(1500);
    await c.logout();
    c.destroy();
  }
}

/** Catalog coverage: every one of the 40 catalog events reaches a listener during one shift. */
export async function everyCatalogEventIsDelivered(u, AgentClient, gateway) {
  const catalog = Object.entries(AgentClient.EventType)
    .filter(([k]) => !k.endsWith("_RESP")
      && !["SDK_ERROR", "CAN_CHANGE", "RESYNC", "SESSION_KEY_EXPIRING", "WEBRTC_WARNING", "WEBRTC_WARNING_CLEARED",
        "AUDIO_DEVICES", "AUDIO_INPUT_CHANGED", "AUDIO_OUTPUT_CHANGED", "SIP_RECONNECTING", "SIP_RECONNECTED",
        "PREFLIGHT_PROGRESS"].includes(k))
    .map(([, v]) => v);
  u.assertEq(catalog.length, 40, "catalog size");
  const delivered = new Set();
  const record = (client) => { for (const type of catalog) client.on(type, () => delivered.add(type)); return client; };
  const waitAll = (types, ms = 8000) => Promise.all(types.map((t) => waitDelivered(u, delivered, t, ms)));

  const a = await agent(u, AgentClient, gateway, "1030", 2, record);
  const b = await agent(u, AgentClient, gateway, "1031", 2, record);
  const s = await agent(u, AgentClient, gateway, "9002", 2, record);
  await waitAll(["agentStatus", "sessionInit", "extenState", "ping"]);
  await ok(u, s.subscribeQueueStatus(), "subscribeQueueStatus");

  // An inbound call, monitored in every mode, with transcripts and an IVR detour.
  await callTo(u, a, gateway, "1030");
  await waitAll(["ringing", "queueStatus", "transcript"]);
  for (const [start, link] of [["spy", "spyLink"], ["threeway", "threewayLink"], ["whisper", "whisperLink"], ["barge", "bargeLink"]]) {
    const linked = u.nextEvent(s, link);
    await ok(u, s[start]({ agentNo: "1030" }), start);
    await linked;
  }
  const unlinked = u.nextEvent(s, "bargeUnlink");
  await ok(u, s.unbarge(), "unbarge");
  await unlinked;
  const ivr = u.nextEvent(a, "interactReturn", () => true, 8000);
  await ok(u, a.transferIvr({ ivrId: "ivr-survey", variables: { lang: "en" } }), "transferIvr");
  u.assertEq((await ivr).returnVariables.lang, "en", "IVR variables come back");

  // Consults: a busy number, a three-way the target leaves, a resumed one, a completed one.
  const failed = u.nextEvent(a, "atxferError", () => true, 8000);
  await ok(u, a.startAtxfer({ targetType: 0, target: "13900000001" }), "consult a busy number");
  await failed;
  const consult = async () => {
    const linked = u.nextEvent(a, "atxferLink", () => true, 8000);
    await ok(u, a.startAtxfer({ targetType: 1, target: "1031" }), "startAtxfer");
    await linked;
  };
  await consult();
  const unlink = u.nextEvent(a, "atxferThreewayUnlink", () => true, 8000);
  // Waited for before the command: its Promise settles once the events it caused are delivered
  // (docs/protocol.md §3), so they come first.
  const threeway = u.nextEvent(a, "threewayAtxferResult");
  await ok(u, a.threewayAtxfer(), "threewayAtxfer");
  await threeway;
  await ok(u, b.hangup(), "B leaves the three-way");
  await unlink;
  await u.nextEvent(b, "agentStatus", statusOf(b, "idle"), 8000);
  await consult();
  const ended = u.nextEvent(a, "atxferEnded");
  await ok(u, a.resumeAtxfer(), "resumeAtxfer");
  u.assertEq((await ended).hangupSide, 1, "the agent ended the consult");
  await u.nextEvent(b, "agentStatus", statusOf(b, "idle"), 8000);
  await consult();
  const completed = u.nextEvent(a, "completeAtxferResult");
  await ok(u, a.completeAtxfer(), "completeAtxfer");
  await completed;
  await ok(u, b.hangup(), "B ends the transferred call");
  await u.nextEvent(a, "agentStatus", statusOf(a, "idle"), 8000);

  // A preview outbound call that connects, then a supervisor's forced hang-up.
  const result = u.nextEvent(a, "previewObCallResult", () => true, 10000);
  await ok(u, a.previewObCall({ customerNumber: "13800000005" }), "previewObCall");
  u.assertEq((await result).result, "success", "preview result");
  await waitAll(["previewObCallStart", "previewObCallRinging", "previewObCallBridge"]);
  const forced = u.nextEvent(s, "disconnectResult");
  await ok(u, s.disconnect({ agentNo: "1030" }), "disconnect");
  u.assertEq((await forced).disconnectorCno, "1030", "disconnectResult");
  await u.nextEvent(a, "agentStatus", statusOf(a, "idle"), 8000);
  await u.control(gateway, "sim/callback", { tenantId: "t1", agentNo: "1030" });
  await waitAll(["orderCallBack"]);

  // The softphone: its SIP session, its media stats, and a media loss.
  const p = await agent(u, AgentClient, gateway, "1032", 3, record);
  const ringing = u.nextEvent(p, "ringing");
  await u.control(gateway, "sim/call", { tenantId: "t1", agentNo: "1032" });
  await ringing;
  await ok(u, p.sipLink(), "sipLink");
  await waitAll(["sipSessionInit", "webrtcStats"], 15000);
  await u.control(gateway, "sim/sip-disconnect", { tenantId: "t1", agentNo: "1032", reason: "test" });
  await waitAll(["sipDisconnected", "sipSessionTerminate"]);

  // A dropped connection, a forced offline, a logout.
  await u.control(gateway, "drop");
  await waitAll(["reconnectAttempt"]);
  await u.nextEvent(b, "reconnectAttempt", (e) => e.code === 0, 10000).catch(() => null);
  const offline = u.nextEvent(s, "setOfflineResult", () => true, 10000);
  await ok(u, s.setOffline({ agentNo: "1031" }), "setOffline");
  await offline;
  await b.logout().catch(() => null);
  await s.logout();
  await waitAll(["sessionTerminate"]);

  const missing = catalog.filter((t) => !delivered.has(t));
  console.log(`catalog coverage: ${catalog.length - missing.length}/${catalog.length}`);
  u.assertEq(missing, [], `catalog events never delivered (${catalog.length - missing.length}/40)`);
  for (const c of [a, p]) { await c.logout().catch(() => null); c.destroy(); }
  b.destroy();
  s.destroy();
}

async function waitDelivered(u, delivered, type, ms) {
  const start = Date.now();
  while (!delivered.has(type)) {
    if (Date.now() - start > ms) throw new Error(`${type} was not delivered within ${ms} ms`);
    await u.sleep(25);
  }
}
