// Call quality: canvas sparklines of rtt, jitter, loss and MOS from `webrtcStats` (the last 60 s),
// the gateway ping latency, one-way-audio detection, network quality, codec and ICE / DTLS
// state, and the quality warnings (`webrtcWarning` / `webrtcWarningCleared`) when this SDK
// build has them.
import { $, el, setText, onTick } from "./dom.js";

const WARNING_LABELS = { highRtt: "High round-trip time", highJitter: "High jitter", highPacketLoss: "Packet loss", lowMos: "Low call quality (MOS)" };
const WARNING_METRIC = { highRtt: "rtt", highJitter: "jitter", highPacketLoss: "loss", lowMos: "mos" };
const PACKETS = {
  normal: ["ok", "two-way audio"],
  noInbound: ["warn", "no audio from the other side"],
  noOutbound: ["warn", "your audio is not reaching the call"],
  noTraffic: ["warn", "no audio either way"],
};

class Sparkline {
  constructor({ key, label, unit, threshold, worseBelow = false, floor = 0, minSpan, fixed, windowMs = 60_000, digits = 0, scale = 1 }) {
    Object.assign(this, { key, label, unit, threshold, worseBelow, floor, minSpan, fixed, windowMs, digits, scale });
    this.samples = [];
    this.value = el("span", { class: "value mono", text: "—" });
    this.canvas = el("canvas", { height: "40", "aria-label": `${label} over the last ${windowMs / 1000} s` });
    this.root = el("div", { class: "metric", dataset: { metric: key, samples: "0" } },
      el("div", { class: "metric-head" }, el("span", { class: "label", text: label }), this.value),
      this.canvas);
  }

  add(t, v) {
    this.samples.push({ t, v: v === null || v === undefined || Number.isNaN(v) ? null : v * this.scale });
    this.prune(Date.now());
    const last = this.samples[this.samples.length - 1].v;
    setText(this.value, last === null ? "—" : `${last.toFixed(this.digits)}${this.unit}`);
    this.root.dataset.samples = String(this.samples.filter((s) => s.v !== null).length);
    this.draw(Date.now());
  }

  clear() {
    this.samples = [];
    this.root.dataset.samples = "0";
    setText(this.value, "—");
    this.draw(Date.now());
  }

  prune(now) {
    while (this.samples.length && this.samples[0].t < now - this.windowMs) this.samples.shift();
  }

  bad(v) {
    return this.threshold !== undefined && (this.worseBelow ? v < this.threshold : v > this.threshold);
  }

  draw(now) {
    const canvas = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(60, canvas.clientWidth || 200);
    const height = 40;
    if (canvas.width !== Math.round(width * dpr)) canvas.width = Math.round(width * dpr);
    if (canvas.height !== Math.round(height * dpr)) canvas.height = Math.round(height * dpr);
    const g = canvas.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    this.prune(now);
    const values = this.samples.filter((s) => s.v !== null).map((s) => s.v);
    let lo;
    let hi;
    if (this.fixed) [lo, hi] = this.fixed;
    else {
      lo = this.floor;
      hi = Math.max(lo + this.minSpan, ...values.map((v) => v * 1.15));
    }
    const pad = 4;
    // The time axis ends now and reaches back to the first sample (at least 10 s, at most the
    // window), so a call's first seconds already fill the chart.
    const first = this.samples.length ? this.samples[0].t : now;
    const span = Math.min(this.windowMs, Math.max(10_000, now - first));
    const x = (t) => ((t - (now - span)) / span) * width;
    const y = (v) => height - pad - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (height - 2 * pad);

    // Threshold line.
    if (this.threshold !== undefined && this.threshold >= lo && this.threshold <= hi) {
      g.strokeStyle = "#e0a0a0";
      g.setLineDash([3, 3]);
      g.lineWidth = 1;
      g.beginPath();
      g.moveTo(0, y(this.threshold) + 0.5);
      g.lineTo(width, y(this.threshold) + 0.5);
      g.stroke();
      g.setLineDash([]);
    }
    if (!values.length) {
      g.fillStyle = "#9aa3b2";
      g.font = "11px system-ui, sans-serif";
      g.fillText("no data", 6, height / 2 + 4);
      return;
    }
    // The line, broken where a sample was unmeasured, with a light fill under it.
    g.lineWidth = 1.5;
    g.strokeStyle = "#2f6fde";
    g.fillStyle = "rgba(47, 111, 222, 0.12)";
    let run = [];
    const flush = () => {
      if (!run.length) return;
      g.beginPath();
      g.moveTo(x(run[0].t), height);
      for (const s of run) g.lineTo(x(s.t), y(s.v));
      g.lineTo(x(run[run.length - 1].t), height);
      g.closePath();
      g.fill();
      g.beginPath();
      run.forEach((s, i) => (i ? g.lineTo(x(s.t), y(s.v)) : g.moveTo(x(s.t), y(s.v))));
      if (run.length === 1) g.arc(x(run[0].t), y(run[0].v), 1.5, 0, 2 * Math.PI);
      g.stroke();
      run = [];
    };
    for (const s of this.samples) {
      if (s.v === null) flush();
      else run.push(s);
    }
    flush();
    // Samples across the threshold in red.
    g.fillStyle = "#d64545";
    for (const s of this.samples) {
      if (s.v !== null && this.bad(s.v)) {
        g.beginPath();
        g.arc(x(s.t), y(s.v), 2, 0, 2 * Math.PI);
        g.fill();
      }
    }
  }
}

function formatWarningValue(name, v) {
  if (v === null || v === undefined) return "—";
  if (name === "highPacketLoss") return `${(v * 100).toFixed(1)} %`;
  if (name === "lowMos") return v.toFixed(2);
  return `${Math.round(v)} ms`;
}

export function mountQualityCharts(ctx) {
  const { sdk, EventType, session } = ctx;
  const charts = {
    rtt: new Sparkline({ key: "rtt", label: "Round trip", unit: " ms", threshold: 400, minSpan: 50 }),
    jitter: new Sparkline({ key: "jitter", label: "Jitter", unit: " ms", threshold: 30, minSpan: 10, digits: 1 }),
    loss: new Sparkline({ key: "loss", label: "Packet loss", unit: " %", threshold: 1, minSpan: 2, digits: 1, scale: 100 }),
    mos: new Sparkline({ key: "mos", label: "MOS", unit: "", threshold: 3.5, worseBelow: true, fixed: [1, 4.7], digits: 2 }),
    ping: new Sparkline({ key: "ping", label: "Gateway ping (2 min)", unit: " ms", threshold: 400, minSpan: 20, windowMs: 120_000 }),
  };
  $("quality-charts").append(...Object.values(charts).map((c) => c.root));
  let lastStats = 0;
  const warnings = $("quality-warnings");
  const active = new Map();

  sdk.on("ping", (e) => charts.ping.add(Date.now(), e.networkState === 0 ? null : e.latencyTime));

  sdk.on("webrtcStats", (e) => {
    // Plot at the sample's own time (same clock as the page's) when it is plausible.
    const now = Date.now();
    const t = Number.isFinite(e.timestamp) && Math.abs(e.timestamp - now) < 60_000 ? Math.min(e.timestamp, now) : now;
    lastStats = now;
    charts.rtt.add(t, e.rtt);
    charts.jitter.add(t, e.jitter);
    charts.loss.add(t, e.packetLossRate);
    charts.mos.add(t, e.mos);
    const [kind, text] = PACKETS[e.packetsState] ?? ["none", e.packetsState ?? "—"];
    const packets = $("packets-state");
    packets.dataset.kind = kind;
    setText(packets, text);
    $("net-quality-sent").dataset.level = String(e.sentNetworkQuality ?? 0);
    $("net-quality-recv").dataset.level = String(e.receivedNetworkQuality ?? 0);
    setText($("net-quality-text"), `sent ${e.sentNetworkQuality}/4 · received ${e.receivedNetworkQuality}/4`);
    setText($("codec"), e.codec || "—");
    setText($("ice-state"), `${e.iceState || "—"} / ${e.dtlsState || "—"}`);
    renderLeg(now);
  });

  // A new call starts fresh charts (the previous call's stay visible until then).
  sdk.on("ringing", () => {
    for (const key of ["rtt", "jitter", "loss", "mos"]) charts[key].clear();
    warnings.replaceChildren();
    for (const c of Object.values(charts)) delete c.root.dataset.warning;
  });

  const warningEvent = EventType.WEBRTC_WARNING ?? (ctx.hasEvent("webrtcWarning") ? "webrtcWarning" : null);
  const clearedEvent = EventType.WEBRTC_WARNING_CLEARED ?? (ctx.hasEvent("webrtcWarningCleared") ? "webrtcWarningCleared" : null);
  // Tells a test (and a curious developer) whether this SDK build raises quality warnings.
  document.documentElement.dataset.qualityWarnings = warningEvent ? "yes" : "no";
  if (warningEvent) {
    sdk.on(warningEvent, (w) => {
      const values = (w.values ?? []).filter((v) => v !== null);
      const latest = values.length ? values[values.length - 1] : null;
      const text = `${WARNING_LABELS[w.name] ?? w.name}: threshold ${formatWarningValue(w.name, w.threshold)}, latest ${formatWarningValue(w.name, latest)}`;
      let li = active.get(w.name);
      if (!li) {
        li = el("li", { class: "warning", dataset: { name: w.name } });
        active.set(w.name, li);
        warnings.prepend(li);
      }
      li.className = "warning";
      setText(li, text);
      li.title = `last ${w.values?.length ?? 0} samples: ${(w.values ?? []).map((v) => formatWarningValue(w.name, v)).join(", ")}`;
      const chart = charts[WARNING_METRIC[w.name]];
      if (chart) chart.root.dataset.warning = "1";
    });
  }
  if (clearedEvent) {
    sdk.on(clearedEvent, (w) => {
      const li = active.get(w.name) ?? el("li", { dataset: { name: w.name } });
      active.delete(w.name);
      li.className = "warning cleared";
      setText(li, `${WARNING_LABELS[w.name] ?? w.name}: back to normal`);
      if (!li.isConnected) warnings.prepend(li);
      setTimeout(() => { if (!active.has(w.name)) li.remove(); }, 8000);
      const chart = charts[WARNING_METRIC[w.name]];
      if (chart) delete chart.root.dataset.warning;
    });
  }

  function renderLeg(now) {
    const live = now - lastStats < 3000;
    setText($("quality-leg"), live ? "softphone call · live"
      : lastStats ? "last softphone call"
        : session.endpointType === 3 ? "no softphone call" : "softphone only (endpoint type 3)");
    $("quality-leg").dataset.live = live ? "1" : "0";
  }

  let last = 0;
  onTick((now) => {
    if (now - last < 1000) return;
    last = now;
    for (const c of Object.values(charts)) c.draw(now);
    renderLeg(now);
  });
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.draw(Date.now())));
}
