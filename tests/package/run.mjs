// The npm package as a front-end team adopts it (issue 16): scripts/pack.mjs makes the tarball;
// it is installed offline (`npm install <tarball>`: it has no dependencies) into small apps built
// with Vite, webpack 5 and esbuild (pinned in tools/package.json) and into a plain page and a
// classic-script page; each is served on its own free loopback port under a strict CSP and, in
// headless Chromium, logs in against the gateway and receives `agentStatus`. The TypeScript check
// runs against the packed typings with `strict` and `moduleResolution: "bundler"`. Each check
// prints `test <name> ... ok|FAILED`; the last line is `package: N passed, N failed`.
//
// Usage: node tests/package/run.mjs http://127.0.0.1:PORT   (a gateway started with --faults
// and gateway/tests/fixtures/test-directory.toml; agents 1041-1046 are this suite's)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { createRunner, launch, assert } from "../e2e/lib.mjs";
import { APPS, CLASSIC, TYPESCRIPT } from "./apps.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const tools = join(root, "tools/node_modules");
const gateway = process.argv[2] ?? process.env.AGENTDESK_GATEWAY;
if (!gateway || !/^https?:\/\//.test(gateway)) {
  console.error("usage: node tests/package/run.mjs http://127.0.0.1:PORT");
  console.log("package: 0 passed, 1 failed");
  process.exit(2);
}
const wsBase = gateway.replace(/^http/, "ws");
const gatewayOrigin = new URL(gateway).origin;
const AGENTS = ["1041", "1042", "1043", "1044", "1045", "1046"];

// The policy every app is served with: no inline script, no eval, no `new Function`.
// `worker-src blob:` lets the SDK keep its timer in a Worker (issue 15: hidden tabs are not
// throttled there); under a policy without it the SDK falls back to page timers, and the browser
// reports the refused worker as a violation.
const CSP = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src blob:; connect-src 'self' ${gatewayOrigin} ${wsBase}; object-src 'none'; base-uri 'none'`;
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json" };

const runner = createRunner();
const work = mkdtempSync(join(tmpdir(), "agentdesk-package-"));
const bin = (name) => {
  const entry = { vite: "vite/bin/vite.js", "webpack-cli": "webpack-cli/bin/cli.js", esbuild: "esbuild/bin/esbuild", tsc: "typescript/bin/tsc" }[name];
  return join(tools, entry);
};
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_PATH: tools } });

/** A static server of `dir` on 127.0.0.1, a free port, with the strict CSP. */
function serve(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    if (path.endsWith("/")) file = join(file, "index.html");
    if (!existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-security-policy": CSP, "cache-control": "no-store" });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

async function sessionKey(agentNo) {
  const res = await fetch(`${gateway}/api/login`, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenantId: "t1", agentNo, password: "test" }) });
  if (!res.ok) throw new Error(`/api/login for ${agentNo} answered ${res.status}`);
  return (await res.json()).sessionKey;
}

function writeApp(dir, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `app-${dir.split("/").pop()}`, private: true, type: "module" }, null, 2));
}

/** Installs the tarball into `dir` without the network: it has no dependencies. */
function install(dir, tarball) {
  sh("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], dir);
  assert(existsSync(join(dir, "node_modules/agentdesk/agentdesk_bg.wasm")), "the install has no agentdesk_bg.wasm");
}

/** Opens the app, waits for its page script, returns its result. */
async function visit(browser, dir, agentNo) {
  const server = await serve(dir);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const key = await sessionKey(agentNo);
    const url = `http://127.0.0.1:${server.address().port}/#gw=${encodeURIComponent(wsBase)}&control=${encodeURIComponent(gatewayOrigin)}&agent=${agentNo}&key=${encodeURIComponent(key)}`;
    await page.goto(url);
    await page.waitForFunction(() => window.result?.done === true, null, { timeout: 30000 });
    const result = await page.evaluate(() => ({ ...window.result, seedRan: window.seedRan }));
    return { result, errors, key };
  } finally {
    await context.close();
    server.close();
  }
}

function judge({ result: r, errors, key }, version) {
  assert(!r.error, `the page failed: ${r.error}`);
  assert(errors.length === 0, `page errors: ${errors.join("; ")}`);
  assert(r.violations.length === 0, `CSP violations: ${r.violations.join("; ")}`);
  assert(r.setup === 0 && r.login === 0 && r.logout === 0, `setup/login/logout: ${JSON.stringify({ setup: r.setup, login: r.login, logout: r.logout })}`);
  assert(r.statuses.includes("idle"), `agentStatus received: ${JSON.stringify(r.statuses)}`);
  assert(r.version === version, `AgentSDK.version ${r.version}, package ${version}`);
  assert(r.can.beforeLogin && r.can.loggedIn, `can(): ${JSON.stringify(r.can)}`);
  assert(r.canChanges.some((a) => a.split(",").includes("logout")), `canChange: ${JSON.stringify(r.canChanges)}`);
  assert(r.reconnects.length > 0 && r.pause === 0, `reconnect then pause: ${JSON.stringify({ reconnects: r.reconnects, pause: r.pause })}`);
  // The debug log of a whole session (login, commands, a reconnect, logout): the lifecycle, the
  // reconnect schedule, frames by type and id, and never the key (it travels in auth and login).
  const lines = r.logs.map((l) => `${l.level} ${l.message} ${JSON.stringify(l.fields)}`);
  const has = (re) => assert(lines.some((l) => re.test(l)), `no log line like ${re}: ${lines.join(" / ")}`);
  has(/^info connecting \{"url":"ws:\/\/127\.0\.0\.1:\d+\/ws"\}$/);
  has(/^info connected /);
  has(/^warn reconnect attempt 1 of \d+ .*"delayMs":\d+/);
  has(/^debug sent auth \{"type":"auth","id":\d+\}$/);
  has(/^debug sent cmd .*"action":"login"/);
  has(/^debug received event .*"eventType":"agentStatus"/);
  has(/^debug sent cmd .*"action":"pause"/);
  const logged = JSON.stringify(r.logs);
  const secrets = [key, ...key.split(".").filter((part) => part.length > 8)];
  for (const secret of secrets) assert(!logged.includes(secret), `the log holds a secret (${secret.slice(0, 6)}…)`);
  assert(!/sessionKey|password|token/i.test(logged), "the log names a credential field");
}

let tarball;
let version;
await runner.check("the_tarball_has_a_complete_package_json_readme_and_licence", async () => {
  const out = sh("node", [join(root, "scripts/pack.mjs"), "--out", join(work, "dist")], root).trim().split("\n");
  tarball = out.at(-1);
  const listing = sh("tar", ["-tzf", tarball], work).split("\n").filter(Boolean).sort();
  for (const f of ["package.json", "README.md", "LICENSE", "agentdesk.js", "agentdesk_bg.wasm", "agentdesk.d.ts", "agentdesk.classic.js"]) {
    assert(listing.includes(`package/${f}`), `the tarball lacks ${f}: ${listing.join(", ")}`);
  }
  const manifest = JSON.parse(sh("tar", ["-xzOf", tarball, "package/package.json"], work));
  version = manifest.version;
  const cargoVersion = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];
  assert(manifest.name === "agentdesk" && version === cargoVersion, `name/version ${manifest.name}@${version}, Cargo.toml ${cargoVersion}`);
  assert(manifest.type === "module" && Array.isArray(manifest.sideEffects) && manifest.files.length > 0, "type / sideEffects / files");
  const dot = manifest.exports["."];
  assert(dot.types === "./agentdesk.d.ts" && dot.import === "./agentdesk.js", `exports: ${JSON.stringify(manifest.exports)}`);
  const readme = sh("tar", ["-xzOf", tarball, "package/README.md"], work);
  assert(/## Quickstart/.test(readme) && /await init\(\)/.test(readme), "the README has no quickstart");
});

const browser = tarball ? await launch() : null;
let agent = 0;
try {
  for (const [name, app] of [...Object.entries(APPS), ["classic", CLASSIC]]) {
    const title = name === "classic"
      ? "a_classic_script_defines_AgentSDK_runs_the_seed_snippet_and_logs_in"
      : `the_${name}_app_installs_the_tarball_logs_in_and_receives_agentStatus`;
    const agentNo = AGENTS[agent++];
    await runner.check(title, async () => {
      assert(browser, "no tarball");
      const dir = join(work, name);
      writeApp(dir, app.files);
      install(dir, tarball);
      if (app.build) {
        const [cmd, args] = app.build(bin);
        // esbuild's bin is its native executable; the others are Node scripts.
        if (cmd.endsWith(".js")) sh(process.execPath, [cmd, ...args], dir);
        else sh(cmd, args, dir);
      }
      const served = join(dir, app.serve);
      if (app.build) {
        const built = sh("find", [served, "-name", "*.wasm"], dir).trim();
        assert(built, `${name} emitted no .wasm into ${app.serve}/`);
      }
      const visited = await visit(browser, served, agentNo);
      if (name === "classic") assert(visited.result.seedRan === true, "seed 003's snippet did not run in a classic script");
      judge(visited, version);
    });
  }
} finally {
  await browser?.close();
}

await runner.check("the_packed_typings_check_with_strict_and_bundler_resolution", async () => {
  const dir = join(work, "typescript");
  writeApp(dir, TYPESCRIPT);
  install(dir, tarball);
  try {
    sh(process.execPath, [bin("tsc"), "-p", "tsconfig.json"], dir);
  } catch (e) {
    throw new Error(`tsc: ${e.stdout}${e.stderr}`);
  }
});

rmSync(work, { recursive: true, force: true });
console.log(`package: ${runner.passed()} passed, ${runner.failed()} failed`);
process.exit(runner.failed() === 0 ? 0 : 1);
