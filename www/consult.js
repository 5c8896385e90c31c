// Consult (attended transfer) with its steps, three-way, complete, cancel and back-to-customer;
// blind transfer and transfer to an IVR.
import { $, setText, enable, runCommand } from "./dom.js";
import { model, allowed, noteConsultTarget } from "./call-state.js";

const TARGET_TYPES = { 0: "number", 1: "agent", 2: "extension" };

export function mountConsult(ctx) {
  const { sdk, bus, session } = ctx;
  const feedback = $("call-feedback");

  $("btn-consult").addEventListener("click", () => {
    const targetType = Number($("consult-target-type").value);
    const target = $("consult-target").value.trim();
    noteConsultTarget(target, targetType);
    runCommand(`Consult ${TARGET_TYPES[targetType]} ${target}`, () => sdk.startAtxfer({ targetType, target }), feedback);
  });
  $("btn-consult-cancel").addEventListener("click", () => runCommand("Cancel consult", () => sdk.cancelAtxfer(), feedback));
  $("btn-consult-resume").addEventListener("click", () => runCommand("Back to customer", () => sdk.resumeAtxfer(), feedback));
  $("btn-consult-threeway").addEventListener("click", () => runCommand("Three-way", () => sdk.threewayAtxfer(), feedback));
  $("btn-consult-complete").addEventListener("click", () => runCommand("Complete transfer", () => sdk.completeAtxfer(), feedback));

  $("btn-blxfer").addEventListener("click", () => {
    const targetType = Number($("xfer-target-type").value);
    const target = $("xfer-target").value.trim();
    runCommand(`Blind transfer to ${TARGET_TYPES[targetType]} ${target}`, () => sdk.blxfer({ targetType, target }), feedback);
  });
  $("btn-ivr").addEventListener("click", () => {
    const ivrId = $("ivr-id").value.trim();
    const ivrNode = $("ivr-node").value.trim();
    setText($("ivr-result"), "");
    runCommand(`Transfer to IVR ${ivrId}`, () => sdk.transferIvr({ ivrId, ...(ivrNode ? { ivrNode } : {}) }), feedback);
  });
  sdk.on("interactReturn", (e) => {
    const vars = Object.entries(e.returnVariables ?? {}).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
    setText($("ivr-result"), `Back from the IVR: ${vars.join(", ") || "no variables"}`);
  });

  function render() {
    const consult = model.consult;
    const chip = $("consult-step");
    const who = consult?.target ? `${TARGET_TYPES[consult.targetType] ?? ""} ${consult.target}`.trim() : "";
    if (!consult) {
      chip.dataset.kind = "none";
      setText(chip, "none");
    } else if (consult.step === "dialing") {
      chip.dataset.kind = "dialing";
      setText(chip, `dialing ${who}…`);
    } else if (consult.step === "linked") {
      chip.dataset.kind = "consult";
      setText(chip, `talking with ${who}`);
    } else {
      chip.dataset.kind = "threeway";
      setText(chip, `three-way with ${who}`);
    }
    chip.dataset.step = consult?.step ?? "none";
    setText($("consult-note"), consult
      ? consult.step === "threeway" ? "You, the customer and the consult party all hear each other."
        : "The customer is on hold and hears music."
      : model.consultNote);

    enable($("btn-consult"), allowed("startAtxfer"));
    enable($("btn-consult-cancel"), allowed("cancelAtxfer"));
    enable($("btn-consult-resume"), allowed("resumeAtxfer"));
    enable($("btn-consult-threeway"), allowed("threewayAtxfer"));
    enable($("btn-consult-complete"), allowed("completeAtxfer"));
    enable($("btn-blxfer"), allowed("blxfer"));
    enable($("btn-ivr"), allowed("transferIvr"));
    for (const id of ["consult-target", "consult-target-type", "xfer-target", "xfer-target-type", "ivr-id", "ivr-node"]) {
      enable($(id), session.loggedIn);
    }
  }

  bus.addEventListener("call", render);
  bus.addEventListener("session", render);
  render();
}
