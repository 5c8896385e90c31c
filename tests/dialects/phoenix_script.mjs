// A scripted Phoenix Channels V2 server, the ground of the differential between the SDK's phoenix
// dialect and phoenix.js, the official client (issue 14 "Tests"; docs/dialects.md §9).
//
// Each run is one token (the client's `?token=`): the server keeps that run's transcript (every
// frame the client sent, per connection, with its time) and plays the same script whoever the
// client is:
//
//   connection 0  join room:a, join room:b          → replies ok
//                 push room:a `echo` {x:1}          → reply ok {echo: {x:1}}
//                 push room:a `refuse` {}           → reply error {reason: "refused by script"}
//                 then: room:a queue_update n=1 (its join_ref), n=2 (no join_ref: a broadcast),
//                 n=99 (a stale join_ref: to be dropped), and phx_error on room:b
//                 the rejoin of room:b              → reply ok, then room:b n=3 (new join_ref) and
//                 n=98 (the errored join's ref: to be dropped); 300 ms later the socket is cut
//                 (no close frame: a drop)
//   connection 1  both rooms rejoined               → room:a n=4, room:b n=5, room:a n="done"
//
// Heartbeats (`phoenix` / `heartbeat`) are answered ok whenever they come.
//
// HTTP, for the browser test (CORS open; loopback only):
//   GET /transcript?token=T       the run's transcript: {connections: [{frames: [{at, frame}],
//                                 phxErrorAt, closedAt}]}
//   GET /reference                runs phoenix.js (Node, `ws` transport) through the script with a
//                                 fresh token and answers {token, delivered, replies, transcript}
//   GET /presence?socket=…&topic=…&token=…
//                                 joins `topic` on a Phoenix server (the gateway's Voki face) with
//                                 phoenix.js and answers `Presence.list` once it has been quiet
//                                 for 700 ms: [{key, metas}]
//
//   node tests/dialects/phoenix_script.mjs PORT_FILE [MAX_LIFETIME_SECS]
import { createServer } from "node:http";
import { writeFileSync } from "node:fs";
import WebSocket, { WebSocketServer } from "../../tools/node_modules/ws/wrapper.mjs";
import { Presence, Socket } from "../../tools/node_modules/phoenix/priv/static/phoenix.mjs";

/** The heartbeat interval both clients are given, ms (short, so every connection has some). */
export const HEARTBEAT_MS = 400;
/** The reconnect delay both clients are given, ms. */
export const RECONNECT_MS = 100;
/** How long after the rejoin answer the socket is cut, ms. */
const DROP_AFTER_MS = 300;

const runs = new Map();

function runOf(token) {
  let run = runs.get(token);
  if (run === undefined) {
    run = { start: Date.now(), connections: [] };
    runs.set(token, run);
  }
  return run;
}

/** Plays the script on one connection of `run`. */
function serve(ws, run) {
  const index = run.connections.length;
  const conn = { frames: [], phxErrorAt: null, closedAt: null };
  run.connections.push(conn);
  const joins = {};
  const joinCount = {};
  let stage = 0;
  const send = (frame) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(frame));
  const reply = ([joinRef, ref, topic], status, response) => send([joinRef, ref, topic, "phx_reply", { status, response }]);
  const news = (joinRef, topic, n) => send([joinRef, null, topic, "queue_update", { room: topic, n }]);
  ws.on("close", () => { conn.closedAt = Date.now() - run.start; });
  ws.on("message", (data) => {
    let frame;
    try {
      frame = JSON.parse(String(data));
    } catch {
      frame = String(data);
    }
    conn.frames.push({ at: Date.now() - run.start, frame });
    if (!Array.isArray(frame) || frame.length !== 5) return;
    const [joinRef, , topic, event, payload] = frame;
    if (topic === "phoenix" && event === "heartbeat") return reply(frame, "ok", {});
    if (event === "phx_join") {
      joins[topic] = joinRef;
      joinCount[topic] = (joinCount[topic] ?? 0) + 1;
      reply(frame, "ok", { joined: topic, connection: index });
    } else if (event === "phx_leave") {
      return reply(frame, "ok", {});
    } else if (event === "echo") {
      return reply(frame, "ok", { echo: payload });
    } else if (event === "refuse") {
      reply(frame, "error", { reason: "refused by script" });
      stage = Math.max(stage, 1);
    } else {
      return reply(frame, "error", { reason: "unmatched topic" });
    }
    if (index === 0 && stage === 1 && joinCount["room:a"] === 1 && joinCount["room:b"] === 1) {
      stage = 2;
      news(joins["room:a"], "room:a", 1);
      news(null, "room:a", 2);
      news("999", "room:a", 99);
      conn.phxErrorAt = Date.now() - run.start;
      send([joins["room:b"], joins["room:b"], "room:b", "phx_error", {}]);
      conn.erroredJoin = joins["room:b"];
    } else if (index === 0 && stage === 2 && topic === "room:b" && event === "phx_join") {
      stage = 3;
      news(joins["room:b"], "room:b", 3);
      news(conn.erroredJoin, "room:b", 98);
      setTimeout(() => ws.terminate(), DROP_AFTER_MS);
    } else if (index === 1 && stage === 0 && joinCount["room:a"] >= 1 && joinCount["room:b"] >= 1) {
      stage = 1;
      news(joins["room:a"], "room:a", 4);
      news(joins["room:b"], "room:b", 5);
      news(joins["room:a"], "room:a", "done");
    }
  });
}

/** phoenix.js through the script, as a page would use it; resolves with what it delivered. */
function reference(base) {
  const token = `reference-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const delivered = [];
  const replies = {};
  const socket = new Socket(`${base}/socket`, {
    transport: WebSocket,
    params: { token },
    heartbeatIntervalMs: HEARTBEAT_MS,
    reconnectAfterMs: () => RECONNECT_MS,
  });
  return new Promise((resolve, reject) => {
    const limit = setTimeout(() => { socket.disconnect(); reject(new Error("phoenix.js did not finish the script in 20 s")); }, 20000);
    socket.connect();
    const channels = ["room:a", "room:b"].map((topic) => {
      const channel = socket.channel(topic, {});
      channel.on("queue_update", (p) => {
        delivered.push(p);
        if (p.n === "done") {
          // A while on the last connection, so it carries heartbeats as the SDK's does.
          setTimeout(() => {
            clearTimeout(limit);
            socket.disconnect(() => resolve({ token, delivered, replies, transcript: runOf(token) }));
          }, 2 * HEARTBEAT_MS + 200);
        }
      });
      return channel;
    });
    const joined = channels.map((c) => new Promise((ok) => c.join().receive("ok", ok)));
    Promise.all(joined).then(() => {
      channels[0].push("echo", { x: 1 }).receive("ok", (r) => {
        replies.echo = { ok: r };
        channels[0].push("refuse", {}).receive("error", (e) => { replies.refuse = { error: e }; });
      });
    });
  });
}

/** phoenix.js's Presence.list of `topic` on `socketUrl` (…/socket), once quiet for 700 ms. */
function presenceList(socketUrl, topic, token) {
  const socket = new Socket(socketUrl, { transport: WebSocket, params: { token } });
  return new Promise((resolve, reject) => {
    const limit = setTimeout(() => { socket.disconnect(); reject(new Error(`no presence of ${topic} in 10 s`)); }, 10000);
    socket.connect();
    const channel = socket.channel(topic, {});
    const presence = new Presence(channel);
    let quiet = null;
    presence.onSync(() => {
      clearTimeout(quiet);
      quiet = setTimeout(() => {
        clearTimeout(limit);
        const list = presence.list((key, { metas }) => ({ key, metas }));
        socket.disconnect(() => resolve(list));
      }, 700);
    });
    channel.join().receive("error", (e) => { clearTimeout(limit); socket.disconnect(); reject(new Error(`join ${topic}: ${JSON.stringify(e)}`)); });
  });
}

async function answer(req, res) {
  const url = new URL(req.url, "http://127.0.0.1");
  const headers = { "content-type": "application/json", "access-control-allow-origin": "*", "cache-control": "no-store" };
  try {
    let body;
    if (url.pathname === "/transcript") {
      body = runs.get(url.searchParams.get("token")) ?? null;
    } else if (url.pathname === "/reference") {
      body = await reference(`ws://127.0.0.1:${server.address().port}`);
    } else if (url.pathname === "/presence") {
      const socket = url.searchParams.get("socket") ?? "";
      if (!/^wss?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(socket)) throw new Error("a loopback socket only");
      body = await presenceList(socket, url.searchParams.get("topic"), url.searchParams.get("token"));
    } else {
      res.writeHead(404, headers);
      return res.end(JSON.stringify({ error: "no such path" }));
    }
    res.writeHead(200, headers);
    res.end(JSON.stringify(body));
  } catch (e) {
    res.writeHead(500, headers);
    res.end(JSON.stringify({ error: String(e?.message ?? e) }));
  }
}

const server = createServer((req, res) => { answer(req, res); });
const wss = new WebSocketServer({ noServer: true });
server.on("upgrade", (req, sock, head) => {
  const url = new URL(req.url, "http://127.0.0.1");
  const token = url.searchParams.get("token");
  if (url.pathname !== "/socket/websocket" || url.searchParams.get("vsn") !== "2.0.0" || !token) {
    sock.end("HTTP/1.1 400 Bad Request\r\n\r\n");
    return;
  }
  wss.handleUpgrade(req, sock, head, (ws) => serve(ws, runOf(token)));
});

const [portFile, lifetime = "3000"] = process.argv.slice(2);
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  if (portFile) writeFileSync(portFile, String(port));
  else console.log(`phoenix script on http://127.0.0.1:${port}`);
});
// Never outlives the test run.
setTimeout(() => process.exit(0), Number(lifetime) * 1000).unref();
