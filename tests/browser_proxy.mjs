// An HTTP proxy for the headless Chrome and Firefox of `wasm-pack test` (scripts/test.sh starts it).
//
// Why: wasm-bindgen-test-runner serves the test page with tiny_http 0.12, whose connection
// thread pool can strand a new connection when several arrive at once (a task queued while the
// one woken thread takes the other; nobody is notified for the second) and keeps every thread
// on a keep-alive connection until the browser closes it. Chrome opens up to six connections
// for the page's module graph; with the SDK's JS modules as separate files it hit this in two
// full runs out of two: the page stayed at "Loading scripts..." until chromedriver gave up
// after 300 s, with the unread requests visible in the runner's socket queues (`ss -tn`).
// Through this proxy every request reaches the runner on a fresh connection marked
// `Connection: close`, so each of its threads is free again within milliseconds and picks up
// whatever was queued. WebSockets (the gateway) pass through CONNECT untouched.
//
// Only loopback targets are served. Once listening it writes WEBDRIVER_JSON: the repository's
// webdriver.json with Chrome and Firefox pointed at this proxy (loopback included), for
// WASM_BINDGEN_TEST_WEBDRIVER_JSON; it exits when its parent (the test script) is gone.
//
//   node tests/browser_proxy.mjs WEBDRIVER_JSON
import { createServer, request } from "node:http";
import { connect } from "node:net";
import { readFileSync, writeFileSync } from "node:fs";

const out = process.argv[2];
const base = new URL("../webdriver.json", import.meta.url);
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

function refuse(res, status, message) {
  res.writeHead(status, { "content-type": "text/plain", connection: "close" });
  res.end(message);
}

const server = createServer((req, res) => {
  let target;
  try {
    target = new URL(req.url);
  } catch {
    return refuse(res, 400, "absolute URLs only (this is a proxy)");
  }
  if (!LOOPBACK.has(target.hostname)) return refuse(res, 403, "loopback only");
  const headers = { ...req.headers, connection: "close" };
  delete headers["proxy-connection"];
  const upstream = request(
    { host: target.hostname, port: target.port || 80, path: target.pathname + target.search, method: req.method,
      headers, agent: false },
    (up) => {
      const { connection, "keep-alive": _keepAlive, ...rest } = up.headers;
      res.writeHead(up.statusCode ?? 502, rest);
      up.on("error", () => res.destroy());
      up.pipe(res);
    },
  );
  upstream.on("error", (e) => (res.headersSent ? res.destroy() : refuse(res, 502, String(e))));
  // Chrome resets connections it no longer needs (a page torn down between tests): one side
  // ending must never become an unhandled 'error' that takes the proxy, and with it every later
  // Chrome run, down (seen once: ECONNRESET in the middle of a full run).
  req.on("error", () => upstream.destroy());
  res.on("error", () => upstream.destroy());
  req.pipe(upstream);
});
server.on("clientError", (_error, socket) => socket.destroy());

// ws:// through an HTTP proxy is a CONNECT tunnel.
server.on("connect", (req, client, head) => {
  const [host, port] = req.url.split(/:(?=\d+$)/);
  if (!LOOPBACK.has(host)) {
    client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    return;
  }
  const upstream = connect(Number(port), host, () => {
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  const close = () => { upstream.destroy(); client.destroy(); };
  upstream.on("error", close);
  client.on("error", close);
});

server.listen(0, "127.0.0.1", () => {
  const config = JSON.parse(readFileSync(base, "utf8"));
  const chrome = config["goog:chromeOptions"];
  // `<-loopback>` takes away Chrome's implicit bypass of 127.0.0.1, where everything here runs.
  chrome.args = [...chrome.args, `--proxy-server=http://127.0.0.1:${server.address().port}`,
    "--proxy-bypass-list=<-loopback>"];
  // Firefox the same way: its pages load the same runner (the shared-tabs suite's iframes each
  // fetch the glue, its snippets and the wasm at once, and twice in 15 full runs one of them
  // never loaded: "a tab did not load the SDK within 30 s"). Firefox never proxies loopback
  // unless told to, and tunnels ws:// through CONNECT like Chrome.
  const firefox = config["moz:firefoxOptions"];
  firefox.prefs = { ...firefox.prefs, "network.proxy.type": 1, "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": server.address().port, "network.proxy.allow_hijacking_localhost": true,
    "network.proxy.no_proxies_on": "" };
  writeFileSync(out, JSON.stringify(config, null, 2));
});

// Whatever one connection does, the proxy serves the rest of the run; the error is reported.
process.on("uncaughtException", (e) => console.error(`browser proxy: ${e?.stack ?? e}`));

// Stop with the script that started us, however it ends.
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.exit(0);
  }
}, 2000).unref();
