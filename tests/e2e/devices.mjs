// The demo's audio devices (issue 15 item 4) in Chromium with its fake devices: once a softphone
// call opens the microphone, the list of inputs and outputs shows (`audioDevices`), and picking
// another microphone calls setInputDevice and says so, while the call goes on.
import { ConsolePage, assert, control, sleep } from "./lib.mjs";

/** The values of a select's options. */
const options = (c, id) => c.page.$$eval(`#${id} option`, (os) => os.map((o) => [o.value, o.textContent]));

export async function run({ browser, base, check, agents }) {
  const agentNo = agents.devices;
  let c;

  const listed = await check("device_list_shows_once_a_call_opens_the_microphone", async () => {
    c = await ConsolePage.open(browser, base, "devices");
    await c.login({ agentNo, endpointType: 3 });
    await control(base, "sim/call", { tenantId: "t1", agentNo });
    await c.waitEnabled("#btn-answer");
    await c.page.click("#btn-answer");
    await c.waitText("#device-count", " in");
    let inputs = [];
    for (let i = 0; i < 50 && inputs.filter(([v]) => v).length < 2; i += 1) {
      await sleep(200);
      inputs = await options(c, "mic-select");
    }
    assert(inputs.filter(([v]) => v).length >= 2, `Chromium's fake inputs are listed: ${JSON.stringify(inputs)}`);
    assert(inputs.every(([, label]) => label.trim() !== ""), "every input is named");
    assert(!(await c.page.isDisabled("#mic-select")), "the microphone picker is usable");
    await c.shot("devices-listed");
  });

  await check("picking_another_microphone_switches_it_during_the_call", async () => {
    assert(listed, "no list to pick from");
    const inputs = await options(c, "mic-select");
    const current = await c.page.inputValue("#mic-select");
    const other = inputs.find(([v]) => v && v !== current && v !== "default" && v !== "communications");
    assert(other, `another input to pick: ${JSON.stringify(inputs)} (current ${current})`);
    await c.page.selectOption("#mic-select", other[0]);
    await c.waitText("#device-notice", "Microphone set");
    const types = await c.page.$$eval("#event-log > li", (lis) => lis.map((li) => li.dataset.type));
    assert(types.includes("audioInputChanged"), `audioInputChanged logged: ${types.slice(0, 8)}`);
    assert(!types.includes("sipDisconnected"), "the call went on");
    await c.shot("microphone-picked");
  });

  await control(base, "sim/customer-hangup", { tenantId: "t1", agentNo }).catch(() => {});
  await c?.close();
}
