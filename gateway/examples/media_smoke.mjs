// Drives a real browser against the media_smoke example over WebDriver (chromedriver or
// geckodriver, the capabilities of webdriver.json): a fake microphone, the offer POSTed to the
// example, the answer applied, then getStats() while the gateway's knobs are turned.
//
//   cargo build -p agentdesk-gateway --example media_smoke
//   node gateway/examples/media_smoke.mjs chromium <path to the media_smoke binary>
//   node gateway/examples/media_smoke.mjs firefox  <path to the media_smoke binary>
//
// Prints one JSON line per step and exits non-zero when a check fails.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const [browser = 'chromium', bin] = process.argv.slice(2);
if (!bin) {
  console.error('usage: media_smoke.mjs chromium|firefox <media_smoke binary>');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const caps = JSON.parse(readFileSync(join(here, '..', '..', 'webdriver.json'), 'utf8'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const children = [];
const failures = [];
const check = (ok, what, detail) => {
  console.log(JSON.stringify({ check: what, ok, ...detail }));
  if (!ok) failures.push(what);
};

function start(cmd, args) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return child;
}

async function firstLine(child) {
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) return line.trim();
  throw new Error('no output');
}

const server = start(bin, []);
const base = (await firstLine(server)).replace(/\/$/, '');
const port = 4444 + Math.floor(Math.random() * 1000);
const driver = browser === 'firefox'
  ? start('geckodriver', ['--port', String(port)])
  : start('chromedriver', [`--port=${port}`]);
const wd = `http://127.0.0.1:${port}`;

async function call(method, path, body) {
  const res = await fetch(wd + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (json.value && json.value.error) throw new Error(`${path}: ${json.value.message}`);
  return json.value;
}

async function gateway(path, method = 'GET') {
  return (await fetch(base + path, { method })).json();
}

let session;
try {
  for (let i = 0; i < 100; i++) {
    try { if ((await call('GET', '/status')).ready) break; } catch { /* not up yet */ }
    await sleep(100);
  }
  const always = browser === 'firefox'
    ? { browserName: 'firefox', 'moz:firefoxOptions': caps['moz:firefoxOptions'] }
    : { browserName: 'chrome', 'goog:chromeOptions': caps['goog:chromeOptions'] };
  session = (await call('POST', '/session', { capabilities: { alwaysMatch: always } })).sessionId;
  const s = `/session/${session}`;
  await call('POST', `${s}/url`, { url: base + '/' });
  const run = (fn) => call('POST', `${s}/execute/async`, {
    script: `const done = arguments[arguments.length - 1];
             ${fn}().then(done, (e) => done({ error: String(e) }));`,
    args: [],
  });

  const leg = await run('window.startLeg');
  check(!leg.error, 'answer applied', { error: leg.error });
  const candidate = (leg.answer || '').split('\r\n').find((l) => l.startsWith('a=candidate'));
  console.log(JSON.stringify({ answerCandidate: candidate }));

  let snap;
  for (let i = 0; i < 6; i++) {
    await sleep(1000);
    snap = await run('window.snapshot');
    console.log(JSON.stringify({ t: i + 1, ...snap }));
  }
  const inbound = snap.inbound || {};
  check(inbound.packetsReceived > 200, 'inbound-rtp packetsReceived grows at ~50/s', inbound);
  check((inbound.codec || '').toLowerCase() === 'audio/opus', 'codec is Opus', { codec: inbound.codec });
  check(snap.remoteInbound && snap.remoteInbound.roundTripTime !== undefined,
    'remote-inbound-rtp roundTripTime present', snap.remoteInbound || {});
  check(inbound.totalSamplesReceived > 0, 'browser decodes the customer audio', {
    totalSamplesReceived: inbound.totalSamplesReceived, concealedSamples: inbound.concealedSamples,
  });
  console.log(JSON.stringify({ gateway: await gateway('/legs') }));

  await gateway('/faults?sending=false', 'POST');
  await sleep(500);
  const stopA = (await run('window.snapshot')).inbound;
  await sleep(1500);
  const stopB = (await run('window.snapshot')).inbound;
  check(stopB.packetsReceived === stopA.packetsReceived, 'sending=false: inbound packets stop', {
    before: stopA.packetsReceived, after: stopB.packetsReceived,
  });

  await gateway('/faults?sending=true&dropPercent=50', 'POST');
  await sleep(1000);
  const dropA = (await run('window.snapshot')).inbound;
  await sleep(2000);
  const dropB = (await run('window.snapshot')).inbound;
  const got = dropB.packetsReceived - dropA.packetsReceived;
  const lost = dropB.packetsLost - dropA.packetsLost;
  check(got > 30 && got < 70 && lost > 30 && lost < 70, 'dropPercent=50: half arrive, half lost', {
    received: got, lost,
  });

  await gateway('/faults?dropPercent=0', 'POST');
  await sleep(1500);
  const end = await run('window.snapshot');
  console.log(JSON.stringify({ healed: end, gateway: await gateway('/legs') }));
  const closed = await gateway('/close', 'POST');
  check(closed.legs === 0, 'close frees the leg', closed);
  await sleep(1500);
  const after = await run('window.snapshot');
  console.log(JSON.stringify({ afterClose: { ice: after.ice, conn: after.conn } }));
} catch (e) {
  failures.push(String(e));
  console.error(e);
} finally {
  if (session) await call('DELETE', `/session/${session}`).catch(() => {});
  for (const child of children) child.kill();
}
console.log(JSON.stringify({ browser, failures }));
process.exit(failures.length ? 1 : 0);
