// The benchmark's frame corpus: a deterministic, realistic mix of protocol-v1 event frames built
// from tests/fixtures/events/*.json (one real payload per catalog event) with a seeded PRNG.
//
// Shared, unchanged, by the browser page (bench/browser/bench.js) and by node
// (bench/gen-frames.mjs, which records the corpus for the native Rust bench), so the SDK, the
// pure-JS baseline and the native engine all see byte-identical frames. No node or DOM imports.

/** The seed of every corpus in the reports. Change it and every number changes meaning. */
export const SEED = 0x0a6e_d35c;

/**
 * The mix, in relative weights: a console on a busy line with softphone statistics every second,
 * live transcription, a supervisor's queue board, status changes, heartbeats and ringing, plus a
 * thin tail of every other catalog event the gateway pushes. `sessionInit`, `sessionTerminate`
 * and `reconnectAttempt` are left out: they happen once per session, not in steady state.
 */
export const MIX = {
  webrtcStats: 30,
  transcript: 25,
  queueStatus: 12,
  agentStatus: 10,
  ping: 8,
  ringing: 4,
  extenState: 2,
};
/** The weight shared evenly by every other fixture (the long tail of call and supervisor events). */
export const TAIL_WEIGHT = 9;
export const EXCLUDED = ["sessionInit", "sessionTerminate", "reconnectAttempt"];

/** mulberry32: tiny, fast, and the same sequence in every JS engine. */
export function prng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTENCES = [
  "Hello, thank you for calling, how can I help you today?",
  "I'd like to change my delivery address.",
  "Sure, can I have your order number please?",
  "It's A as in alpha, one zero zero two three.",
  "Thank you. I can see the order here.",
  "The parcel has not left the warehouse yet, so we can still change it.",
  "Great, the new address is 14 Harbour Street, apartment 3.",
  "Let me read that back to you to make sure it is right.",
  "Yes, that's correct.",
  "Is there anything else I can help you with?",
  "Actually, could you also tell me when it will arrive?",
  "It should arrive on Thursday between nine and twelve.",
  "我想查询一下我的订单状态。",
  "Perfect, thanks a lot for your help.",
  "You're welcome, have a nice day!",
];
const STATES = [
  { state: "idle", stateAction: "unpause", initialStatus: 1, deviceStatus: 0 },
  { state: "busy", stateAction: "pause", initialStatus: 2, deviceStatus: 0, pauseType: 2, pauseDescription: "lunch" },
  { state: "ringing", stateAction: "inboundRinging", initialStatus: 1, deviceStatus: 3, callType: 1 },
  { state: "talking", stateAction: "inboundBridge", initialStatus: 1, deviceStatus: 4, callType: 1 },
  { state: "wrapup", stateAction: "inboundHangup", initialStatus: 3, deviceStatus: 0, wrapupTime: 30 },
];
const ICE = ["connected", "connected", "connected", "checking", "disconnected"];
const QUEUES = ["q-sales", "q-support", "q-billing", "q-vip"];
const AGENT_STATES = ["idle", "busy", "talking", "wrapup", "ringing"];

const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The event types of the mix with their weights, given the fixture names that exist. */
export function mixOf(fixtureNames) {
  const tail = fixtureNames.filter((n) => !(n in MIX) && !EXCLUDED.includes(n)).sort();
  const rows = Object.entries(MIX).filter(([n]) => fixtureNames.includes(n));
  for (const n of tail) rows.push([n, TAIL_WEIGHT / tail.length]);
  return rows;
}

/**
 * `n` payload JSON texts (no frame envelope) for `fixtures` (eventType → fixture object), and the
 * event type of each. Deterministic for a given seed and fixture set.
 */
export function generatePayloads(fixtures, n, seed = SEED) {
  const rand = prng(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const mix = mixOf(Object.keys(fixtures));
  const total = mix.reduce((s, [, w]) => s + w, 0);
  const clone = (name) => JSON.parse(JSON.stringify(fixtures[name]));

  let clock = 1_700_001_100_000;
  const totals = { packetsSent: 0, packetsReceived: 0, packetsLost: 0, bytesSent: 0, bytesReceived: 0 };
  let sentence = 0;
  let call = 401;

  const make = {
    webrtcStats() {
      const p = clone("webrtcStats");
      const sent = int(48, 52);
      const received = int(46, 51);
      const lost = rand() < 0.8 ? 0 : int(1, 4);
      totals.packetsSent += sent;
      totals.packetsReceived += received;
      totals.packetsLost += lost;
      totals.bytesSent += sent * 160;
      totals.bytesReceived += received * 160;
      const measured = rand() > 0.05;
      const mos = measured ? round(3.2 + rand() * 1.25, 2) : null;
      const q = mos === null ? 0 : mos >= 4 ? 4 : mos >= 3.6 ? 3 : mos >= 3.1 ? 2 : 1;
      Object.assign(p, {
        packetsSent: sent,
        packetsReceived: received,
        packetsLost: lost,
        packetLossRate: round(lost / (received + lost), 4),
        jitter: measured ? round(rand() * 30, 2) : null,
        rtt: measured ? round(20 + rand() * 180, 1) : null,
        mos,
        iceState: pick(ICE),
        packetsState: received === 0 ? "noInbound" : "normal",
        sentNetworkQuality: q,
        receivedNetworkQuality: q,
        timestamp: clock,
        totals: {
          ...totals,
          packetLossRate: round(totals.packetsLost / Math.max(1, totals.packetsReceived + totals.packetsLost), 4),
        },
      });
      return p;
    },
    transcript() {
      const p = clone("transcript");
      const text = SENTENCES[sentence % SENTENCES.length];
      const finished = rand() < 0.35 ? 1 : 0;
      const cut = finished ? text.length : Math.max(4, Math.floor(text.length * (0.3 + rand() * 0.6)));
      const begin = (sentence % 400) * 2500;
      Object.assign(p, {
        text: text.slice(0, cut),
        role: (sentence % 2) + 1,
        transcriptTime: clock,
        beginTime: begin,
        endTime: begin + int(800, 4000),
        finished,
        sentenceIndex: sentence,
        sentenceType: finished ? "sentenceEnd" : "sentenceChange",
        mainUniqueId: `gw-1700000300.${call}`,
        sentenceBeginTimestamp: clock - int(1000, 4000),
        sentenceEndTimestamp: clock - int(0, 50),
      });
      if (finished) sentence += 1;
      return p;
    },
    queueStatus() {
      const p = clone("queueStatus");
      const queueStatus = {};
      for (const q of QUEUES.slice(0, int(2, 4))) {
        const agents = [];
        for (let i = 0, k = int(0, 6); i < k; i++) agents.push({ agentNo: `000${i + 1}`, state: pick(AGENT_STATES) });
        const entries = [];
        for (let i = 0, k = int(0, 5); i < k; i++) entries.push({ customerNumber: `1370013${int(1000, 9999)}`, waitSeconds: int(0, 240) });
        queueStatus[q] = {
          queueParams: { queueNo: q, name: q.slice(2).replace(/^./, (c) => c.toUpperCase()), strategy: "leastRecent" },
          agentStatuses: agents,
          queueEntries: entries,
        };
      }
      p.queueStatus = queueStatus;
      return p;
    },
    agentStatus() {
      const p = clone("agentStatus");
      const s = { ...pick(STATES) };
      if (s.deviceStatus >= 2) {
        s.uniqueId = `gw-1700000300.${call + 1}`;
        s.mainUniqueId = `gw-1700000300.${call}`;
      }
      p.status = s;
      return p;
    },
    ping() {
      const latency = rand() < 0.9 ? int(15, 120) : int(120, 600);
      const state = latency < 100 ? 4 : latency < 200 ? 3 : latency < 400 ? 2 : 1;
      return { ...clone("ping"), latencyTime: latency, networkState: state };
    },
    ringing() {
      call += 2;
      const p = clone("ringing");
      Object.assign(p, {
        channel: `PJSIP/t1-0001-${String(call).padStart(8, "0")}`,
        mainUniqueId: `gw-1700000300.${call}`,
        uniqueId: `gw-1700000300.${call + 1}`,
        customerNumber: `1370013${int(1000, 9999)}`,
      });
      p.chanVariables = { ...p.chanVariables, orderId: `A-${int(10000, 99999)}` };
      return p;
    },
  };

  const texts = new Array(n);
  const types = new Array(n);
  for (let i = 0; i < n; i++) {
    clock += int(20, 400);
    let r = rand() * total;
    let name = mix[mix.length - 1][0];
    for (const [t, w] of mix) {
      if (r < w) { name = t; break; }
      r -= w;
    }
    const payload = make[name] ? make[name]() : fixtures[name];
    texts[i] = JSON.stringify(payload);
    types[i] = name;
  }
  return { texts, types };
}

/** One v1 event frame around a payload text (docs/protocol.md §4). */
export function frame(eventId, payloadText) {
  return '{"type":"event","eventId":' + eventId + ',"payload":' + payloadText + "}";
}

/** `n` full v1 event frames with ids `firstId`, `firstId + 1`, … */
export function generateFrames(fixtures, n, { seed = SEED, firstId = 1 } = {}) {
  const { texts, types } = generatePayloads(fixtures, n, seed);
  return { frames: texts.map((t, i) => frame(firstId + i, t)), types, payloads: texts };
}

/** FNV-1a over the UTF-16 code units of every frame: proves two corpora are the same. */
export function digest(frames) {
  let h = 0x811c9dc5;
  for (const f of frames) {
    for (let i = 0; i < f.length; i++) {
      h ^= f.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 10;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** Counts per event type, most frequent first. */
export function histogram(types) {
  const m = new Map();
  for (const t of types) m.set(t, (m.get(t) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]);
}
