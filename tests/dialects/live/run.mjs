// The gateway's dialect faces judged by their own real clients in Debian's Chromium (issue 13):
// each check printed as `test <name> ... ok|FAILED`, then one line `dialects: N passed, N failed`.
//
// Usage: node tests/dialects/live/run.mjs http://127.0.0.1:PORT [phoenix|actioncable|kazoo|globemeet …]
// The gateway runs with --faults, the test directory (gateway/tests/fixtures/test-directory.toml)
// and the faces' token secret in AGENTDESK_DIALECT_SECRET (docs/dialects.md). Agents 1001–1016 and
// supervisor 9001 belong to these suites.
import { createRunner, runSuites } from "../../e2e/lib.mjs";
import * as phoenix from "./phoenix.mjs";
import * as actioncable from "./actioncable.mjs";
import * as kazoo from "./kazoo.mjs";
import * as globemeet from "./globemeet.mjs";

const base = process.argv[2];
const secret = process.env.AGENTDESK_DIALECT_SECRET;
if (!base || !/^https?:\/\//.test(base) || !secret) {
  console.error("usage: AGENTDESK_DIALECT_SECRET=… node tests/dialects/live/run.mjs http://127.0.0.1:PORT [phoenix|actioncable|kazoo|globemeet …]");
  console.log("dialects: 0 passed, 1 failed");
  process.exit(2);
}
const picked = process.argv.slice(3);
const suites = [["phoenix", phoenix], ["actioncable", actioncable], ["kazoo", kazoo], ["globemeet", globemeet]]
  .filter(([name]) => picked.length === 0 || picked.includes(name));

const runner = createRunner();
await runSuites(runner, suites, { base, secret });
console.log(`dialects: ${runner.passed()} passed, ${runner.failed()} failed`);
process.exit(runner.failed() === 0 ? 0 : 1);
