// The demo console end to end in Debian's Chromium: every suite of tests/e2e against one gateway,
// each test printed as `test <name> ... ok|FAILED`, then one line `e2e: N passed, N failed`.
// Screenshots of each step go to artifacts/e2e/ (git-ignored).
//
// Usage: node tests/e2e/run.mjs http://127.0.0.1:PORT   (a gateway started with --faults and the
// test directory gateway/tests/fixtures/test-directory.toml)
// Suites may be picked: node tests/e2e/run.mjs URL ui package basics keys calls devices background preflight reconnect
// (`keys` and `background` start their own gateways from target/debug/agentdesk-gateway.)
//
// Agents: 1036–1040, 1069 (devices), 1074 for the preflight (after the browser suites' run of it) and supervisor 9002 (9001 when the directory has no 9002), password "test",
// so these tests never collide with the other browser suites' agents.
import { rmSync, mkdirSync } from "node:fs";
import { createRunner, canLogIn, runSuites, SHOTS } from "./lib.mjs";
import * as basics from "./basics.mjs";
import * as calls from "./calls.mjs";
import * as reconnect from "./reconnect.mjs";
import * as ui from "./ui.mjs";
import * as keys from "./keys.mjs";
import * as pkg from "./package.mjs";
import * as background from "./background.mjs";
import * as preflight from "./preflight.mjs";
import * as devices from "./devices.mjs";

const base = process.argv[2];
if (!base || !/^https?:\/\//.test(base)) {
  console.error("usage: node tests/e2e/run.mjs http://127.0.0.1:PORT [ui|package|basics|keys|calls|devices|background|preflight|reconnect …]");
  console.log("e2e: 0 passed, 1 failed");
  process.exit(2);
}
const picked = process.argv.slice(3);
// The order matters: `reconnect` restarts the gateway's sessions, so it runs last.
const suites = [["ui", ui], ["package", pkg], ["basics", basics], ["keys", keys], ["calls", calls], ["devices", devices], ["background", background], ["preflight", preflight], ["reconnect", reconnect]]
  .filter(([name]) => picked.length === 0 || picked.includes(name));

rmSync(SHOTS, { recursive: true, force: true });
mkdirSync(SHOTS, { recursive: true });

const supervisor = (await canLogIn(base, "t1", "9002", "test")) ? "9002" : "9001";
if (supervisor !== "9002") console.log("note: the directory has no supervisor 9002; using 9001");
const agents = { a: "1036", b: "1037", c: "1038", reconnect: "1039", basics: "1040", devices: "1069", preflight: "1074", supervisor, supervisorPassword: "test" };

const runner = createRunner();
await runSuites(runner, suites, { base, agents });
console.log(`screenshots: ${SHOTS}`);
console.log(`e2e: ${runner.passed()} passed, ${runner.failed()} failed`);
process.exit(runner.failed() === 0 ? 0 : 1);
