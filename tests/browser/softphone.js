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

// ---- audio devices and sleep (issue 15 items 4 and 2) -------------------------------------------

/**
 * The page's media devices as a test drives them: `enumerateDevices()` hides what the test has
 * "unplugged" and `devicechange` fires as the browser's would. The fake devices themselves
 * (Chrome's `--use-fake-device-for-media-stream`, Firefox's `media.navigator.streams.fake`) stay
 * real: getUserMedia, replaceTrack and setSinkId run against them. Every stream getUserMedia
 * hands out is recorded, so the test can check that none is left running.
 */
function deviceBoard() {
  const md = navigator.mediaDevices;
  const hidden = new Set();
  const streams = [];
  const enumerate = md.enumerateDevices.bind(md);
  const open = md.getUserMedia.bind(md);
  md.enumerateDevices = async () => (await enumerate()).filter((d) => !hidden.has(d.deviceId));
  md.getUserMedia = async (c) => {
    const s = await open(c);
    streams.push(s);
    return s;
  };
  const Real = globalThis.RTCPeerConnection;
  const pcs = [];
  globalThis.RTCPeerConnection = class extends Real {
    constructor(...a) {
      super(...a);
      pcs.push(this);
    }
  };
  return {
    pcs,
    streams,
    unplug(id) {
      hidden.add(id);
      md.dispatchEvent(new Event("devicechange"));
    },
    restore() {
      delete md.enumerateDevices;
      delete md.getUserMedia;
      globalThis.RTCPeerConnection = Real;
    },
  };
}

/** The track the leg is sending from. */
const sending = (pc) => pc.getSenders().find((s) => s.track?.kind === "audio")?.track ?? null;

async function rejection(promise) {
  try {
    return { resolved: await promise };
  } catch (e) {
    return e;
  }
}

/** Sent-packet totals keep rising: the call is alive. */
async function stillSending(u, client, what) {
  const a = await u.nextEvent(client, "webrtcStats", () => true, 5000);
  const b = await u.nextEvent(client, "webrtcStats", (e) => e.totals.packetsSent > a.totals.packetsSent, 5000);
  u.assertEq(b.iceState, "connected", `${what}: ICE still connected`);
}

/**
 * During a call: the device list arrives as `audioDevices`, `setInputDevice` switches the
 * microphone without renegotiating and refuses unknown ids with a code, the microphone in use
 * vanishing switches to the default input with `audioInputChanged` (deviceLost) and the call goes
 * on, `setOutputDevice` uses setSinkId where the browser has it; at the end every microphone
 * stream the SDK opened is stopped.
 */
export async function audioDevicesFollowTheCall(u, AgentClient, gateway) {
  const board = deviceBoard();
  try {
    const key = await u.sessionKeyFor(gateway, "t1", "1061");
    const client = new AgentClient({ baseURL: u.wsUrl(gateway), webrtc: true, webrtcStats: true });
    const lists = [];
    const changes = [];
    const outputs = [];
    let ended = 0;
    client.on("audioDevices", (e) => lists.push(e));
    client.on("audioInputChanged", (e) => changes.push(e));
    client.on("audioOutputChanged", (e) => outputs.push(e));
    client.on("sipDisconnected", () => { ended += 1; });
    const idle = u.nextEvent(client, "agentStatus", (e) => e.status.state === "idle");
    const res = await client.login({ tenantId: "t1", agentNo: "1061", sessionKey: key,
      bindEndpoint: { endpointType: 3, endpoint: "sp-1061" }, initialStatus: 1 });
    u.assertEq(res.code, 0, `login: ${res.message}`);
    await idle;
    await answeredCall(u, client, gateway, "1061");
    await u.nextEvent(client, "webrtcStats", (e) => e.totals.packetsSent > 0, 10000);
    const start = Date.now();
    while (!lists.some((l) => l.inputs.length > 0)) {
      if (Date.now() - start > 5000) throw new Error(`no audioDevices with inputs: ${JSON.stringify(lists)}`);
      await u.sleep(50);
    }
    const list = lists[lists.length - 1];
    const pc = board.pcs[board.pcs.length - 1];
    const first = sending(pc);
    const inUse = first.getSettings().deviceId;
    u.assert(list.inputs.some((d) => d.deviceId === inUse), `the microphone in use is listed: ${inUse} in ${JSON.stringify(list)}`);

    // Refusals are { code, message }.
    const unknown = await rejection(client.setInputDevice("no-such-microphone"));
    u.assertEq(unknown.code, "DEVICE_NOT_FOUND", JSON.stringify(unknown));
    u.assert(typeof unknown.message === "string" && unknown.message.length > 0, "a message");
    u.assertEq((await rejection(client.setInputDevice(42))).code, "BAD_PARAMS", "a number is no device id");
    u.assertEq((await rejection(client.setInputDevice(""))).code, "BAD_PARAMS", "an empty id");

    // Another input, as the agent would pick it: the sender's track is replaced, the old stopped.
    const other = list.inputs.find((d) => d.deviceId !== inUse) ?? list.inputs[0];
    const chosen = await client.setInputDevice(other.deviceId);
    u.assertEq(typeof chosen.deviceId, "string", "resolves with the device");
    const second = sending(pc);
    if (other.deviceId !== inUse) {
      u.assert(second !== first && second.readyState === "live", "a new live track on the sender");
      u.assertEq(first.readyState, "ended", "the old microphone is stopped");
      u.assertEq(changes.at(-1)?.reason, "requested", JSON.stringify(changes));
    }
    await stillSending(u, client, "after setInputDevice");

    // The microphone in use is unplugged: the SDK moves to the default input, the call goes on.
    const lost = u.nextEvent(client, "audioInputChanged", (e) => e.reason === "deviceLost", 5000);
    board.unplug(sending(pc).getSettings().deviceId);
    const moved = await lost;
    u.assertEq(typeof moved.deviceId, "string", "audioInputChanged names the new microphone");
    const third = sending(pc);
    u.assert(third !== second && third.readyState === "live", "the default input is on the sender");
    u.assertEq(second.readyState, "ended", "the vanished microphone's track is stopped");
    await stillSending(u, client, "after the microphone vanished");
    u.assertEq(ended, 0, "no sipDisconnected: the call was not dropped");

    // The output: setSinkId where the browser has it (Chrome; Firefox ≥ 116 for exposed outputs).
    const hasSink = typeof HTMLMediaElement.prototype.setSinkId === "function";
    const out = lists.at(-1).outputs;
    const target = out.find((d) => d.deviceId !== "default") ?? out[0];
    if (hasSink && target !== undefined) {
      const set = await client.setOutputDevice(target.deviceId);
      u.assertEq(set.deviceId, target.deviceId, "setOutputDevice resolves with the device");
      u.assertEq(outputs.at(-1)?.deviceId, target.deviceId, "audioOutputChanged");
    } else {
      // Nothing to choose from (no output listed): an unknown id is refused with a code.
      const refused = await rejection(client.setOutputDevice("no-such-speaker"));
      const expected = hasSink ? ["MEDIA_FAILED", "DEVICE_NOT_FOUND"] : ["NOT_SUPPORTED"];
      u.assert(expected.includes(refused.code), `setOutputDevice refused: ${JSON.stringify(refused)}`);
    }
    u.assertEq((await rejection(client.setOutputDevice(null))).code, "BAD_PARAMS", "null is no device id");

    await client.hangup();
    await u.sleep(1500);
    await client.logout();
    client.destroy();
    const running = board.streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState !== "ended");
    u.assertEq(running.length, 0, "every microphone the SDK opened is stopped");
  } finally {
    board.restore();
  }
}

/** A softphone agent of its own with a short ICE grace, logged in idle, its call answered. */
async function sleepyAgent(u, AgentClient, gateway, agentNo) {
  const key = await u.sessionKeyFor(gateway, "t1", agentNo);
  const client = new AgentClient({ baseURL: u.wsUrl(gateway), webrtc: true, webrtcStats: true,
    sipDisconnectGraceMs: 1000 });
  const idle = u.nextEvent(client, "agentStatus", (e) => e.status.state === "idle");
  await client.login({ tenantId: "t1", agentNo, sessionKey: key,
    bindEndpoint: { endpointType: 3, endpoint: `sp-${agentNo}` }, initialStatus: 1 });
  await idle;
  const t0 = Date.now();
  const seen = { ended: [], reconnecting: [], reconnected: [], trace: [] };
  const note = (what) => seen.trace.push(`${Date.now() - t0} ${what}`);
  client.on("sipDisconnected", (e) => { seen.ended.push(e); note(`sipDisconnected ${e.reason}`); });
  client.on("sipReconnecting", (e) => { seen.reconnecting.push(e); note(`sipReconnecting ${e.attempt}`); });
  client.on("sipReconnected", (e) => { seen.reconnected.push(e); note(`sipReconnected ${e.attempt}`); });
  const Watched = globalThis.RTCPeerConnection;
  globalThis.RTCPeerConnection = class extends Watched {
    constructor(...a) {
      super(...a);
      this.addEventListener("iceconnectionstatechange", () => note(`ice ${this.iceConnectionState}`));
      this.addEventListener("signalingstatechange", () => note(`signaling ${this.signalingState}`));
      this.addEventListener("icegatheringstatechange", () => note(`gathering ${this.iceGatheringState}`));
      const remote = this.setRemoteDescription.bind(this);
      this.setRemoteDescription = (d) => {
        note(`remote ${d.type} ufrag=${/a=ice-ufrag:(\S+)/.exec(d.sdp)?.[1]} cands=${(d.sdp.match(/a=candidate/g) || []).length}`);
        return remote(d);
      };
      const local = this.setLocalDescription.bind(this);
      this.setLocalDescription = (d) => local(d).then((r) => {
        const sdp = this.localDescription.sdp;
        note(`local ufrag=${/a=ice-ufrag:(\S+)/.exec(sdp)?.[1]} cands=${(sdp.match(/a=candidate/g) || []).length} gathering=${this.iceGatheringState}`);
        return r;
      });
    }
  };
  try {
    await answeredCall(u, client, gateway, agentNo);
  } finally {
    globalThis.RTCPeerConnection = Watched;
  }
  await u.nextEvent(client, "webrtcStats", (e) => e.packetsReceived > 0, 10000);
  return { client, seen };
}

/** The agent's leg as the gateway counts it (`/control/media` with no knob changes nothing). */
async function gatewayLeg(u, gateway, agentNo) {
  const answer = await u.control(gateway, "media", { tenantId: "t1", agentNo });
  return answer.legs[0];
}

/**
 * A wake with a healthy leg leaves the call alone. The path then dies (the gateway's media is
 * blackholed: no STUN answers, nothing) and comes back a few seconds later: the SDK restarts ICE
 * (`sipReconnecting`, `sipRelink` on the same gateway leg), `sipReconnected` follows, and audio
 * flows both ways again — the browser's inbound and the gateway's inbound counts grow — with no
 * `sipDisconnected` and no hangup.
 */
export async function iceRestartCarriesTheCallAcrossADeadPath(u, AgentClient, gateway) {
  const board = deviceBoard();
  try {
    const { client, seen } = await sleepyAgent(u, AgentClient, gateway, "1068");
    document.dispatchEvent(new Event("resume"));
    await u.sleep(3000);
    u.assertEq([seen.ended.length, seen.reconnecting.length], [0, 0], "a healthy leg survives a wake");
    await stillSending(u, client, "after a wake");
    const before = await gatewayLeg(u, gateway, "1068");

    await u.control(gateway, "media", { tenantId: "t1", agentNo: "1068", blackhole: true });
    const at = Date.now();
    document.dispatchEvent(new Event("resume"));
    const restarting = await u.nextEvent(client, "sipReconnecting", () => true, 20000);
    u.assertEq([restarting.attempt, restarting.reason], [1, "iceFailedAfterWake"], JSON.stringify(restarting));
    console.log(`ICE restart ${Date.now() - at} ms after the path died`);
    await u.sleep(1000);
    await u.control(gateway, "media", { tenantId: "t1", agentNo: "1068", blackhole: false });
    const healed = Date.now();
    const back = await u.nextEvent(client, "sipReconnected", () => true, 25000)
      .catch((e) => { console.log(`trace: ${seen.trace.join(", ")}`); throw e; });
    console.log(`sipReconnected ${Date.now() - healed} ms after the path came back (try ${back.attempt})`);
    u.assertEq(back.reason, "iceFailedAfterWake", JSON.stringify(back));

    // Audio both ways on the same call and the same gateway leg.
    const a = await u.nextEvent(client, "webrtcStats", (e) => e.iceState === "connected", 5000);
    const fromGateway = await gatewayLeg(u, gateway, "1068");
    await u.sleep(2000);
    const b = await u.nextEvent(client, "webrtcStats", () => true, 5000);
    const later = await gatewayLeg(u, gateway, "1068");
    u.assert(b.totals.packetsReceived > a.totals.packetsReceived + 20,
      `the browser hears the gateway again: ${a.totals.packetsReceived} → ${b.totals.packetsReceived}`);
    u.assert(later.packetsReceived > fromGateway.packetsReceived + 20,
      `the gateway hears the browser again: ${fromGateway.packetsReceived} → ${later.packetsReceived}`);
    u.assertEq(later.leg, before.leg, "the same gateway leg: restarted, not re-linked");
    u.assertEq(seen.ended.length, 0, `no sipDisconnected: ${JSON.stringify(seen.ended)}`);
    u.assertEq(board.pcs.length, 1, "the same peer connection");
    u.assertEq(board.pcs[0].signalingState, "stable", "negotiation finished");
    const res = await client.hangup();
    u.assertEq(res.code, 0, "the call was still up to hang up");
    await u.sleep(1500);
    await client.logout();
    client.destroy();
  } finally {
    board.restore();
  }
}

/**
 * After a wake the gateway's media is gone for good (blackholed): the SDK's ICE restarts never
 * connect, and within the 30 s consent timeout the leg ends with `sipDisconnected`
 * (`iceFailedAfterWake`) — never a leg left up and silent.
 */
export async function iceFailedAcrossASleepEndsTheLegClearly(u, AgentClient, gateway) {
  const board = deviceBoard();
  try {
    const { client, seen } = await sleepyAgent(u, AgentClient, gateway, "1062");
    await u.control(gateway, "media", { tenantId: "t1", agentNo: "1062", blackhole: true });
    const at = Date.now();
    document.dispatchEvent(new Event("resume"));
    const end = await u.nextEvent(client, "sipDisconnected", () => true, 50000);
    const took = Date.now() - at;
    console.log(`trace: ${seen.trace.join(", ")}`);
    u.assertEq(end.reason, "iceFailedAfterWake", JSON.stringify(end));
    u.assert(seen.reconnecting.length >= 1, "ICE was restarted before giving up");
    u.assertEq(seen.reconnected.length, 0, "never reconnected");
    // The browser's consent checks fail within ~5 s; then at most 30 s of restarts.
    u.assert(took < 45000, `ended ${took} ms after the wake`);
    const pc = board.pcs[board.pcs.length - 1];
    u.assertEq(pc.signalingState, "closed", "the peer connection is closed");
    let later = 0;
    client.on("webrtcStats", () => { later += 1; });
    await u.sleep(2500);
    u.assertEq(later, 0, "no stats from a leg that ended");
    console.log(`leg ended ${took} ms after the wake, after ${seen.reconnecting.length} ICE restart tries`);
    await u.control(gateway, "media", { tenantId: "t1", agentNo: "1062", blackhole: false }).catch(() => null);
    await client.hangup().catch(() => null);
    await u.sleep(1500);
    await client.logout();
    client.destroy();
  } finally {
    board.restore();
  }
}
