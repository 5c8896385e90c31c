// The dialect codecs judged by the official clients, without a network (issue 13): npm
// `phoenix`, `@rails/actioncable` and `jose` read what agentdesk-core writes (fixtures written
// by core/tests/dialect_judges.rs), and what those clients send is captured here for that test to
// decode. Each check prints `test <name> ... ok|FAILED`; the last line is
// `dialect-judges: N passed, N failed`.
//
// Usage: node tests/dialects/offline.mjs [--bless]   (--bless rewrites the captured fixtures)
import { readFileSync, writeFileSync } from "node:fs";
import { deepStrictEqual, ok } from "node:assert/strict";
import { createRunner } from "../e2e/lib.mjs";
import { captureActionCable, capturePhoenix, feedActionCable } from "./capture.mjs";
import { Presence, Serializer } from "../../tools/node_modules/phoenix/priv/static/phoenix.mjs";
import { jwtVerify } from "../../tools/node_modules/jose/dist/webapi/index.js";

const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;
const bless = process.argv.includes("--bless");
const fixture = (name) => JSON.parse(readFileSync(FIXTURES + name, "utf8"));

/** Compares a capture with its committed fixture, or rewrites the fixture with --bless. */
function captured(name, value) {
  const text = JSON.stringify(value, null, 2) + "\n";
  if (bless) {
    writeFileSync(FIXTURES + name, text);
    return;
  }
  deepStrictEqual(value, fixture(name), `${name} changed: the client sends something else now (rerun with --bless, then cargo test -p agentdesk-core --test dialect_judges)`);
}

const runner = createRunner();
const { check } = runner;

await check("phoenix_js_client_frames_are_the_committed_fixture", async () => {
  captured("phoenix-client-frames.json", await capturePhoenix());
});

await check("actioncable_client_frames_are_the_committed_fixture", async () => {
  captured("actioncable-client-frames.json", await captureActionCable());
});

await check("phoenix_js_reads_every_server_frame_the_codec_writes", () => {
  for (const { text, expected } of fixture("phoenix-server-frames.json")) {
    let decoded;
    Serializer.decode(text, (msg) => { decoded = msg; });
    deepStrictEqual(decoded, expected, text);
  }
});

await check("phoenix_js_presence_reaches_the_servers_state_after_every_frame", () => {
  let state = {};
  for (const [i, { event, payload, expected }] of fixture("presence.json").entries()) {
    state = event === "presence_state" ? Presence.syncState(state, payload) : Presence.syncDiff(state, payload);
    deepStrictEqual(JSON.parse(JSON.stringify(state)), expected, `after frame ${i} (${event})`);
  }
  const list = Presence.list(state, (id, { metas }) => `${id}:${metas[0].status}`);
  deepStrictEqual(list.sort(), ["1001:online", "1003:online"]);
});

await check("actioncable_client_handles_the_codecs_server_frames", async () => {
  const { identifier, frames } = fixture("actioncable-server-frames.json");
  const log = await feedActionCable(identifier, frames);
  deepStrictEqual(log, [
    "connected",
    ["received", { event: "presence.update", data: { account_id: 1, users: { 2: "online" }, contacts: {} } }],
    "rejected",
    { closed: true, retrying: false },
  ]);
});

await check("jose_verifies_the_codecs_token_and_refuses_a_tampered_one", async () => {
  const { secret, token, claims, at, tampered } = fixture("jwt.json");
  const key = new TextEncoder().encode(secret);
  const currentDate = new Date(at * 1000);
  const { payload, protectedHeader } = await jwtVerify(token, key, { algorithms: ["HS256"], currentDate });
  deepStrictEqual(payload, claims);
  deepStrictEqual(protectedHeader, { alg: "HS256", typ: "JWT" });
  const refused = await jwtVerify(tampered, key, { algorithms: ["HS256"], currentDate }).then(() => false, () => true);
  ok(refused, "a tampered token must not verify");
  const late = await jwtVerify(token, key, { algorithms: ["HS256"], currentDate: new Date((claims.exp + 1) * 1000) }).then(() => false, (e) => e.code);
  deepStrictEqual(late, "ERR_JWT_EXPIRED");
});

console.log(`dialect-judges: ${runner.passed()} passed, ${runner.failed()} failed`);
process.exit(runner.failed() === 0 ? 0 : 1);
