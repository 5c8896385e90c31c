// The background-tab soak (issue 15.1; a measurement, not part of the test run): two consoles in
// Chromium, their page timers held to one wake-up a minute (Chrome's intensive throttling of a
// tab hidden five minutes) for MINUTES each, side by side on one gateway: one with the SDK as
// shipped (its timer in a Worker), one with Worker taken away (the page's own timers, as before
// issue 15). An event every ~5–9 s and a command with every tenth; at the end the gateway is stopped
// (SIGSTOP) and the time until the SDK declares the link dead is measured, then the same for a
// third console on page timers after two minutes. Writes
// OUT/report.md and OUT/report.json.
//
//   node scripts/soak/background.mjs [--minutes 10] [--out target/soak-background]
//   (bash scripts/soak-background.sh builds first)
import { mkdirSync, writeFileSync } from "node:fs";
import { launch, startGateway } from "../../tests/e2e/lib.mjs";
import { installPage, measure } from "../../tests/e2e/background.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const minutes = Number(arg("minutes", "10"));
// A command with every tenth event (~every 70 s): an agent mostly listens, and a command is a frame
// to the gateway too, which would hide what the pings alone do for its idle limit.
const commandEvery = Number(arg("command-every", "10"));
const out = arg("out", "target/soak-background");
mkdirSync(out, { recursive: true });

const removePage = installPage();
const browser = await launch();
const gw = await startGateway(["--faults"], minutes * 60 + 600);
const started = new Date();
const version = browser.version();
let results;
try {
  const hiddenMs = minutes * 60_000;
  let last = 0;
  const onTick = ({ elapsed }) => {
    if (elapsed - last >= 60_000) {
      last = elapsed;
      console.log(`  ${(elapsed / 60_000).toFixed(1)} min`);
    }
  };
  // Both consoles share the gateway, so the page-timer console ends 20 s early and does not stop it;
  // its own stop is measured after, in a shorter third run.
  results = await Promise.all([
    measure({ browser, gw, agentNo: "1036", hiddenMs, commandEvery, onTick }),
    measure({ browser, gw, agentNo: "1037", hiddenMs: hiddenMs - 20_000, commandEvery, noWorker: true, stop: false }),
  ]);
  results.push(await measure({ browser, gw, agentNo: "1038", hiddenMs: 120_000, commandEvery, noWorker: true }));
} finally {
  await browser.close();
  gw.child.kill("SIGCONT");
  gw.child.kill();
  removePage();
}

const row = (r) => `| ${r.mode} | ${(r.hiddenMs / 60_000).toFixed(0)} min | ${r.events} (${r.lost} lost) | ${r.latencyP50} / ${r.latencyMax} ms | ${r.commandsOk}/${r.commands}, slowest ${r.commandMaxMs} ms | ${r.pings} (${r.deadPings} unanswered) | ${r.gatewayCloses} | ${r.reconnects} | ${r.stopNoticedMs ?? "—"} ms | ${r.recoveredCommand === 0 ? "yes" : "no"} |`;
const report = `# Background tab soak

Run ${started.toISOString()}, ${minutes} min, Chromium ${version}, page timers held to one
wake-up a minute (aligned, as Chrome's intensive throttling does), an event every ~5–9 s, a command
with every ${commandEvery}th, then the gateway stopped (SIGSTOP). Heartbeat 5 s, timeout 10 s; gateway idle limit 30 s.

| SDK timer | hidden | events (lost) | latency p50 / max | commands ok | pings (no answer) | gateway closes (4001) | reconnects | stop noticed after | command after continue |
|---|---|---|---|---|---|---|---|---|---|
${results.map(row).join("\n")}

Close codes seen: ${results.map((r) => `${r.mode}: ${r.closes.join(", ") || "none"}`).join("; ")}.
Page errors: ${results.map((r) => `${r.mode}: ${r.errors.length}`).join("; ")}.
`;
writeFileSync(`${out}/report.md`, report);
writeFileSync(`${out}/report.json`, JSON.stringify(results, null, 2));
console.log(report);
