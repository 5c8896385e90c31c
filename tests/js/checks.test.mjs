// The JS layer's generated checks against the native decoders, without a browser (node --test,
// run by scripts/test.sh): every catalog event has a fixture that passes its check, and on every
// payload and argument mutated from a good one (tests/fixtures/verdicts.json, written by
// tests/generated.rs from what serde and the rules say) the JS checks accept and refuse alike,
// and normalise a call's argument to the same wire object.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

import { CHECK, COMMANDS, EVENTS, EVENT_TYPE } from "../../js/catalog.js";
import { checkArgument, checker, payloadProblem, readArgument } from "../../js/check.js";
import { PAYLOADS } from "../../js/shapes.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const verdicts = JSON.parse(readFileSync(join(root, "tests/fixtures/verdicts.json"), "utf8"));
const shapeOf = new Map(PAYLOADS);
const checkOf = new Map(EVENTS.map(([name], i) => [name, CHECK[i]]));
const commandOf = new Map(COMMANDS.map(([name, call, shape]) => [name, { call, shape }]));

test("every catalog event has exactly one fixture, and it passes its check", () => {
  const fixtures = readdirSync(join(root, "tests/fixtures/events")).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  assert.deepEqual(fixtures, EVENTS.map(([name]) => name).sort());
  for (const name of fixtures) {
    const payload = JSON.parse(readFileSync(join(root, "tests/fixtures/events", `${name}.json`), "utf8"));
    assert.equal(payload.eventType, name);
    assert.equal(checkOf.get(name)(payload), null, name);
    assert.equal(checker(shapeOf.get(name))(payload), null, name);
  }
});

test("EventType is frozen and holds every catalog constant with its name", () => {
  assert.ok(Object.isFrozen(EVENT_TYPE));
  for (const [name, constant] of EVENTS) assert.equal(EVENT_TYPE[constant], name);
  assert.equal(EVENT_TYPE.SET_OFFLINE, "setOfflineResult");
  assert.equal(EVENT_TYPE.LOGIN_RESP, "loginResp");
  assert.equal(EVENT_TYPE.SDK_ERROR, "sdkError");
});

test("the payload checks accept and refuse what the native decoder does, in the shape table's words", () => {
  const disagree = [];
  for (const { event, what, payload, accepted } of verdicts.events) {
    const found = checkOf.get(event)(payload);
    const ok = found === null;
    if (ok !== accepted) disagree.push(`${event} ${what}: native ${accepted ? "accepts" : "refuses"}, JS ${ok ? "accepts" : "refuses"}`);
    // The generated functions and the table checker (used for arguments) find the same problem.
    const table = checker(shapeOf.get(event))(payload);
    const words = (p) => (p === null ? null : `${p.path.join(".")}: ${payloadProblem(p)}`);
    if (words(found) !== words(table)) disagree.push(`${event} ${what}: generated says ${words(found)}, table says ${words(table)}`);
  }
  assert.ok(verdicts.events.length > 500, `${verdicts.events.length} probes`);
  assert.deepEqual(disagree, []);
});

test("the argument checks accept and refuse what Command::parse does, and normalise alike", () => {
  const disagree = [];
  for (const { command, what, argument, accepted, wire } of verdicts.arguments) {
    const { shape, call } = commandOf.get(command);
    const read = readArgument(argument);
    const checked = read.error === undefined ? checkArgument(command, shape, read.value) : read;
    const ok = checked.error === undefined;
    if (ok !== accepted) {
      disagree.push(`${command} ${what}: native ${accepted ? "accepts" : "refuses"}, JS ${ok ? "accepts" : checked.error}`);
    } else if (ok && call >= 0 && wire !== undefined && JSON.stringify(sorted(checked.value)) !== JSON.stringify(sorted(wire))) {
      disagree.push(`${command} ${what}: wire ${JSON.stringify(wire)} vs JS ${JSON.stringify(checked.value)}`);
    }
  }
  assert.ok(verdicts.arguments.length > 300, `${verdicts.arguments.length} probes`);
  assert.deepEqual(disagree, []);
});

test("hostile arguments are refused in words, never thrown", () => {
  const cyclic = {};
  cyclic.self = cyclic;
  let deep = {};
  for (let i = 0; i < 200_000; i++) deep = { a: deep };
  const throwing = Object.defineProperty({}, "x", { enumerable: true, get() { throw Symbol("s"); } });
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  for (const v of [cyclic, deep, throwing, revoked, 10n, Symbol("s"), () => 1, "x".repeat(70_000)]) {
    const read = readArgument(v);
    assert.equal(typeof read.error, "string");
  }
});

/** Objects with their keys sorted (serde_json's map order), for comparing wire objects. */
function sorted(v) {
  if (Array.isArray(v)) return v.map(sorted);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]));
}
