// End-to-end smoke test of the demo console in Debian's Chromium, driven by playwright-core:
// the page served by the gateway loads the SDK, logs in, changes status and logs out. It asserts
// on what the page shows and saves a screenshot per step under artifacts/e2e/ (git-ignored).
// Usage: node tests/e2e/demo_login.mjs http://127.0.0.1:PORT
// playwright-core is installed in tools/ (scripts/setup.sh); it drives Debian's Chromium, downloads none.
import { chromium } from "../../tools/node_modules/playwright-core/index.mjs";
import { mkdirSync } from "node:fs";

const base = process.argv[2];
const shots = new URL("../../artifacts/e2e/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const results = [];

async function check(name, fn) {
  try {
    await fn();
    results.push([name, true]);
    console.log(`test ${name} ... ok`);
  } catch (e) {
    results.push([name, false]);
    console.log(`test ${name} ... FAILED\n  ${e.stack ?? e}`);
  }
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage();
const pageErrors = [];
page.on("pageerror", (e) => pageErrors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") pageErrors.push(m.text()); });

await check("demo_page_loads_the_sdk", async () => {
  await page.goto(base + "/");
  await page.waitForSelector("#login-form");
  // The wasm module is instantiated once the log filter is wired (app.js runs after init()).
  await page.waitForFunction(() => document.querySelector("#event-log") !== null);
  await page.screenshot({ path: shots + "01-login.png" });
});

await check("demo_logs_in_and_shows_idle", async () => {
  await page.fill("input[name=agentNo]", "1040");
  await page.fill("input[name=password]", "test");
  await page.click("#login-button");
  await page.waitForSelector("#status-card:not([hidden])", { timeout: 10000 });
  await page.waitForFunction(() => document.querySelector("#state").textContent === "idle");
  const log = await page.textContent("#event-log");
  if (!log.includes("sessionInit") || !log.includes("loginResp")) throw new Error(`event log: ${log.slice(0, 300)}`);
  await page.screenshot({ path: shots + "02-idle.png" });
});

await check("demo_pause_shows_busy_with_reason", async () => {
  await page.selectOption("#pause-reason", "Lunch");
  await page.click("#pause");
  await page.waitForFunction(() => document.querySelector("#state").textContent === "busy");
  const action = await page.textContent("#state-action");
  if (!action.includes("Lunch")) throw new Error(`state action: ${action}`);
  await page.screenshot({ path: shots + "03-busy.png" });
});

await check("demo_logout_returns_to_the_login_form", async () => {
  await page.click("#logout");
  await page.waitForSelector("#login-card:not([hidden])", { timeout: 10000 });
  await page.screenshot({ path: shots + "04-logged-out.png" });
});

await check("demo_page_logged_no_errors", async () => {
  if (pageErrors.length) throw new Error(pageErrors.join("\n"));
});

await browser.close();
const passed = results.filter(([, ok]) => ok).length;
console.log(`e2e: ${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
