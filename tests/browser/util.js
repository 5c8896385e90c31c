// Helpers shared by the browser suites. wasm-bindgen copies each snippet file on its own, so
// the suites cannot import this file; the Rust side hands its `util()` object to every test.

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function assertEq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

function wsUrl(gateway) {
  return gateway.replace(/^http/, "ws");
}

async function sessionKeyFor(gateway, tenantId, agentNo, password = "test") {
  const res = await fetch(`${gateway}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenantId, agentNo, password }),
  });
  const body = await res.json();
  assert(body.code === 0, `login endpoint refused ${tenantId}/${agentNo}: ${JSON.stringify(body)}`);
  return body.sessionKey;
}

function loginParams(tenantId, agentNo, sessionKey, initialStatus = 1) {
  return { tenantId, agentNo, sessionKey, bindEndpoint: { endpointType: 2, endpoint: "8" + agentNo }, initialStatus };
}

/** Resolves with the first event of `type` for which `pred` holds, or rejects after `ms`. */
function nextEvent(client, type, pred = () => true, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(type, listener);
      reject(new Error(`no ${type} event within ${ms} ms`));
    }, ms);
    const listener = (e) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      client.off(type, listener);
      resolve(e);
    };
    client.on(type, listener);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Calls a fault-injection endpoint of the gateway (docs/gateway.md). */
async function control(gateway, what, body = {}) {
  const res = await fetch(`${gateway}/control/${what}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control/${what} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Resolves with `predicate()`'s first truthy value (it may return a Promise); fails after `ms`. */
async function until(predicate, what, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await predicate();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Runs `flow` with a limit, so a step that never settles fails with the steps it reached. */
async function limited(flow, ms, ...args) {
  const trace = [];
  let timer;
  const limit = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`stuck after: ${trace.slice(-30).join(" | ")}`)), ms); });
  try {
    await Promise.race([flow(...args, trace), limit]);
  } finally {
    clearTimeout(timer);
  }
}

export function util() {
  return { assert, assertEq, wsUrl, sessionKeyFor, loginParams, nextEvent, sleep, control, limited, until };
}
