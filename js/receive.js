// The receive path: the socket's `onmessage`, owned by the JS layer (docs/architecture.md).
//
// One JSON.parse per frame; the envelope (docs/protocol.md §3–§9); the catalog index of the
// event; the payload checked by the generated check of its event; then the engine is
// called with numbers and the few fields it tracks (catalog.js TRACK → Shell.event /
// Shell.agentStatus) and answers with a verdict. The time handed to the engine is the frame's
// own `MessageEvent.timeStamp` (performance.now()'s clock, set when the frame arrived): reading
// the clock instead costs ~200 ns a frame in a cross-origin-isolated page (docs/BENCHMARKS.md). On 1 the payload object, as parsed, goes to the
// listeners; on anything else the engine has already acted through its hooks, in order (a gap
// closes the link and reports EVENT_GAP, a duplicate is dropped, a command waiting for this event
// settles after it). No payload text crosses into the wasm.

import { CHECK, EVENTS, MAX_FRAME_BYTES, TRACK } from "./catalog.js";
import { payloadProblem, say, TEXT, typeOf } from "./check.js";

const INDEX = new Map(EVENTS.map(([name], i) => [name, i]));
const DELIVER = 1;

/** Installs the receive path on the socket the shell opened for `client`. */
export function attach(client, ws) {
  ws.onmessage = client.onMessage;
}

/** One frame from the socket, arrived at `stamp` (its MessageEvent's timeStamp). */
export function receive(client, data, stamp) {
  const shell = client.shell;
  if (shell === null) return;
  // A timeStamp in epoch ms (old browsers) or none at all: read the clock.
  const now = stamp > 0 && stamp < 1e11 ? stamp : performance.now();
  if (typeof data !== "string") {
    // Protocol v1 carries text frames only (docs/protocol.md §1).
    return client.frameError("BINARY_FRAME", "protocol v1 carries text frames only; a binary frame was dropped");
  }
  if (data.length > MAX_FRAME_BYTES / 3 && utf8Length(data) > MAX_FRAME_BYTES) return tooLarge(client, now, data);
  let frame;
  try {
    frame = JSON.parse(data);
  } catch (e) {
    shell.frame(now);
    return client.frameError("MALFORMED_FRAME", `malformed frame: ${e instanceof Error ? e.message : "not JSON"}`);
  }
  if (frame === null || typeof frame !== "object" || Array.isArray(frame)) {
    shell.frame(now);
    return client.frameError("MALFORMED_FRAME", `malformed frame: a frame is a JSON object, this one is ${typeOf(frame)}`);
  }
  if (client.log.level === 4) client.log.frame("received", frame);
  switch (frame.type) {
    case "event":
      return event(client, shell, now, frame);
    case "reply":
      return reply(client, shell, now, frame);
    case "pong":
      return pong(client, shell, now, frame);
    case "notice":
      return notice(client, shell, now, frame);
    default:
      shell.frame(now);
      if (typeof frame.type !== "string") {
        return client.frameError("MALFORMED_FRAME", "malformed frame: it has no string `type`");
      }
      return client.frameError("UNKNOWN_FRAME", `unknown frame type \`${frame.type}\``);
  }
}

function event(client, shell, now, frame) {
  const id = frame.eventId;
  const payload = frame.payload;
  const name = payload !== null && typeof payload === "object" ? payload.eventType : undefined;
  const index = INDEX.get(name);
  if (index === undefined) {
    const what = typeof name === "string" ? `unknown event type \`${name}\`` : "an event frame without a payload that names its `eventType`";
    return undecodable(client, shell, now, id, "UNKNOWN_EVENT", what);
  }
  if (!isEventId(id)) {
    return undecodable(client, shell, now, undefined, "BAD_EVENT", `event \`${name}\` does not match the catalog: \`eventId\` is not an unsigned integer`);
  }
  const bad = CHECK[index](payload);
  if (bad !== null) {
    const text = say(TEXT.badEvent, { event: name, path: bad.path.join("."), problem: payloadProblem(bad) });
    return undecodable(client, shell, now, id, "BAD_EVENT", text);
  }
  client.current = payload;
  client.eid = id;
  const verdict = TRACK[index](shell, now, id, index, payload);
  client.current = undefined;
  if (verdict === DELIVER) client.emit(name, payload, id);
}

/**
 * An event frame the engine cannot take as an event: reported, and, when its id is readable,
 * counted as received, so the next event is no gap and the resume does not fetch it again.
 */
function undecodable(client, shell, now, id, code, message) {
  if (isEventId(id)) {
    shell.undecodable(now, id, code, message);
  } else {
    shell.frame(now);
    client.frameError(code, message);
  }
}

function reply(client, shell, now, f) {
  if (!isEventId(f.id) || !Number.isInteger(f.code) || typeof f.message !== "string") {
    shell.frame(now);
    return client.frameError("MALFORMED_FRAME", "malformed frame: a reply needs an integer `id`, an integer `code` and a string `message`");
  }
  const data = f.data === null || f.data === undefined ? undefined : f.data;
  const facts = data !== null && typeof data === "object" ? data : {};
  shell.reply(
    now,
    f.id,
    f.code,
    f.message,
    typeof f.errorCode === "string" ? f.errorCode : undefined,
    data === undefined ? undefined : JSON.stringify(data),
    stringOr(facts.sessionId),
    facts.resumed === true,
    isEventId(facts.lastEventId) ? facts.lastEventId : undefined,
    isEventId(facts.expiresAt) ? facts.expiresAt : undefined,
    stringOr(facts.role),
    stringOr(facts.sdp),
    isEventId(f.lastEventId) ? f.lastEventId : undefined,
  );
}

function pong(client, shell, now, f) {
  if (!isEventId(f.ts) || !isEventId(f.serverTs)) {
    shell.frame(now);
    return client.frameError("MALFORMED_FRAME", "malformed frame: a pong needs integer `ts` and `serverTs`");
  }
  shell.pong(now, f.ts, isEventId(f.lastEventId) ? f.lastEventId : undefined);
}

function notice(client, shell, now, f) {
  if (typeof f.kind !== "string" || (f.message !== undefined && typeof f.message !== "string")) {
    shell.frame(now);
    return client.frameError("MALFORMED_FRAME", "malformed frame: a notice needs a string `kind`");
  }
  shell.notice(now, f.kind, typeof f.expiresAt === "number" ? f.expiresAt : undefined);
}

/** A frame over the limit: reported, and counted if it is an event whose id can be read. */
function tooLarge(client, now, data) {
  const message = `frame of ${utf8Length(data)} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit`;
  let id;
  try {
    const f = JSON.parse(data);
    if (f !== null && typeof f === "object" && f.type === "event") id = f.eventId;
  } catch {
    id = undefined;
  }
  undecodable(client, client.shell, now, id, "FRAME_TOO_LARGE", message);
}

function isEventId(v) {
  return Number.isInteger(v) && v >= 0;
}

function stringOr(v) {
  return typeof v === "string" ? v : undefined;
}

/** UTF-8 length of a string, the unit of the frame limit. */
function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i += 1;
    } else n += 3;
  }
  return n;
}
