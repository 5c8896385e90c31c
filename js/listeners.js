// The listeners of one client and the order events reach them, with the semantics of the DOM's
// EventTarget that a JS developer expects (README "Using the SDK"):
//
// - adding the same function again for the same event is a no-op (one `off` removes it);
// - a listener removed during a dispatch is not called later in that dispatch;
// - a listener added during a dispatch is first called for the next event;
// - a `once` listener is removed before it is called, so a re-entrant dispatch cannot call it twice;
// - events are delivered through one FIFO queue: an event emitted while listeners run (a
//   listener called the SDK) waits until the current event's listeners have all run, so every
//   listener sees events in the order they happened;
// - whatever a listener throws (an Error whose `message` getter throws, a Proxy, a revoked
//   Proxy, a Symbol, …) is caught and reported as `sdkError` LISTENER_ERROR; the other listeners
//   and every later event are still delivered (issue 10, defect 3).
//
// The lists are copied on write, so a dispatch walks the list as it was when it started without
// copying it: the hot path (one event, its listeners, nothing re-entrant) allocates nothing.

import { describeThrown } from "./check.js";

const NONE = Object.freeze([]);

export class Dispatcher {
  constructor() {
    /** eventType → frozen array of { fn, once, live } */
    this.lists = new Map();
    this.queue = [];
    this.head = 0;
    this.dispatching = false;
  }

  /** Registers `fn` for `type`; false if it is already registered there. */
  add(type, fn, once) {
    const list = this.lists.get(type) ?? NONE;
    for (const entry of list) if (entry.fn === fn) return false;
    this.lists.set(type, [...list, { fn, once, live: true }]);
    return true;
  }

  /** Unregisters `fn` from `type`; false if it was not registered. */
  remove(type, fn) {
    const list = this.lists.get(type);
    if (list === undefined) return false;
    const i = list.findIndex((entry) => entry.fn === fn);
    if (i < 0) return false;
    list[i].live = false;
    if (list.length === 1) this.lists.delete(type);
    else this.lists.set(type, list.filter((_, j) => j !== i));
    return true;
  }

  /** Removes every listener of `type`, or of every type. */
  clear(type) {
    const types = type === undefined ? [...this.lists.keys()] : [type];
    for (const t of types) {
      for (const entry of this.lists.get(t) ?? NONE) entry.live = false;
      this.lists.delete(t);
    }
  }

  /** Delivers `payload` to the listeners of `type`, after whatever is already queued. */
  emit(type, payload) {
    if (this.dispatching) {
      this.queue.push(type, payload);
      return;
    }
    const list = this.lists.get(type);
    if (list === undefined) {
      if (type === "sdkError") warn(payload);
      return;
    }
    this.dispatching = true;
    try {
      this.call(type, list, payload);
      if (this.head < this.queue.length) this.drain();
    } finally {
      this.dispatching = false;
    }
  }

  /** Delivers what listeners caused while they ran, in order. */
  drain() {
    try {
      while (this.head < this.queue.length) {
        const t = this.queue[this.head];
        const p = this.queue[this.head + 1];
        this.queue[this.head] = this.queue[this.head + 1] = undefined;
        this.head += 2;
        this.deliver(t, p);
      }
    } finally {
      this.queue.length = 0;
      this.head = 0;
    }
  }

  deliver(type, payload) {
    const list = this.lists.get(type);
    if (list === undefined) {
      if (type === "sdkError") warn(payload);
      return;
    }
    this.call(type, list, payload);
  }

  /** Calls the listeners of `list` (as it was when the dispatch started) with `payload`. */
  call(type, list, payload) {
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      if (!entry.live) continue;
      if (entry.once) this.remove(type, entry.fn);
      const fn = entry.fn;
      try {
        fn(payload);
      } catch (thrown) {
        this.report(type, thrown);
      }
    }
  }

  /** A listener threw: the console, and `sdkError` (unless an `sdkError` listener threw). */
  report(type, thrown) {
    const text = describeThrown(thrown);
    try {
      console.error(`agentdesk: a listener for \`${type}\` threw: ${text}`);
    } catch {
      // A console that throws is no reason to stop delivering.
    }
    if (type !== "sdkError") {
      this.queue.push("sdkError", {
        eventType: "sdkError",
        code: "LISTENER_ERROR",
        message: `a listener for \`${type}\` threw: ${text}`,
      });
    }
  }
}

/** Nobody listens for `sdkError`: the console is the last place it can be seen. */
function warn(e) {
  try {
    console.warn("agentdesk:", `${e.code}: ${e.message}`);
  } catch {
    // See `report`.
  }
}
