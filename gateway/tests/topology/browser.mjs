// Drives the topology test's browser agent in Debian's Chromium (playwright-core from tools/):
// opens BASE/index.html?agent=AGENT, alternates pause / unpause every 2 s while the test kills
// edges (ending idle), and once COUNT transcripts arrived (or after TIMEOUT s) prints one line
// `RESULT {json}` with what the page saw, and the outcome of every command.
//
// Usage: node browser.mjs BASE AGENT COUNT TIMEOUT_SECS
import { chromium } from "../../../tools/node_modules/playwright-core/index.mjs";

const [base, agent, count, timeout] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const commands = [];
let page;
try {
  page = await browser.newPage();
  page.on("console", (m) => { if (m.type() === "error") console.error(`page: ${m.text()}`); });
  await page.goto(`${base}/index.html?agent=${agent}`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 30_000 });
  console.log("ready");
  const deadline = Date.now() + Number(timeout) * 1000;
  let action = "pause";
  while (Date.now() < deadline) {
    const got = await page.evaluate(() => window.seen.indexes.length);
    if (got >= Number(count)) break;
    const code = await page.evaluate((a) => window.run ? window.run(a) : -99, action);
    commands.push([action, code]);
    action = action === "pause" ? "unpause" : "pause";
    await new Promise((r) => setTimeout(r, 2_000));
  }
  // The agent ends idle: after a pause, one more unpause.
  if (commands.length > 0 && commands[commands.length - 1][0] === "pause") {
    const last = await page.evaluate(() => window.run ? window.run("unpause") : -99);
    commands.push(["unpause", last]);
  }
  const seen = await page.evaluate(() => window.seen);
  console.log(`RESULT ${JSON.stringify({ ...seen, commands })}`);
} catch (e) {
  console.log(`RESULT ${JSON.stringify({ errors: [String(e?.stack ?? e)], commands })}`);
} finally {
  await browser.close();
}
