// Browser tests of the softphone leg with real WebRTC media against the gateway (str0m plays the
// customer) and of webrtcStats, in headless Chrome and Firefox (tests/browser_softphone.rs).

async function softphoneAgent(u, AgentClient, gateway, agentNo) {
  const key = await u.sessionKeyFor(gateway, "t1", agentNo);
  const client = new AgentClient({ baseURL: u.wsUrl(gateway), webrtc: true, webrtcStats: true });
  const idle = u.nextEvent(client, "agentStatus", (e) => e.status.state === "idle");
  const res = await client.login({ tenantId: "t1", agentNo, sessionKey: key,
    bindEndpoint: { endpointType: 3, endpoint: `sp-${agentNo}` }, initialStatus: 1 });
  u.assertEq(res.code, 0, `login ${agentNo}: ${res.message}`);
  await idle;
  return client;
}

async function answeredCall(u, client, gateway, agentNo) {
  const ringing = u.nextEvent(client, "ringing");
  await u.control(gateway, "sim/call", { tenantId: "t1", agentNo });
  await ringing;
  const session = u.nextEvent(client, "sipSessionInit", () => true, 10000);
  const res = await client.sipLink();
  u.assertEq([res.code, res.errorCode], [0, undefined], `sipLink: ${res.message}`);
  await session;
}

/** A call over the softphone: stats every second with packets, rtt and a MOS. */
export async function softphoneCallCarriesAudioAndStats(u, AgentClient, gateway) {
  const client = await softphoneAgent(u, AgentClient, gateway, "1025");
  const samples = [];
  client.on("webrtcStats", (e) => samples.push(e));
  await answeredCall(u, client, gateway, "1025");
  const start = Date.now();
  while (samples.filter((s) => s.packetsReceived > 0).length < 5) {
    if (Date.now() - start > 15000) throw new Error(`only ${samples.length} samples: ${JSON.stringify(samples.slice(-2))}`);
    await u.sleep(100);
  }
  const good = samples.filter((s) => s.packetsReceived > 0);
  const last = good[good.length - 1];
  u.assert(last.totals.packetsReceived > 0 && last.totals.packetsSent > 0, "audio both ways");
  u.assert(good.some((s) => typeof s.rtt === "number"), `rtt present: ${JSON.stringify(last)}`);
  const mos = good.map((s) => s.mos).filter((m) => typeof m === "number");
  u.assert(mos.length > 0 && mos.every((m) => m >= 1 && m <= 4.5), `mos in 1–4.5: ${mos}`);
  u.assertEq([last.iceState !== "", last.codec], [true, "opus"], "ice state and codec");
  u.assertEq(last.packetsState, "normal", "audio flows both ways");
  await client.hangup();
  await u.sleep(1500);
  await client.logout();
  client.destroy();
}

/** The gateway stops sending: the SDK reports no inbound audio within 3 s. */
export async function oneWayAudioIsCaughtWithinThreeSeconds(u, AgentClient, gateway) {
  const client = await softphoneAgent(u, AgentClient, gateway, "1026");
  const samples = [];
  client.on("webrtcStats", (e) => samples.push(e));
  await answeredCall(u, client, gateway, "1026");
  await u.nextEvent(client, "webrtcStats", (e) => e.packetsReceived > 0, 10000);
  await u.control(gateway, "media", { tenantId: "t1", agentNo: "1026", sending: false });
  const stoppedAt = Date.now();
  const oneWay = await u.nextEvent(client, "webrtcStats", (e) => e.packetsState === "noInbound", 5000);
  const after = Date.now() - stoppedAt;
  u.assert(after <= 3000, `noInbound after ${after} ms`);
  u.assertEq(oneWay.packetsReceived, 0, "nothing received in that interval");
  await u.control(gateway, "media", { tenantId: "t1", agentNo: "1026", sending: true });
  await u.nextEvent(client, "webrtcStats", (e) => e.packetsState === "normal", 5000);
  await client.hangup();
  await u.sleep(1500);
  await client.logout();
  client.destroy();
}

/** sipUnlink ends the leg: no further webrtcStats, no timer left polling. */
export async function sipUnlinkStopsTheStats(u, AgentClient, gateway) {
  const client = await softphoneAgent(u, AgentClient, gateway, "1027");
  let samples = 0;
  client.on("webrtcStats", () => { samples += 1; });
  await answeredCall(u, client, gateway, "1027");
  await u.nextEvent(client, "webrtcStats", () => true, 10000);
  const terminated = u.nextEvent(client, "sipSessionTerminate", () => true, 5000);
  const res = await client.sipUnlink();
  u.assertEq(res.code, 0, `sipUnlink: ${res.message}`);
  await terminated;
  const at = samples;
  await u.sleep(2500);
  u.assertEq(samples, at, "no webrtcStats after sipUnlink");
  await client.hangup().catch(() => null);
  await u.sleep(1500);
  await client.logout();
  client.destroy();
}

/** With webrtc off no peer connection is created at all; sipLink still answers. */
export async function webrtcOffCreatesNoPeerConnection(u, AgentClient, gateway) {
  const Real = globalThis.RTCPeerConnection;
  let created = 0;
  globalThis.RTCPeerConnection = class extends Real { constructor(...a) { super(...a); created += 1; } };
  try {
    const key = await u.sessionKeyFor(gateway, "t1", "1028");
    const client = new AgentClient({ baseURL: u.wsUrl(gateway), webrtc: false, webrtcStats: true });
    const idle = u.nextEvent(client, "agentStatus", (e) => e.status.state === "idle");
    await client.login({ tenantId: "t1", agentNo: "1028", sessionKey: key,
      bindEndpoint: { endpointType: 3, endpoint: "sp-1028" }, initialStatus: 1 });
    await idle;
    await answeredCall(u, client, gateway, "1028");
    await u.sleep(1500);
    u.assertEq(created, 0, "no RTCPeerConnection");
    await client.hangup();
    await u.sleep(1500);
    await client.logout();
    client.destroy();
  } finally {
    globalThis.RTCPeerConnection = Real;
  }
}
