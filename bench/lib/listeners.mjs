// The listeners both clients call: the SAME function objects are registered on the SDK
// (`client.on`) and on the pure-JS baseline's emitter, so the work done per event after delivery
// is identical. Each one does what a console's handler does first (reads the fields it would
// render) and folds them into a checksum so nothing can be optimised away.

export function makeSink() {
  return { count: 0, check: 0, tCall: 0, timed: false };
}

/** One listener per event type in `types`, each reading a couple of fields of its payload. */
export function makeListeners(types, sink) {
  const touch = (x) => {
    sink.count += 1;
    sink.check = (sink.check + (typeof x === "number" ? x | 0 : x ? String(x).length : 1)) | 0;
    if (sink.timed) sink.tCall = performance.now();
  };
  const special = {
    webrtcStats: (e) => touch((e.mos ?? 0) * 100 + e.totals.packetsLost + e.packetsLost),
    transcript: (e) => touch(e.text.length + e.sentenceIndex),
    queueStatus: (e) => {
      let waiting = 0;
      for (const q in e.queueStatus) waiting += e.queueStatus[q].queueEntries.length;
      touch(waiting);
    },
    agentStatus: (e) => touch(e.status.state),
    ping: (e) => touch(e.latencyTime + e.networkState),
    ringing: (e) => touch(e.customerNumber),
  };
  const map = new Map();
  for (const t of types) map.set(t, special[t] ?? ((e) => touch(e.eventType)));
  return map;
}
