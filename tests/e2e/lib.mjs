// Shared helpers of the end-to-end suites: the browser (Debian's Chromium driven by
// playwright-core from tools/, which downloads nothing), the check() bookkeeping, the gateway's
// control endpoints, and a small driver for one console page (one browser context each, so
// several agents run side by side without sharing anything).
import { chromium } from "../../tools/node_modules/playwright-core/index.mjs";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SHOTS = new URL("../../artifacts/e2e/", import.meta.url).pathname;

const BASE_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];
// The softphone: a fake microphone, no permission prompt, WebRTC over loopback.
const MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection"];

export async function launch() {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: [...BASE_ARGS, ...MEDIA_ARGS] });
}

/** check(name, fn) runs one test, prints `test name ... ok|FAILED`, keeps the count, returns whether it passed. */
export function createRunner() {
  const results = [];
  async function check(name, fn) {
    const started = Date.now();
    try {
      await fn();
      results.push([name, true]);
      console.log(`test ${name} ... ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return true;
    } catch (e) {
      results.push([name, false]);
      console.log(`test ${name} ... FAILED\n  ${String(e?.stack ?? e).split("\n").slice(0, 6).join("\n  ")}`);
      return false;
    }
  }
  const failed = () => results.filter(([, ok]) => !ok).length;
  return { check, results, failed, passed: () => results.length - failed() };
}

/**
 * Runs `suites` (`[name, module]` pairs; each module's `run(ctx)` gets `{browser, check, ...ctx}`)
 * in one Chromium. A suite that breaks outside a check counts as one failed check.
 */
export async function runSuites(runner, suites, ctx) {
  const browser = await launch();
  try {
    for (const [name, suite] of suites) {
      console.log(`--- ${name}`);
      try {
        await suite.run({ browser, check: runner.check, ...ctx });
      } catch (e) {
        await runner.check(`${name}_suite_ran_to_the_end`, () => { throw e; });
      }
    }
  } finally {
    await browser.close();
  }
}

const ROOT = new URL("../../", import.meta.url).pathname;

/**
 * A gateway of the suite's own on a free loopback port (the binary the test run built, or
 * E2E_GATEWAY_BIN), serving www/ and pkg/ with the test directory, with `args` added; it exits by
 * itself after `lifetimeSecs`. Resolves with `{child, base}`.
 */
export async function startGateway(args = [], lifetimeSecs = 120) {
  const bin = process.env.E2E_GATEWAY_BIN ?? join(ROOT, "target/debug/agentdesk-gateway");
  assert(existsSync(bin), `no gateway binary at ${bin} (cargo build -p agentdesk-gateway)`);
  const portFile = join(mkdtempSync(join(tmpdir(), "agentdesk-e2e-")), "port");
  const child = spawn(bin, ["--listen", "127.0.0.1:0", "--port-file", portFile,
    "--directory", join(ROOT, "gateway/tests/fixtures/test-directory.toml"), "--www", join(ROOT, "www"), "--pkg", join(ROOT, "pkg"),
    "--max-lifetime-secs", String(lifetimeSecs), ...args], { stdio: ["ignore", "ignore", "ignore"] });
  for (let i = 0; i < 100; i++) {
    if (existsSync(portFile) && readFileSync(portFile, "utf8").trim()) {
      return { child, base: `http://127.0.0.1:${readFileSync(portFile, "utf8").trim()}` };
    }
    await sleep(100);
  }
  child.kill();
  throw new Error("the suite's gateway did not start");
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** POST to the gateway's /control/<path> (docs/gateway.md §7); throws on a non-2xx answer. */
export async function control(base, path, body = {}) {
  const res = await fetch(`${base}/control/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`control/${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : {};
}

/** Whether the directory knows an agent with this password (to pick a supervisor). */
export async function canLogIn(base, tenantId, agentNo, password) {
  const res = await fetch(`${base}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenantId, agentNo, password }),
  });
  return (await res.json().catch(() => ({}))).code === 0;
}

let shotNo = 0;

/** One console page in its own browser context. */
export class ConsolePage {
  constructor(context, page, name) {
    this.context = context;
    this.page = page;
    this.name = name;
    this.errors = [];
    page.on("pageerror", (e) => this.errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") this.errors.push(m.text()); });
  }

  /**
   * `mockSdk`: serve tests/e2e/mock-sdk.js in place of /pkg/agentdesk.js (the `ui` suite), with the
   * generated tables it names the events and commands by (js/catalog.js) beside it.
   */
  static async open(browser, base, name, { query = "", viewport = { width: 1440, height: 900 }, mockSdk = false } = {}) {
    const context = await browser.newContext({ viewport });
    if (mockSdk) {
      const mock = new URL("./mock-sdk.js", import.meta.url).pathname;
      const catalog = new URL("../../js/catalog.js", import.meta.url).pathname;
      await context.route("**/pkg/agentdesk.js", (route) => route.fulfill({ path: mock, contentType: "text/javascript" }));
      await context.route("**/pkg/mock-catalog.js", (route) => route.fulfill({ path: catalog, contentType: "text/javascript" }));
    }
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    const con = new ConsolePage(context, page, name);
    await page.goto(`${base}/${query ? `?${query}` : ""}`);
    await page.waitForSelector("html[data-sdk=ready]", { timeout: 15000 });
    return con;
  }

  async close() {
    await this.context.close().catch(() => {});
  }

  /** Saves artifacts/e2e/NN-<name>-<step>.png. */
  async shot(step, { fullPage = true } = {}) {
    shotNo += 1;
    const file = `${String(shotNo).padStart(2, "0")}-${this.name}-${step}.png`;
    await this.page.screenshot({ path: SHOTS + file, fullPage });
    return file;
  }

  async login({ tenantId = "t1", agentNo, password = "test", endpointType = 3, supervisor = false, initialStatus = 1 }) {
    const p = this.page;
    if (supervisor) await p.check("#login-supervisor");
    await p.fill("#login-tenant", tenantId);
    await p.fill("#login-agent", agentNo);
    await p.fill("#login-password", password);
    await p.check(`input[name=endpointType][value="${endpointType}"]`);
    await p.selectOption("#login-initial", String(initialStatus));
    await p.click("#login-button");
    await p.waitForSelector("#status-card:not([hidden])", { timeout: 10000 }).catch(async () => {
      throw new Error(`${this.name}: login did not complete: ${await this.text("#login-error")}`);
    });
    await this.waitState(initialStatus === 2 ? "busy" : "idle");
  }

  text(selector) {
    return this.page.textContent(selector).then((t) => (t ?? "").trim());
  }

  async waitText(selector, expected, timeout = 10000) {
    try {
      await this.page.waitForFunction(([sel, want]) => {
        const node = document.querySelector(sel);
        if (!node) return false;
        const text = node.textContent;
        return want.startsWith("/") ? new RegExp(want.slice(1, -1)).test(text) : text.includes(want);
      }, [selector, expected instanceof RegExp ? `/${expected.source}/` : expected], { timeout });
    } catch {
      throw new Error(`${this.name}: ${selector} never showed ${expected}; it shows "${await this.text(selector).catch(() => "?")}"`);
    }
  }

  async waitState(state, timeout = 10000) {
    try {
      await this.page.waitForFunction((s) => document.querySelector("#state")?.textContent === s, state, { timeout });
    } catch {
      throw new Error(`${this.name}: state never became ${state}; it is ${await this.text("#state")} (${await this.text("#state-action")})`);
    }
  }

  async enabled(selector) {
    return this.page.$eval(selector, (b) => !b.disabled && !b.closest("[hidden]") && b.offsetParent !== null);
  }

  /** Asserts which of the given buttons are usable (visible and enabled). */
  async expectButtons(expectation) {
    const wrong = [];
    for (const [selector, want] of Object.entries(expectation)) {
      const got = await this.enabled(selector);
      if (got !== want) wrong.push(`${selector} ${got ? "enabled" : "disabled"}, expected ${want ? "enabled" : "disabled"}`);
    }
    assert(wrong.length === 0, `${this.name}: ${wrong.join("; ")}`);
  }

  async waitEnabled(selector, timeout = 10000) {
    try {
      await this.page.waitForFunction((sel) => {
        const b = document.querySelector(sel);
        return b && !b.disabled && b.offsetParent !== null;
      }, selector, { timeout });
    } catch {
      throw new Error(`${this.name}: ${selector} never became enabled`);
    }
  }

  /** The event log's types, newest first. */
  eventTypes() {
    return this.page.$$eval("#event-log > li", (lis) => lis.map((li) => li.dataset.type));
  }

  /** Waits for an `agentStatus` with this stateAction in the event log (states may pass quickly). */
  async waitStatusEvent(stateAction, timeout = 10000) {
    const needle = `"stateaction": "${stateAction.toLowerCase()}"`;
    try {
      await this.page.waitForFunction((n) => [...document.querySelectorAll('#event-log > li[data-type="agentStatus"]')]
        .some((li) => li.dataset.search.includes(n)), needle, { timeout });
    } catch {
      throw new Error(`${this.name}: no agentStatus ${stateAction} in the event log`);
    }
  }

  async waitEvent(type, timeout = 10000) {
    try {
      await this.page.waitForFunction((t) => [...document.querySelectorAll("#event-log > li")].some((li) => li.dataset.type === t), type, { timeout });
    } catch {
      throw new Error(`${this.name}: no ${type} in the event log`);
    }
  }
}
