// The official clients (npm `phoenix`, `@rails/actioncable`) in Node over a recording transport:
// what they send for the seeds' usage, and how they react to frames fed to them. No network:
// the transport is a stand-in WebSocket whose `send` is recorded and whose events are fired here.
import { Socket } from "../../tools/node_modules/phoenix/priv/static/phoenix.mjs";

/** A WebSocket stand-in: records what is sent, opens and delivers on demand. */
function recordingSocket() {
  const sent = [];
  class RecordingWebSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;
    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      this.readyState = 0;
      RecordingWebSocket.last = this;
    }
    send(data) {
      sent.push(data);
    }
    close() {
      this.readyState = 3;
      this.onclose?.({ code: 1000, reason: "" });
    }
    open(protocol) {
      this.readyState = 1;
      this.protocol = protocol;
      this.onopen?.({});
    }
    deliver(text) {
      this.onmessage?.({ data: text });
    }
  }
  return { RecordingWebSocket, sent };
}

/** What phoenix.js sends for Voki's usage (seed 004): join a queue and a call, push, heartbeat, leave. */
export async function capturePhoenix() {
  const { RecordingWebSocket: WS, sent } = recordingSocket();
  const socket = new Socket("ws://127.0.0.1:4000/socket", { transport: WS, params: { token: "jwt-token" }, heartbeatIntervalMs: 3_600_000 });
  socket.connect();
  const ws = WS.last;
  ws.open();
  const reply = (frame) => {
    const [joinRef, ref, topic] = JSON.parse(frame);
    ws.deliver(JSON.stringify([joinRef, ref, topic, "phx_reply", { status: "ok", response: {} }]));
  };
  const queue = socket.channel("queue:q-sales", {});
  queue.join();
  reply(sent.at(-1));
  const call = socket.channel("call:gw-1700000300.401", {});
  call.join();
  reply(sent.at(-1));
  call.push("mute", { type: "audio", muted: true });
  call.push("signal", { type: "offer", sdp: "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n" });
  call.push("ice_candidate", { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid: "0", sdpMLineIndex: 0 });
  socket.sendHeartbeat();
  queue.leave();
  socket.disconnect();
  return { url: ws.url, frames: [...sent] };
}

/** Loads @rails/actioncable in Node: it needs a `document` and window listeners (interop-judges.md). */
async function actionCable(WS) {
  globalThis.document ??= { visibilityState: "visible", addEventListener() {}, removeEventListener() {} };
  globalThis.addEventListener ??= () => {};
  globalThis.removeEventListener ??= () => {};
  const AC = await import("../../tools/node_modules/@rails/actioncable/app/assets/javascripts/actioncable.esm.js");
  AC.adapters.WebSocket = WS;
  AC.logger.enabled = false;
  return AC;
}

const ROOM = { channel: "RoomChannel", pubsub_token: "tok", account_id: 1, user_id: 2 };

/** What the official client sends for seed 001's usage: subscribe, update_presence, unsubscribe. */
export async function captureActionCable() {
  const { RecordingWebSocket: WS, sent } = recordingSocket();
  const AC = await actionCable(WS);
  const consumer = AC.createConsumer("ws://127.0.0.1:4000/cable");
  const sub = consumer.subscriptions.create(ROOM, {});
  consumer.connect();
  const ws = WS.last;
  ws.open("actioncable-v1-json");
  ws.deliver(JSON.stringify({ type: "welcome" }));
  ws.deliver(JSON.stringify({ identifier: sub.identifier, type: "confirm_subscription" }));
  sub.perform("update_presence");
  sub.unsubscribe();
  consumer.disconnect();
  return { url: ws.url, protocols: ws.protocols, frames: [...sent] };
}

/** Feeds server frames to the official client subscribed as seed 001 shows; returns its callbacks
 * and, last, whether its socket is closed and its monitor still retrying. */
export async function feedActionCable(identifier, frames) {
  const { RecordingWebSocket: WS } = recordingSocket();
  const AC = await actionCable(WS);
  const consumer = AC.createConsumer("ws://127.0.0.1:4000/cable");
  const log = [];
  const sub = consumer.subscriptions.create(ROOM, {
    connected: () => log.push("connected"),
    received: (data) => log.push(["received", data]),
    rejected: () => log.push("rejected"),
    disconnected: (x) => log.push(["disconnected", x]),
  });
  if (sub.identifier !== identifier) throw new Error(`the client's identifier ${sub.identifier} is not the fixture's ${identifier}`);
  consumer.connect();
  const ws = WS.last;
  ws.open("actioncable-v1-json");
  for (const frame of frames) ws.deliver(frame);
  // A `disconnect` with `reconnect: false` must leave the client closed and not retrying.
  log.push({ closed: ws.readyState === 3, retrying: consumer.connection.monitor.isRunning() });
  consumer.disconnect();
  return log;
}
