// The softphone's audio devices (issue 15 item 4): the inputs and outputs the SDK reports
// (`audioDevices`), a picker for each that calls setInputDevice / setOutputDevice, and a visible
// notice when the microphone in use disappears and the SDK switches to the default one
// (`audioInputChanged`, reason `deviceLost`).
import { $, el, setText } from "./dom.js";

/** What a device is called: its label, or a short id before the page had microphone permission. */
const named = (d, kind, i) => d.label || `${kind} ${i + 1}${d.deviceId ? ` (${d.deviceId.slice(0, 8)})` : ""}`;

function fill(select, devices, kind) {
  const chosen = select.value;
  // Chrome lists the system default as its own device ("default"); Firefox does not.
  select.replaceChildren(...(devices.length === 0 ? [el("option", { value: "", text: "none listed" })]
    : devices.map((d, i) => el("option", { value: d.deviceId, text: named(d, kind, i) }))));
  if (devices.some((d) => d.deviceId === chosen)) select.value = chosen;
  select.disabled = devices.length === 0;
}

export function mountDevices(ctx) {
  const { sdk, EventType } = ctx;
  const mic = $("mic-select");
  const speaker = $("speaker-select");
  const notice = $("device-notice");
  const say = (text, kind = "info") => {
    notice.dataset.kind = kind;
    setText(notice, text);
  };
  sdk.on(EventType.AUDIO_DEVICES, (e) => {
    fill(mic, e.inputs, "Microphone");
    fill(speaker, e.outputs, "Speaker");
    setText($("device-count"), `${e.inputs.length} in · ${e.outputs.length} out`);
  });
  sdk.on(EventType.AUDIO_INPUT_CHANGED, (e) => {
    const name = e.label || "the default microphone";
    if (e.reason === "deviceLost") {
      if ([...mic.options].some((o) => o.value === e.deviceId)) mic.value = e.deviceId;
      say(`Headset lost — switched to ${e.label ? `default microphone (${e.label})` : name}. The call goes on.`, "warn");
    } else {
      say(`Microphone: ${name}`);
    }
  });
  sdk.on(EventType.AUDIO_OUTPUT_CHANGED, (e) => say(`Speaker: ${speaker.selectedOptions[0]?.textContent ?? e.deviceId}`));
  const pick = (select, set, what) => select.addEventListener("change", async () => {
    try {
      const { deviceId } = await set(select.value);
      say(`${what} set: ${select.selectedOptions[0]?.textContent ?? deviceId}`);
    } catch (e) {
      say(`${what} not changed: ${e.code}: ${e.message}`, "error");
    }
  });
  pick(mic, (id) => sdk.setInputDevice(id), "Microphone");
  pick(speaker, (id) => sdk.setOutputDevice(id), "Speaker");
}
