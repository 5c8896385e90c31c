// Checks of what comes in, from the tables generated out of agentdesk-core's declarations
// (catalog.js): gateway payloads on the hot path, and a page's arguments and setup() objects.
// Also the one safe way to read whatever a page passes: nothing here may throw, overflow the
// stack or hang on a hostile value (issue 10, defects 1 and 6).
//
// Shapes are compiled once into closures (no eval, no new Function: CSP-safe). A checker returns
// null when the value fits, else a problem {path, text}; only the error path builds text.

import { I64, MAX_FRAME_BYTES, U64 } from "./catalog.js";

// ---- the words of the JS layer's own refusals (the engine's come with their own text) ---------

/**
 * The JS layer's message templates, one table: the checks made here and the face's own refusals
 * (face.js); `{…}` are filled in by `say`. The engine's refusals come with their own text.
 */
export const TEXT = {
  missing: "missing field `{path}`",
  unknown: "unknown field `{path}`, expected {expected}",
  noParams: "unknown field `{key}`: {action}() takes no parameters",
  type: "invalid type at `{path}`: {got}, expected {expected}",
  typeHere: "invalid type: {got}, expected {expected}",
  topType: "expected {expected}, got {got}",
  notJson: "the argument cannot be read as JSON: {why}",
  tooLarge: "the argument is {size} characters of JSON, more than a frame may carry ({max} bytes)",
  noArgument: "expected an object argument, got {got}",
  key: "expected the new session key as a non-empty string, got {got}",
  badEvent: "event `{event}` does not match the catalog: {event} field `{path}`: {problem}",
  // face.js
  notInitialized: "the SDK is not initialized: `await init()` (the default export) before using it",
  destroyed: "this client was destroyed; create a new one",
  notSetUp: "call AgentSDK.setup({ baseURL }) before {action}()",
  sessionActive: "setup() while a session is active; call logout() first",
  baseUrl: "setup(): baseURL must start with ws://, wss://, http:// or https:// (got {value})",
  bounds: "setup(): {name} must be between {min} and {max} (got {value})",
  millis: "setup(): {name} must be between {min} and {max} ms (got {value})",
  eventName: "{method}(): the event type must be a string, e.g. EventType.AGENT_STATUS",
  unknownEvent: "{method}(): `{name}` is not an event type; use the EventType constants",
  listener: "{method}(): the listener must be a function",
  internal: "the SDK failed inside: {why}",
};

/** A long string cut for a message. */
export const short = (s) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** Fills `{name}` placeholders of `template` from `values`. */
export function say(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** A short, safe description of a JSON value, as serde words it ("a string \"x\"", "null"). */
export function describe(v) {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return `a string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case "number":
      return Number.isInteger(v) ? `the integer ${v}` : `the number ${v}`;
    case "boolean":
      return `the boolean ${v}`;
    case "undefined":
      return "undefined";
    default:
      return Array.isArray(v) ? "an array" : "an object";
  }
}

/** The kind of any JS value, for refusals: never throws, whatever it is. */
export function typeOf(v) {
  try {
    if (v === null) return "null";
    if (Array.isArray(v)) return "an array";
    const t = typeof v;
    return t === "object" ? "an object" : t === "undefined" ? "undefined" : `a ${t}`;
  } catch {
    return "an unreadable value";
  }
}

/** Words for whatever was thrown (an Error, a Symbol, a Proxy, a revoked Proxy, …): never throws. */
export function describeThrown(x) {
  try {
    if (typeof x === "symbol") return x.toString();
    if (x === null || (typeof x !== "object" && typeof x !== "function")) return String(x);
    let message;
    try {
      message = x.message;
    } catch {
      message = undefined;
    }
    if (typeof message === "string" && message.length > 0) return message;
    try {
      return Object.prototype.toString.call(x);
    } catch {
      return "a value that cannot be described";
    }
  } catch {
    return "a value that cannot be described";
  }
}

// ---- reading a page's argument ----------------------------------------------------------------

/**
 * Reads `v` as the JSON it stands for, through `JSON.stringify` in a try: a cycle, a nesting too
 * deep for the stack, a throwing getter or `toJSON`, a Proxy trap, a revoked Proxy, a BigInt all
 * become a refusal; inherited and symbol keys are left out as JSON leaves them. `undefined` reads
 * as null (an argument left out). Returns `{ value }` or `{ error }`.
 */
export function readArgument(v) {
  if (v === undefined) return { value: null };
  let text;
  try {
    text = JSON.stringify(v);
  } catch (thrown) {
    return { error: say(TEXT.notJson, { why: describeThrown(thrown) }) };
  }
  if (text === undefined) return { error: say(TEXT.topType, { expected: "an object", got: typeOf(v) }) };
  // No argument may be larger than the frame that carries it (docs/protocol.md §1).
  if (text.length > MAX_FRAME_BYTES) return { error: say(TEXT.tooLarge, { size: text.length, max: MAX_FRAME_BYTES }) };
  return { value: JSON.parse(text) };
}

// ---- compiled shapes ----------------------------------------------------------------------------

const problem = (expected, got) => ({ path: [], expected, got });
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

const PRIMITIVE = {
  s: (v) => (typeof v === "string" ? null : problem("a string", v)),
  i: (v) => (Number.isInteger(v) && v >= -I64 && v <= I64 ? null : problem("an integer", v)),
  u: (v) => (Number.isInteger(v) && v >= 0 && v <= U64 ? null : problem("an integer from 0", v)),
  n: (v) => (typeof v === "number" ? null : problem("a number", v)),
  b: (v) => (typeof v === "boolean" ? null : problem("a boolean", v)),
  "*": () => null,
  O: (v) => (isObject(v) ? null : problem("an object", v)),
};

const compiled = new Map();

/** The checker of a shape from catalog.js, compiled once. */
export function checker(shape) {
  if (typeof shape === "string") return PRIMITIVE[shape];
  let check = compiled.get(shape);
  if (check === undefined) {
    check = compile(shape);
    compiled.set(shape, check);
  }
  return check;
}

function compile(shape) {
  switch (shape[0]) {
    case "?": {
      const inner = checker(shape[1]);
      return (v) => (v === null ? null : inner(v));
    }
    case "e": {
      const values = shape[1];
      return (v) => (values.includes(v) ? null : problem(`one of ${values.map((x) => JSON.stringify(x)).join(", ")}`, v));
    }
    case "ie": {
      const values = shape[1];
      return (v) => (values.includes(v) ? null : problem(`one of ${values.join(", ")}`, v));
    }
    case "r": {
      const inner = checker(shape[1]);
      return (v) => {
        if (!isObject(v)) return problem("an object", v);
        for (const key in v) {
          const p = inner(v[key]);
          if (p !== null) return within(key, p);
        }
        return null;
      };
    }
    case "a": {
      const inner = checker(shape[1]);
      return (v) => {
        if (!Array.isArray(v)) return problem("an array", v);
        for (let i = 0; i < v.length; i++) {
          const p = inner(v[i]);
          if (p !== null) return within(String(i), p);
        }
        return null;
      };
    }
    case "o":
      return objectChecker(shape);
    default:
      throw new Error(`agentdesk: unknown shape ${JSON.stringify(shape)}`);
  }
}

function within(key, p) {
  p.path.unshift(key);
  return p;
}

/** An object's fields in declaration order; unknown keys ignored (payloads) or refused (arguments). */
function objectChecker([, , strict, fields]) {
  const n = fields.length;
  const keys = fields.map((f) => f[0]);
  // serde reads an absent `Option` as None, so a nullable field may be absent as well.
  const optional = fields.map((f) => f[2] === 1 || (Array.isArray(f[1]) && f[1][0] === "?"));
  const checks = fields.map((f) => checker(f[1]));
  const expected = keys.map((k) => `\`${k}\``).join(", ");
  return (v) => {
    if (!isObject(v)) return problem("an object", v);
    for (let i = 0; i < n; i++) {
      const x = v[keys[i]];
      if (x === undefined) {
        if (optional[i]) continue;
        return { path: [keys[i]], missing: true };
      }
      const p = checks[i](x);
      if (p !== null) return within(keys[i], p);
    }
    if (strict === 1) {
      for (const key in v) {
        if (!keys.includes(key)) return { path: [key], unknown: expected || "nothing" };
      }
    }
    return null;
  };
}

/** The words of a problem found by a checker. */
export function explain(p) {
  const path = p.path.join(".");
  if (p.missing) return say(TEXT.missing, { path });
  if (p.unknown) return say(TEXT.unknown, { path, expected: p.unknown });
  if (path === "") return say(TEXT.topType, { expected: p.expected, got: describe(p.got) });
  return say(TEXT.type, { path, expected: p.expected, got: describe(p.got) });
}

/** The words of a payload's problem, after the field it is about (as the native decoder words it). */
export function payloadProblem(p) {
  if (p.missing) return say(TEXT.missing, { path: p.path.join(".") });
  return say(TEXT.typeHere, { expected: p.expected, got: describe(p.got) });
}

// ---- argument rules and normalisation ----------------------------------------------------------

/** The first rule `value` (already of its shape's kind) breaks, in declaration order, as words. */
export function breaksRule(shape, value, path = "") {
  if (typeof shape === "string" || value === null || value === undefined) return null;
  switch (shape[0]) {
    case "?":
      return breaksRule(shape[1], value, path);
    case "a":
      for (const item of value) {
        const broken = breaksRule(shape[1], item, path);
        if (broken !== null) return broken;
      }
      return null;
    case "o":
      for (const [key, kind, , rules] of shape[3]) {
        const v = value[key];
        if (v === undefined || v === null) continue;
        const here = path === "" ? key : `${path}.${key}`;
        for (const rule of rules || []) {
          if (!holds(rule, v)) return say(rule[rule.length - 1], { path: here, value: rule[0] === "mx" ? v.length : JSON.stringify(v) });
        }
        const inner = breaksRule(kind, v, here);
        if (inner !== null) return inner;
      }
      return null;
    default:
      return null;
  }
}

function holds(rule, v) {
  switch (rule[0]) {
    case "ne":
      return typeof v !== "string" || v.trim() !== "";
    case "ii":
    case "si":
      return rule[1].includes(v);
    case "rg":
      return v >= rule[1] && v <= rule[2];
    case "ch": {
      const chars = [...v];
      return chars.length >= rule[2] && chars.length <= rule[3] && chars.every((c) => rule[1].includes(c));
    }
    case "mx":
      return v.length <= rule[1];
    default:
      return true;
  }
}

/**
 * The argument as it goes on the wire, as serde's normalisation writes it: declared fields in
 * declaration order, absent or null optional fields left out, defaults filled in, nested declared
 * objects alike; anything the declaration leaves free kept as given.
 */
export function normalise(shape, value) {
  if (typeof shape === "string" || value === null) return value;
  switch (shape[0]) {
    case "?":
      return normalise(shape[1], value);
    case "a":
      return value.map((item) => normalise(shape[1], item));
    case "o": {
      const out = {};
      for (const [key, kind, , , fallback] of shape[3]) {
        const v = value[key];
        if (v === undefined || v === null) {
          if (fallback !== undefined) out[key] = fallback;
          continue;
        }
        out[key] = normalise(kind, v);
      }
      return out;
    }
    default:
      return value;
  }
}

/**
 * Checks a command's argument (already read by `readArgument`) against its declaration in
 * catalog.js COMMANDS (null: takes none; "s": a string): `{ value }` normalised for the wire, or
 * `{ error }` in words.
 */
export function checkArgument(action, shape, value) {
  if (shape === null) {
    if (value !== null && (typeof value !== "object" || Array.isArray(value))) return { error: say(TEXT.noArgument, { got: typeOf(value) }) };
    const key = value === null ? undefined : Object.keys(value)[0];
    if (key !== undefined) return { error: `unknown field \`${short(key)}\`: ${action}() takes no parameters` };
    return { value: {} };
  }
  if (shape === "s") {
    if (typeof value !== "string" || value.trim() === "") return { error: say(TEXT.key, { got: typeOf(value) }) };
    return { value };
  }
  if (value === null) {
    // As `Command::parse`: `login` needs its object; the others read a missing one as `{}`.
    if (action === "login") return { error: say(TEXT.noArgument, { got: "null/undefined" }) };
    value = {};
  }
  if (typeof value !== "object" || Array.isArray(value)) return { error: say(TEXT.noArgument, { got: typeOf(value) }) };
  const problem = checker(shape)(value);
  if (problem !== null) return { error: explain(problem) };
  const broken = breaksRule(shape, value);
  if (broken !== null) return { error: broken };
  return { value: normalise(shape, value) };
}
