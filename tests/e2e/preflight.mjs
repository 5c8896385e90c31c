// "Test my connection" on the sign-in card (issue 15 item 6): the demo runs the SDK's preflight
// against the gateway's echo, shows its progress, then the report; the agent is still signed out.
import { ConsolePage, assert } from "./lib.mjs";

export async function run({ browser, base, check, agents }) {
  await check("test_my_connection_runs_a_preflight_and_shows_the_report", async () => {
    const c = await ConsolePage.open(browser, base, "preflight");
    try {
      const p = c.page;
      await p.fill("#login-agent", agents.preflight);
      await p.fill("#login-password", "test");
      const steps = [];
      await p.exposeFunction("e2ePreflightStep", (s) => steps.push(s));
      await p.evaluate(() => {
        const node = document.getElementById("preflight-step");
        new MutationObserver(() => window.e2ePreflightStep(node.dataset.step ?? "")).observe(node, { attributes: true, childList: true });
      });
      await p.click("#preflight-button");
      await p.waitForSelector("#preflight-progress:not([hidden])", { timeout: 5000 });
      await p.waitForSelector("#preflight-report:not([hidden])", { timeout: 30000 });
      await c.shot("preflight-report");
      assert(await p.getAttribute("#preflight-report", "data-ok") === "true", `report ok: ${await c.text("#preflight-report")}`);
      const report = await c.text("#preflight-report");
      for (const words of ["Ready to go live", "reachable", "connected", "host", "MOS"]) {
        assert(report.includes(words), `the report shows "${words}": ${report}`);
      }
      const seen = [...new Set(steps.filter(Boolean))];
      for (const s of ["ping", "media", "echo", "done"]) assert(seen.includes(s), `progress reached ${s}: ${seen}`);
      assert(await p.isVisible("#login-card") && !(await p.isVisible("#status-card")), "still signed out");
      assert(await p.isEnabled("#preflight-button"), "the button is back");
    } finally {
      await c.close();
    }
  });
}
