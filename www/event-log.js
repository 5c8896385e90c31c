// Every event the SDK emits, newest first, with its payload; filterable, capped.
import { $, el, setText, clockTime } from "./dom.js";

const CAP = 500;
const NOISY = new Set(["ping", "webrtcStats", "queueStatus"]);

function kindOf(type, payload) {
  if (type.endsWith("Resp")) return payload && payload.code !== 0 ? "error" : "resp";
  if (type === "sdkError" || type === "atxferError" || type === "sipDisconnected") return "error";
  if (type === "reconnectAttempt" || type === "resync" || type === "sessionTerminate") return "warn";
  if (NOISY.has(type)) return "noise";
  return "event";
}

function summary(type, p) {
  if (!p || typeof p !== "object") return "";
  switch (type) {
    case "agentStatus":
      return p.status ? `${p.status.state} · ${p.status.stateAction}` : "";
    case "ping":
      return `${p.latencyTime} ms · ${p.networkState}/4`;
    case "reconnectAttempt":
      return p.code === 0 ? `reconnected (attempt ${p.attempt})` : `attempt ${p.attempt}/${p.maxAttempts}`;
    case "transcript":
      return `${p.role === 2 ? "customer" : "agent"}: ${p.text}`;
    case "ringing":
      return `${p.customerNumber} · queue ${p.queueNo}`;
    default:
      if (type.endsWith("Resp")) return p.code === 0 ? "ok" : `${p.errorCode ?? p.code}: ${p.message}`;
      return p.reason ?? p.result ?? p.stateAction ?? "";
  }
}

export function mountEventLog({ sdk, EventType }) {
  const list = $("event-log");
  const filterInput = $("log-filter");
  const hideNoisy = $("log-hide-noisy");
  const count = $("log-count");
  let total = 0;

  function matches(li) {
    if (hideNoisy.checked && NOISY.has(li.dataset.type)) return false;
    const filter = filterInput.value.trim().toLowerCase();
    return !filter || li.dataset.search.includes(filter);
  }

  function refilter() {
    let shown = 0;
    for (const li of list.children) {
      li.hidden = !matches(li);
      if (!li.hidden) shown += 1;
    }
    setText(count, filterInput.value || hideNoisy.checked ? `${shown} of ${list.children.length}` : `${list.children.length}`);
  }

  function add(type, payload) {
    total += 1;
    let json;
    try {
      json = JSON.stringify(payload, null, 1);
    } catch {
      json = String(payload);
    }
    const compact = json.replace(/\n\s*/g, " ");
    const li = el("li", { class: `entry ${kindOf(type, payload)}`, dataset: { type, search: `${type} ${compact}`.toLowerCase() } },
      el("details", {},
        el("summary", {},
          el("span", { class: "t mono", text: clockTime() }),
          el("span", { class: "n", text: type }),
          el("span", { class: "s", text: summary(type, payload) })),
        el("pre", { class: "mono", text: json })));
    li.hidden = !matches(li);
    list.prepend(li);
    while (list.children.length > CAP) list.lastElementChild.remove();
    const shown = filterInput.value || hideNoisy.checked;
    setText(count, shown ? `${[...list.children].filter((x) => !x.hidden).length} of ${list.children.length}` : `${list.children.length}`);
  }

  for (const type of new Set(Object.values(EventType))) {
    sdk.on(type, (payload) => add(type, payload));
  }
  filterInput.addEventListener("input", refilter);
  hideNoisy.addEventListener("change", refilter);
  $("log-clear").addEventListener("click", () => {
    list.replaceChildren();
    refilter();
  });
}
