// Shared tabs (issue 15.3): `setup({ tabs: "share" })`. The tabs of one origin that share a
// baseURL elect one leader with the Web Locks API: a lock named after the baseURL, requested at
// setup and held for the client's life (a closed tab's document releases it). The leader's
// client runs as usual (the connection, the softphone) and posts every event it delivers on a
// BroadcastChannel of the same name; the other tabs' clients deliver those to their own
// listeners, answer `status` and `can()` from the leader's state, and post their commands for
// the leader to run, whose answer settles their Promises. When the leader goes, the next tab in
// the lock's queue takes the lock and resumes the session from the last event it delivered
// (core session/tabs.rs), with the key the leader last published. docs/tabs.md has the whole.
//
// Messages (`k` says which): "e" an event {t type, p payload, i its eventId or 0, x state};
// "l" the leader is {f its id, x state}; "h" a tab joined (the leader answers "l"); "c" a
// command {f from, n ticket, a action, p argument}; "r" its answer {t to, n, r, j rejected}.
// The state x is [status, can() bits, handover (src/api/tabs.rs) or undefined]. Anything else,
// or a message of the wrong shape, is ignored: the channel is the origin's, and another version
// of the SDK in another tab may speak differently.

import { TRACK } from "./catalog.js";

export class Tabs {
  constructor(core, name) {
    this.core = core;
    this.name = name;
    this.id = Math.random().toString(36).slice(2);
    /** true once this tab holds the lock; the leader's id once one said so. */
    this.lead = false;
    this.leader = undefined;
    /** Commands waiting for a leader: [ticket, action, argument]. */
    this.queue = [];
    /** Commands posted to the leader: ticket → action. */
    this.sent = new Map();
    /** The leader's state, and the session id and event id this tab delivered last. */
    this.x = undefined;
    this.sid = undefined;
    this.last = 0;
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (e) => {
      try {
        this.message(e.data);
      } catch {
        // A foreign or broken message: nothing of it reached the page.
      }
    };
    navigator.locks
      .request(name, () => (this.closed ? undefined : new Promise((release) => {
        this.release = release;
        try {
          this.take();
        } catch {
          // Whatever failed, this tab keeps the lock: it is the leader now.
        }
      })))
      .catch(() => {});
    this.post({ k: "h" });
  }

  post(m) {
    try {
      this.channel.postMessage(m);
    } catch {
      // A payload that cannot be cloned (a page's listener added a function to it).
    }
  }

  /** The leader's state, for the other tabs. */
  state() {
    const c = this.core;
    return c.shell === null ? undefined : [c.shell.status(), c.shell.allowed(), c.shell.handover()];
  }

  /** The leader delivered an event: the other tabs deliver it too. */
  event(t, p, i) {
    if (t !== "setupResp") this.post({ k: "e", t, p, i: i ?? 0, x: this.state() });
  }

  /** This tab holds the lock now: it leads, resuming the session the last leader published. */
  take() {
    this.lead = true;
    const c = this.core;
    const h = this.x?.[2];
    try {
      c.shell.adopt(h[0], h[1], h[2], h[3], h[4], h[5], this.sid === h[5] ? this.last : h[6], h[7], h[8]);
      TRACK[0](c.shell, performance.now(), 0, 0, { tenantId: h[0], agentNo: h[1], status: this.x[0] });
    } catch {
      // No session to resume (none was published, or not in a shape this version reads).
    }
    this.lost();
    this.post({ k: "l", f: this.id, x: this.state() });
    for (const [n, a, p] of this.queue.splice(0)) c.run(n, a, p);
  }

  /** The leader changed: what was posted to the old one may or may not have run. */
  lost() {
    const c = this.core;
    const message = "the tab that held the connection closed before the reply came; outcome unknown";
    for (const [n, a] of this.sent) {
      const r = { eventType: `${a}Resp`, action: a, code: -1, message, errorCode: "DISCONNECTED" };
      const pending = c.promises.get(n);
      c.promises.delete(n);
      if (a.endsWith("Device")) pending?.[1]({ code: "DISCONNECTED", message });
      else {
        c.emit(r.eventType, r);
        pending?.[0](r);
      }
    }
    this.sent.clear();
  }

  /** A follower's command: to the leader, or kept until there is one. */
  forward(n, a, p) {
    if (this.leader === undefined) return this.queue.push([n, a, p]);
    this.sent.set(n, a);
    this.post({ k: "c", f: this.id, n, a, p });
  }

  /** The agent ([tenantId, agentNo]) of the shared session, if any. */
  agent() {
    const h = this.lead ? this.core.shell?.handover() : this.x?.[2];
    return h && [h[0], h[1]];
  }

  message(m) {
    const c = this.core;
    if (c.destroyed || m === null || typeof m !== "object") return;
    if (this.lead) {
      if (m.k === "h") this.post({ k: "l", f: this.id, x: this.state() });
      if (m.k !== "c" || typeof m.a !== "string" || !Number.isInteger(m.n)) return;
      const answer = (r, j) => this.post({ k: "r", t: m.f, n: m.n, r, j });
      const run = m.a.endsWith("Device") ? c.device(m.a, m.p) : c.command(m.a, m.p);
      return run.then((r) => answer(r, 0), (r) => answer(r, 1));
    }
    const x = m.x;
    if (x !== undefined && !(Array.isArray(x) && Number.isFinite(x[1]))) return;
    if (m.k === "l" && typeof m.f === "string") {
      const first = this.leader === undefined;
      if (!first && m.f !== this.leader) this.lost();
      this.leader = m.f;
      this.x = x;
      // A tab that joins a running session hears the agent's status, as after its own login.
      if (first && x?.[2] !== undefined) c.emit("agentStatus", { eventType: "agentStatus", tenantId: x[2][0], agentNo: x[2][1], status: x[0] });
      for (const [n, a, p] of this.queue.splice(0)) this.forward(n, a, p);
    } else if (m.k === "e" && typeof m.t === "string" && m.p !== null && typeof m.p === "object" && Number.isInteger(m.i)) {
      if (x !== undefined) this.x = x;
      if (m.i > 0) {
        const sid = x?.[2]?.[5];
        if (sid === this.sid && m.i <= this.last) return;
        this.sid = sid;
        this.last = m.i;
      }
      c.emit(m.t, m.p);
    } else if (m.k === "r" && m.t === this.id && this.sent.has(m.n)) {
      this.sent.delete(m.n);
      const pending = c.promises.get(m.n);
      c.promises.delete(m.n);
      pending?.[m.j ? 1 : 0](m.r);
    }
  }

  /** This client is destroyed: the lock (if held) goes to the next tab, the channel closes. */
  close() {
    this.closed = true;
    this.release?.();
    this.channel.close();
  }
}
