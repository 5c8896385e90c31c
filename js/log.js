// The page's logger: `setup({ logLevel, logger })` (issue 16). Levels, least to most:
// "silent" (the default: a console nobody asked for is noise), "error", "warn", "info", "debug".
// A record is `{ level, message, fields }`; without a `logger` it goes to the console.
//
// What is logged: the connection's lifecycle (opening, open, closing, closed with code and
// reason) at info, the reconnect schedule (attempt n of max, in delayMs) at warn, the session's
// start and end at info, `sdkError` at error, and at debug every frame received and sent by its
// type and id (and a command's action) and every event delivered by its type.
//
// What is never logged: a frame's body. Fields are picked one by one from what the protocol
// says is harmless (type, id, action, eventType, code, reason), so a session key, a token, a
// password or a customer's data cannot reach a log however a frame is shaped: `login` carries
// the key in `params`, `auth` in `sessionKey`, and neither is read here. The socket's URL is
// logged without its query (src/web/client.rs), where a dialect may carry a token.

export const LEVELS = ["silent", "error", "warn", "info", "debug"];

const SILENT = 0;
const DEBUG = 4;
const CONSOLE = [null, "error", "warn", "info", "debug"];

export class Log {
  constructor() {
    /** The index in LEVELS of the most detailed level written. */
    this.level = SILENT;
    /** The page's function, or null for the console. */
    this.sink = null;
  }

  /** Installs a level (an index in LEVELS) and a sink (checked by face.js). */
  configure(level, sink) {
    this.level = level;
    this.sink = sink;
  }

  get debug() {
    return this.level >= DEBUG;
  }

  /** Writes a record when `level` (an index) is wanted; a logger that throws is ignored. */
  write(level, message, fields) {
    if (level > this.level) return;
    const record = { level: LEVELS[level], message, fields };
    try {
      if (this.sink !== null) this.sink(record);
      else console[CONSOLE[level]](`agentdesk [${record.level}] ${message}`, fields);
    } catch {
      // A logger that throws is no reason to stop the SDK; the console may be gone too.
    }
  }

  /** A frame that arrived (parsed by receive.js) or was sent (its text, from the shell), at debug. */
  frame(verb, frame) {
    if (typeof frame === "string") {
      try {
        frame = JSON.parse(frame);
      } catch {
        // The engine writes the frames it sends: not reached; log the fact, not the text.
      }
    }
    const ok = frame !== null && typeof frame === "object";
    const fields = ok ? pick(frame, FRAME_FIELDS) : {};
    // An event frame names its event inside the payload.
    if (ok && typeof frame.payload?.eventType === "string") fields.eventType = frame.payload.eventType;
    this.write(DEBUG, `${verb} ${fields.type ?? "a frame"}`, fields);
  }

  /** What the shell reports of the connection (src/web/client.rs `LinkLog`). */
  link(kind, text, code) {
    if (kind === 4) return this.level >= DEBUG && this.frame("sent", text);
    const message = ["connecting", "connected", "connection closed", "closing the connection"][kind];
    this.write(3, message, kind === 0 ? { url: text } : kind === 1 ? {} : { code, reason: text });
  }

  /** An event on its way to the listeners (face.js `Core.emit`). */
  event(type, payload) {
    if (type === "reconnectAttempt") {
      this.write(2, `reconnect attempt ${payload.attempt} of ${payload.maxAttempts}`, pick(payload, RECONNECT_FIELDS));
    } else if (type === "sdkError") {
      this.write(1, `sdkError ${payload.code}`, pick(payload, ["code", "message"]));
    } else if (type === "sessionInit" || type === "sessionTerminate" || type === "resync") {
      this.write(3, type, pick(payload, ["reason", "lostFrom", "lostTo"]));
    } else if (this.level >= DEBUG) {
      this.write(DEBUG, `event ${type}`, pick(payload, RESPONSE_FIELDS));
    }
  }
}

// Which fields may be logged: the allowlist (see the header). A command's response (`…Resp`)
// shows its action and codes; a catalog event only its type.
const FRAME_FIELDS = ["type", "id", "eventId", "action", "code", "errorCode", "kind", "lastEventId"];
const RESPONSE_FIELDS = ["action", "code", "errorCode"];
const RECONNECT_FIELDS = ["attempt", "maxAttempts", "delayMs", "code", "sinceFirstAttemptMs"];

function pick(from, names) {
  const out = {};
  for (const name of names) {
    const v = from[name];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[name] = v;
  }
  return out;
}
