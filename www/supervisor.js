// Supervisor view: subscribes to queue status and shows, per queue, callers waiting and the
// longest wait, and every agent with their state; per agent: spy / whisper / three-way / barge
// (and stopping them), force disconnect, pause / unpause, force offline.
import { $, el, setText, show, enable, formatDuration, onTick, runCommand } from "./dom.js";
import { model } from "./call-state.js";

const MONITORS = {
  spy: { label: "Spy", stop: "unspy", result: "spyResult", link: "spyLink", unlink: "spyUnlink", keys: ["spiedCno", "spiedCno", "spiedCno"] },
  whisper: { label: "Whisper", stop: "unwhisper", result: "whisperResult", link: "whisperLink", unlink: "whisperUnlink", keys: ["whisperedCno", "whisperedCno", "whisperedAgentNo"] },
  threeway: { label: "3-way", stop: "unthreeway", result: "threewayResult", link: "threewayLink", unlink: "threewayUnlink", keys: ["threewayedCno", "threewayedCno", "threewayedAgentNo"] },
  barge: { label: "Barge", stop: "unbarge", result: "bargeResult", link: "bargeLink", unlink: "bargeUnlink", keys: ["bargedAgentNo", "bargedAgentNo", "bargedCno"] },
};
const MONITOR_VERB = { spy: "Listening to", whisper: "Whispering to", threeway: "In a three-way with", barge: "Barged into the call of" };
const STATE_ORDER = { talking: 0, ringing: 1, calling: 2, wrapup: 3, busy: 4, idle: 5, invalid: 6, offline: 7 };

const num = (v, fallback = 0) => (Number.isFinite(Number(v)) ? Number(v) : fallback);

export function mountSupervisor(ctx) {
  const { sdk, bus, session } = ctx;
  const feedback = $("supervisor-feedback");
  const card = $("supervisor-card");
  let queues = {}; // queueNo -> snapshot, as last received
  let receivedAt = Date.now();
  let subscribed = false;
  let monitor = null; // {mode, target, linked}
  const rows = new Map(); // agentNo -> {tr, cells…, buttons}

  const isSupervisor = () => session.loggedIn && session.role === "supervisor";

  async function subscribe() {
    const res = await runCommand("Subscribe to queue status", () => sdk.subscribeQueueStatus({}), feedback);
    if (res.code === 0) subscribed = true;
    render();
  }
  async function unsubscribe() {
    const res = await runCommand("Unsubscribe", () => sdk.unsubscribeQueueStatus(), feedback);
    if (res.code === 0) {
      subscribed = false;
      queues = {};
    }
    render();
  }
  $("btn-subscribe").addEventListener("click", () => (subscribed ? unsubscribe() : subscribe()));
  $("queue-filter").addEventListener("change", render);
  $("hide-offline").addEventListener("change", render);
  $("btn-monitor-stop").addEventListener("click", () => {
    if (monitor) runCommand(`Stop ${monitor.mode}`, () => sdk[MONITORS[monitor.mode].stop](), feedback);
  });

  // Each event carries the queues that changed (docs/flows.md §7): a "full" queue replaces its
  // entry, a "changes" queue brings its figures and callers whole and only the members whose
  // status changed; a queue too big for one frame comes in parts (queueParams.part of parts):
  // part 1 as above, the others add their members and callers.
  sdk.on("queueStatus", (e) => {
    for (const [queueNo, q] of Object.entries(e.queueStatus ?? {})) {
      const part = num(q.queueParams?.part, 1);
      const known = queues[queueNo];
      const byAgent = (list) => new Map((list ?? []).map((a) => [a.agentNo, a]));
      if (part > 1 && known) {
        const members = byAgent(known.agentStatuses);
        for (const a of q.agentStatuses ?? []) members.set(a.agentNo, a);
        queues[queueNo] = { ...known, agentStatuses: [...members.values()],
          queueEntries: [...(known.queueEntries ?? []), ...(q.queueEntries ?? [])] };
      } else if (q.queueParams?.update === "changes" && known) {
        const members = byAgent(known.agentStatuses);
        for (const a of q.agentStatuses ?? []) members.set(a.agentNo, a);
        queues[queueNo] = { ...q, agentStatuses: [...members.values()] };
      } else {
        queues[queueNo] = q;
      }
    }
    receivedAt = Date.now();
    subscribed = true;
    render();
  });

  // The supervisor's own monitor, from the result / link / unlink events it initiated.
  for (const [mode, m] of Object.entries(MONITORS)) {
    sdk.on(m.result, (e) => {
      if (e.initiator !== session.agentNo) return;
      if (e.result === "success") monitor = { mode, target: e[m.keys[0]], linked: false };
      else {
        if (monitor?.mode === mode) monitor = null;
        feedback.dataset.kind = "error";
        setText(feedback, `${m.label} of agent ${e[m.keys[0]]} failed (${e.result})`);
      }
      render();
    });
    sdk.on(m.link, (e) => {
      if (e.initiator !== session.agentNo) return;
      monitor = { mode, target: e[m.keys[1]], linked: true };
      render();
    });
    sdk.on(m.unlink, (e) => {
      if (e.initiator !== session.agentNo) return;
      if (monitor && monitor.mode === mode) monitor = null;
      render();
    });
  }
  sdk.on("disconnectResult", (e) => {
    if (e.initiator !== session.agentNo) return;
    feedback.dataset.kind = e.result === "success" ? "ok" : "error";
    setText(feedback, `Disconnect of agent ${e.disconnectorCno}: ${e.result}`);
  });
  sdk.on("setOfflineResult", (e) => {
    feedback.dataset.kind = String(e.code) === "0" ? "ok" : "error";
    setText(feedback, `Set agent ${e.agentNo} offline: ${String(e.code) === "0" ? "done" : e.message}`);
  });

  function agentsOf(filter) {
    const agents = new Map();
    for (const [queueNo, q] of Object.entries(queues)) {
      if (filter && filter !== queueNo) continue;
      const queueName = q.queueParams?.name ?? queueNo;
      for (const a of q.agentStatuses ?? []) {
        const known = agents.get(a.agentNo);
        if (known) known.queues.push(queueName);
        else agents.set(a.agentNo, { ...a, queues: [queueName] });
      }
    }
    return agents;
  }

  function canRun(action, a) {
    if (ctx.unlocked()) return true;
    const state = a.state;
    const device = num(a.deviceStatus, -1);
    const onCall = (device >= 2 && device <= 4) || ["calling", "ringing", "talking"].includes(state);
    const loggedIn = state !== "offline";
    const talking = state === "talking" || device === 4;
    const mine = monitor && monitor.target === a.agentNo;
    const own = model.status;
    const selfBusy = own && ["talking", "ringing", "calling"].includes(own.state) && own.stateAction !== "monitoring";
    if (MONITORS[action]) {
      if (mine && monitor.mode === action) return true; // the button stops it
      return talking && !selfBusy && (!monitor || (mine && monitor.linked));
    }
    switch (action) {
      case "disconnect": return onCall;
      case "setPause": return loggedIn && !onCall && state !== "busy";
      case "setUnpause": return state === "busy";
      case "setOffline": return loggedIn && !onCall;
      default: return false;
    }
  }

  function act(action, agentNo) {
    if (MONITORS[action]) {
      if (monitor && monitor.target === agentNo && monitor.mode === action) {
        return runCommand(`Stop ${action} of ${agentNo}`, () => sdk[MONITORS[action].stop](), feedback);
      }
      return runCommand(`${MONITORS[action].label} ${agentNo}`, () => sdk[action]({ agentNo }), feedback);
    }
    const labels = { disconnect: "Disconnect", setPause: "Pause", setUnpause: "Unpause", setOffline: "Set offline" };
    const params = action === "setPause" ? { agentNo, pauseDescription: "Paused by supervisor" } : { agentNo };
    return runCommand(`${labels[action]} ${agentNo}`, () => sdk[action](params), feedback);
  }

  function makeRow(agentNo) {
    const button = (action, text, cls = "") => el("button", {
      type: "button", class: `small ${cls}`.trim(), text, dataset: { action }, onclick: () => act(action, agentNo),
    });
    const r = {
      tr: el("tr", { dataset: { agent: agentNo } }),
      agent: el("td", { class: "agent-cell" }),
      queues: el("td", { class: "muted small" }),
      state: el("span", { class: "state small" }),
      action: el("span", { class: "muted small" }),
      since: el("td", { class: "mono" }),
      buttons: {
        spy: button("spy", "Spy"),
        whisper: button("whisper", "Whisper"),
        threeway: button("threeway", "3-way"),
        barge: button("barge", "Barge"),
        disconnect: button("disconnect", "Disconnect", "danger"),
        setPause: button("setPause", "Pause", "warn"),
        setUnpause: button("setUnpause", "Unpause", "go"),
        setOffline: button("setOffline", "Offline", "ghost"),
      },
    };
    r.tr.append(r.agent, r.queues, el("td", {}, r.state, " ", r.action), r.since,
      el("td", { class: "actions" }, r.buttons.spy, r.buttons.whisper, r.buttons.threeway, r.buttons.barge,
        el("span", { class: "sep" }), r.buttons.disconnect, r.buttons.setPause, r.buttons.setUnpause, r.buttons.setOffline));
    return r;
  }

  function render() {
    const visible = isSupervisor();
    show(card, visible);
    document.body.dataset.role = visible ? "supervisor" : "agent";
    if (!visible) return;
    setText($("btn-subscribe"), subscribed ? "Unsubscribe" : "Subscribe");

    // Queue filter options follow the subscribed queues.
    const select = $("queue-filter");
    const known = new Set([...select.options].map((o) => o.value));
    for (const [queueNo, q] of Object.entries(queues)) {
      if (!known.has(queueNo)) select.append(el("option", { value: queueNo, text: q.queueParams?.name ?? queueNo }));
    }
    const filter = select.value;

    // Queue summaries.
    const queueRows = [];
    for (const [queueNo, q] of Object.entries(queues)) {
      if (filter && filter !== queueNo) continue;
      const p = q.queueParams ?? {};
      const entries = q.queueEntries ?? [];
      const waitingCallers = entries.slice(0, 4).map((c) =>
        el("span", { class: "caller mono", dataset: { joined: String(c.joinTime ?? "") }, text: c.customerNumber ?? "?" }));
      if (entries.length > 4) waitingCallers.push(el("span", { class: "muted small", text: `+${entries.length - 4}` }));
      queueRows.push(el("tr", { dataset: { queue: queueNo } },
        el("td", {}, el("b", { text: p.name ?? queueNo }), " ", el("span", { class: "muted small mono", text: queueNo })),
        el("td", { class: "num", dataset: { field: "waiting" }, text: String(num(p.waiting, entries.length)) }),
        el("td", { class: "num mono", dataset: { field: "longest", base: String(num(p.longestWaitSeconds)), joins: entries.map((c) => c.joinTime).filter(Boolean).join(",") } }),
        el("td", {}, `${num(p.agentsLoggedIn)} logged in · `, el("b", { text: `${num(p.agentsIdle)} idle` })),
        el("td", { class: "callers" }, ...(waitingCallers.length ? waitingCallers : [el("span", { class: "muted small", text: "none" })]))));
    }
    $("queue-rows").replaceChildren(...queueRows);

    // Agents, keyed so buttons survive updates.
    const agents = agentsOf(filter);
    const hideOffline = $("hide-offline").checked;
    const list = [...agents.values()]
      .filter((a) => !(hideOffline && a.state === "offline"))
      .sort((a, b) => (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9) || String(a.agentNo).localeCompare(String(b.agentNo)));
    const body = $("agent-rows");
    const wanted = new Set(list.map((a) => a.agentNo));
    for (const [agentNo, r] of rows) {
      if (!wanted.has(agentNo)) {
        r.tr.remove();
        rows.delete(agentNo);
      }
    }
    list.forEach((a, i) => {
      let r = rows.get(a.agentNo);
      if (!r) {
        r = makeRow(a.agentNo);
        rows.set(a.agentNo, r);
      }
      if (body.children[i] !== r.tr) body.insertBefore(r.tr, body.children[i] ?? null);
      r.agent.replaceChildren(el("b", { text: a.agentNo }), " ", el("span", { class: "muted small", text: a.name ?? "" }));
      setText(r.queues, a.queues.join(", "));
      setText(r.state, a.state);
      r.state.dataset.state = a.state;
      setText(r.action, a.stateAction ?? "");
      r.tr.dataset.state = a.state;
      r.tr.dataset.since = String(a.since ?? "");
      for (const [action, b] of Object.entries(r.buttons)) {
        const active = monitor && monitor.target === a.agentNo && monitor.mode === action;
        setText(b, active ? `Stop ${MONITORS[action].label.toLowerCase()}` : (MONITORS[action]?.label ?? b.textContent));
        b.setAttribute("aria-pressed", String(Boolean(active)));
        enable(b, isSupervisor() && canRun(action, a));
      }
    });
    show($("queue-empty"), !subscribed || list.length === 0);
    setText($("queue-empty"), !subscribed ? "Not subscribed to queue status." : "No agents to show.");

    // The running monitor.
    show($("monitor-bar"), Boolean(monitor));
    if (monitor) {
      setText($("monitor-text"), `${MONITOR_VERB[monitor.mode]} agent ${monitor.target}${monitor.linked ? "" : " (connecting…)"}`);
      $("monitor-bar").dataset.mode = monitor.mode;
    }
    tick(Date.now());
  }

  function tick(now) {
    if (!isSupervisor()) return;
    for (const r of rows.values()) {
      const since = Number(r.tr.dataset.since);
      setText(r.since, since > 0 ? formatDuration(now - since) : "");
    }
    for (const td of $("queue-rows").querySelectorAll("td[data-field=longest]")) {
      const joins = td.dataset.joins ? td.dataset.joins.split(",").map(Number) : [];
      const seconds = joins.length ? (now - Math.min(...joins)) / 1000 : num(td.dataset.base) + (now - receivedAt) / 1000 * (num(td.dataset.base) > 0 ? 1 : 0);
      setText(td, joins.length || num(td.dataset.base) > 0 ? formatDuration(seconds * 1000) : "—");
    }
    for (const span of $("queue-rows").querySelectorAll(".caller")) {
      const joined = Number(span.dataset.joined);
      if (joined > 0) span.title = `waiting ${formatDuration(now - joined)}`;
    }
  }

  bus.addEventListener("session", () => {
    if (!session.loggedIn) {
      subscribed = false;
      monitor = null;
      queues = {};
    } else if (isSupervisor() && !subscribed) {
      subscribe();
    }
    setText(feedback, "");
    render();
  });
  bus.addEventListener("call", render);
  bus.addEventListener("unlock", render);
  sdk.on("sessionTerminate", () => { monitor = null; });
  onTick(tick);
  render();
}
