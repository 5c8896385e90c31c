// Live transcript: one line per sentence; intermediate results are replaced in place until the
// sentence end arrives. Customer (role 2) and agent (role 1) are styled apart.
import { $, el, setText, show } from "./dom.js";

const MAX_LINES = 200;

function timeOf(ms) {
  return ms ? new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "";
}

export function mountTranscript({ sdk }) {
  const list = $("transcript");
  const lines = new Map();
  let currentCall = null;

  function clear() {
    lines.clear();
    list.replaceChildren();
  }

  function render() {
    show($("transcript-empty"), lines.size === 0);
    setText($("transcript-call"), currentCall ?? "");
  }

  sdk.on("ringing", () => {
    // A new call starts a new conversation.
    clear();
    currentCall = null;
    render();
  });

  sdk.on("transcript", (e) => {
    if (currentCall !== e.mainUniqueId) {
      if (currentCall !== null) clear();
      currentCall = e.mainUniqueId;
    }
    const key = `${e.sentenceIndex}`;
    let line = lines.get(key);
    if (!line) {
      const who = el("span", { class: "who" });
      const text = el("span", { class: "text" });
      const time = el("span", { class: "time mono" });
      line = { li: el("li", {}, who, text, time), who, text, time };
      lines.set(key, line);
      list.append(line.li);
      while (lines.size > MAX_LINES) {
        const [oldest] = lines.keys();
        lines.get(oldest).li.remove();
        lines.delete(oldest);
      }
    }
    const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 24;
    const final = e.sentenceType === "sentenceEnd" || e.finished === 1;
    line.li.className = `line ${e.role === 2 ? "customer" : "agent"}${final ? "" : " partial"}`;
    line.li.dataset.index = key;
    setText(line.who, e.role === 2 ? "Customer" : "Agent");
    setText(line.text, final ? e.text : `${e.text}…`);
    setText(line.time, timeOf(e.sentenceEndTimestamp ?? e.transcriptTime));
    if (stick) list.scrollTop = list.scrollHeight;
    render();
  });
  render();
}
