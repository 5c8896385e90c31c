// What the soak's own bookkeeping costs the page's heap per streamed event, in the same V8 as the
// soak's page (Debian's Chromium), measured after a forced GC (docs/RELIABILITY.md §3, "Page
// heap"): an entry per event (`log array`, the soak before its fixed-size counts) against one
// fixed-size count array per stream (`log counts`). 30,435 events: one-hour run 2's stream.
//
//   node scripts/soak/log-cost.mjs
import { chromium } from "../../tools/node_modules/playwright-core/index.mjs";

const EVENTS = 30_435;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await (await browser.newContext()).newPage();
await page.goto("about:blank");
const cdp = await page.context().newCDPSession(page);
const heap = async () => {
  await cdp.send("HeapProfiler.collectGarbage");
  return (await cdp.send("Runtime.getHeapUsage")).usedSize;
};
for (const log of ["array", "counts"]) {
  await page.evaluate(() => { window.kept = { stream: [], counts: {} }; });
  const before = await heap();
  await page.evaluate(({ log, events }) => {
    // Each event parsed from its own frame, as the SDK hands it on; streams of 250, 30 s apart.
    for (let i = 0; i < events; i++) {
      const e = JSON.parse(`{"mainUniqueId":"stream-${1765080000000 + Math.floor(i / 250) * 30000}","sentenceIndex":${i % 250}}`);
      if (log === "array") window.kept.stream.push([e.mainUniqueId, e.sentenceIndex, 71]);
      else (window.kept.counts[e.mainUniqueId] ??= new Uint8Array(250))[e.sentenceIndex] += 1;
    }
  }, { log, events: EVENTS });
  const grew = (await heap()) - before;
  console.log(`log ${log}: ${EVENTS} events kept ${(grew / 1024).toFixed(0)} KB of heap after GC (${(grew / EVENTS).toFixed(1)} B an event)`);
}
await browser.close();
