// The small apps tests/package/run.mjs builds around the installed tarball: each is a directory
// of files (path → text), the command that builds it (null: served as written) and the
// directory served. Every app runs the same page script (`PAGE`), imported the way its tool
// expects, under the same strict CSP the server sends.

/**
 * The page: logs in against the gateway named in the URL's hash, waits for `agentStatus`, checks
 * can() and canChange, logs out; `window.result` holds what happened. `sdk` is the package's
 * module namespace (or, for the classic script, the globals).
 */
export const PAGE = `
export async function run(sdk) {
  const out = { statuses: [], can: {}, canChanges: [], version: "", violations: [], logs: [] };
  window.result = out;
  addEventListener("securitypolicyviolation", (e) => out.violations.push(e.violatedDirective + " " + e.blockedURI));
  try {
    const q = new URLSearchParams(location.hash.slice(1));
    const { AgentSDK } = sdk;
    if (sdk.init) await sdk.init();
    out.version = AgentSDK.version;
    const { EventType } = AgentSDK;
    AgentSDK.on(EventType.AGENT_STATUS, (e) => out.statuses.push(e.status.state));
    AgentSDK.on("canChange", (e) => out.canChanges.push(e.allowed.join(",")));
    out.setup = (await AgentSDK.setup({ baseURL: q.get("gw"), logLevel: "debug", logger: (r) => out.logs.push(r) })).code;
    out.can.beforeLogin = AgentSDK.can("login") && !AgentSDK.can("logout");
    const login = await AgentSDK.login({ tenantId: "t1", agentNo: q.get("agent"), sessionKey: q.get("key"),
      bindEndpoint: { endpointType: 2, endpoint: "8" + q.get("agent") } });
    out.login = login.code === 0 ? 0 : login.errorCode + ": " + login.message;
    for (let i = 0; i < 100 && out.statuses.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    out.can.loggedIn = AgentSDK.can("logout") && AgentSDK.can("pause") && !AgentSDK.can("hold");
    // A reconnect (the gateway drops every socket), then a command on the resumed session: the
    // log must show the schedule and still no secret.
    const reconnects = [];
    AgentSDK.on(EventType.RECONNECT_ATTEMPT, (e) => reconnects.push(e.attempt));
    const connected = () => out.logs.filter((l) => l.message === "connected").length;
    await fetch(q.get("control") + "/control/drop", { method: "POST" });
    for (let i = 0; i < 200 && (reconnects.length === 0 || connected() < 2); i++) await new Promise((r) => setTimeout(r, 50));
    out.reconnects = reconnects;
    out.pause = (await AgentSDK.pause({ pauseType: 0, pauseDescription: "after reconnect" })).code;
    out.logout = (await AgentSDK.logout()).code;
  } catch (e) {
    out.error = String((e && (e.stack || e.message)) || JSON.stringify(e));
  }
  out.done = true;
}
`;

const html = (body) => `<!doctype html>\n<meta charset="utf-8">\n<title>agentdesk package app</title>\n${body}\n`;

export const APPS = {
  // Vite: the module graph from index.html; the wasm found by new URL(…, import.meta.url).
  vite: {
    files: {
      "index.html": html('<script type="module" src="./src/main.js"></script>'),
      "src/page.js": PAGE,
      "src/main.js": 'import init, { AgentSDK } from "agentdesk";\nimport { run } from "./page.js";\nrun({ init, AgentSDK });\n',
    },
    build: (bin) => [bin("vite"), ["build", "--outDir", "dist", "--base", "./", "--logLevel", "warn"]],
    serve: "dist",
  },
  // webpack 5: asset modules turn the same expression into an emitted file.
  webpack: {
    files: {
      "webpack.config.cjs": `module.exports = {
  mode: "production",
  entry: "./src/main.js",
  output: { path: require("path").resolve(__dirname, "dist"), filename: "main.js", publicPath: "auto" },
  performance: { hints: false },
};\n`,
      "dist/index.html": html('<script src="./main.js"></script>'),
      "src/page.js": PAGE,
      "src/main.js": 'import init, { AgentSDK } from "agentdesk";\nimport { run } from "./page.js";\nrun({ init, AgentSDK });\n',
    },
    build: (bin) => [bin("webpack-cli"), ["--config", "webpack.config.cjs"]],
    serve: "dist",
  },
  // esbuild: it leaves new URL(…, import.meta.url) alone, so the app imports the wasm (the
  // package exports it) with the file loader, which copies it, and hands its URL to init().
  esbuild: {
    files: {
      "dist/index.html": html('<script type="module" src="./main.js"></script>'),
      "src/page.js": PAGE,
      "src/main.js": 'import init, { AgentSDK } from "agentdesk";\nimport wasm from "agentdesk/agentdesk_bg.wasm";\nimport { run } from "./page.js";\nrun({ init: () => init({ module_or_path: wasm }), AgentSDK });\n',
    },
    build: (bin) => [bin("esbuild"), ["src/main.js", "--bundle", "--format=esm", "--outdir=dist", "--loader:.wasm=file", "--log-level=warning"]],
    serve: "dist",
  },
  // A plain page: the installed module as it is, no build.
  plain: {
    files: {
      "index.html": html('<script type="module" src="./main.js"></script>'),
      "page.js": PAGE,
      "main.js": 'import init, { AgentSDK } from "./node_modules/agentdesk/agentdesk.js";\nimport { run } from "./page.js";\nrun({ init, AgentSDK });\n',
    },
    build: null,
    serve: ".",
  },
};

/** Seed 003's snippet (§1), as written there, in a classic script after the classic loader. */
export const SEED_SNIPPET = `const { EventType } = AgentSDK;

const onStatus = (e) => console.log('agentStatus', e);
AgentSDK.on(EventType.AGENT_STATUS, onStatus);

AgentSDK.once(EventType.SESSION_INIT, () => console.log('session init'));

// Cleanup on unload
AgentSDK.off(EventType.AGENT_STATUS, onStatus);
`;

export const CLASSIC = {
  files: {
    "index.html": html(['<script src="./node_modules/agentdesk/agentdesk.classic.js"></script>',
      '<script src="./seed.js"></script>', '<script src="./app.js"></script>'].join("\n")),
    "seed.js": `window.seedRan = false;\n${SEED_SNIPPET}window.seedRan = true;\n`,
    // The page script as a classic one: the same steps, through the globals once ready.
    "app.js": `${PAGE.replace("export async function run", "async function run")}
AgentSDK.ready.then(() => run({ AgentSDK: window.AgentSDK }), (e) => { window.result = { done: true, error: "ready rejected: " + e.code + " " + e.message }; });\n`,
  },
  build: null,
  serve: ".",
};

/** The TypeScript check against the packed typings, as a TS app resolves them. */
export const TYPESCRIPT = {
  "tsconfig.json": JSON.stringify({
    compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "bundler", strict: true, noEmit: true,
      skipLibCheck: false, lib: ["ES2022", "DOM"], types: [] },
    files: ["main.ts", "classic.ts"],
  }, null, 2),
  "main.ts": `import init, { AgentSDK, AgentClient, type CanChangeEvent, type LogRecord, type SdkError } from "agentdesk";
export async function start(key: string): Promise<number> {
  await init();
  const logs: LogRecord[] = [];
  await AgentSDK.setup({ baseURL: "ws://127.0.0.1:8080", logLevel: "info", logger: (r) => logs.push(r) });
  AgentSDK.on(AgentSDK.EventType.AGENT_STATUS, (e) => e.status.state);
  AgentSDK.on("canChange", (e: CanChangeEvent) => e.allowed.length);
  const res = await AgentSDK.login({ tenantId: "t1", agentNo: "1", sessionKey: key, bindEndpoint: { endpointType: 2, endpoint: "8" } });
  const client = new AgentClient();
  const ok: boolean = AgentSDK.can("hold") || client.can("logout");
  try { AgentSDK.on("agentStatus", () => undefined); } catch (e) { console.log((e as SdkError).code); }
  // @ts-expect-error: no such event
  AgentSDK.on("agentStatuss", () => undefined);
  // @ts-expect-error: logLevel is one of five
  await AgentSDK.setup({ baseURL: "ws://x", logLevel: "loud" });
  return res.code + (ok ? 1 : 0) + AgentSDK.version.length + logs.length;
}
`,
  "classic.ts": `/// <reference types="agentdesk/classic" />
export async function classic(): Promise<boolean> {
  const sdk = await AgentSDK.ready;
  return sdk.can("login") && typeof AgentClient === "function";
}
`,
};
