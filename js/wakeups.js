// What wakes the engine besides the socket (src/web/wakeups.rs): its one timer, the network going
// and coming back, and the page coming back from a stretch it could not run. Each reaches the
// shell as one number (WAKE_*), through one callback.
//
// The timer ticks in a dedicated Worker so that a hidden tab's heartbeat keeps time: Chrome's
// intensive throttling holds a hidden Window's chained timers to one wake-up a minute after five
// minutes (chromestatus 4718288976216064: "In a Window …"); a worker is no Window, and its
// messages reach the page as they are posted. The worker is made from a Blob URL, which a page's
// CSP must allow (`worker-src blob:`); where it cannot run (no Worker, a CSP refusal thrown or
// reported as `error`) the page's own setTimeout serves, and the engine's late-wake probe keeps a
// throttled tab from declaring a live link dead (docs/protocol.md §6 "Hidden tabs and sleep").

const WAKE_TIMER = 0;
const WAKE_ONLINE = 1;
const WAKE_OFFLINE = 2;
const WAKE_PAGE = 3;

// How far the wall clock may run ahead of the monotonic one between two looks before it counts
// as a sleep (ms): NTP slews a clock by well under a second; a suspended laptop, whose monotonic
// clock may stand still, jumps by its whole sleep.
const WAKE_JUMP_MS = 3000;

const TICKER_SOURCE =
  "let t;onmessage=(e)=>{clearTimeout(t);const[n,ms]=e.data;if(ms>=0)t=setTimeout(()=>postMessage(n),ms)}";

// One Blob URL for every client of the page (a hundred bytes, kept for the page's life: revoking
// it while a worker's script may still be fetched from it would race the fetch).
let tickerUrl;

const wallLead = () => Date.now() - performance.now();

export class Wakeups {
  constructor(fire) {
    this.fire = fire;
    this.n = 0;
    this.due = -1;
    this.lead = wallLead();
    try {
      tickerUrl ??= URL.createObjectURL(new Blob([TICKER_SOURCE], { type: "text/javascript" }));
      const worker = new Worker(tickerUrl);
      worker.onmessage = (e) => {
        if (e.data === this.n) this.ring();
      };
      worker.onerror = () => this.fallBack();
      this.worker = worker;
    } catch {
      this.worker = undefined;
    }
    // `navigator.connection` (a Wi-Fi to dock switch, a VPN) is Chrome's only.
    const shown = () => document.visibilityState === "visible" && this.wake();
    this.listening = [
      [globalThis, "online", () => this.fire?.(WAKE_ONLINE)],
      [globalThis, "offline", () => this.fire?.(WAKE_OFFLINE)],
      [globalThis.navigator?.connection, "change", () => this.fire?.(WAKE_ONLINE)],
      [globalThis.document, "visibilitychange", shown],
      [globalThis.document, "resume", () => this.wake()],
    ].filter(([target]) => target?.addEventListener);
    for (const [target, name, f] of this.listening) target.addEventListener(name, f);
  }

  // Fires WAKE_TIMER once, `ms` from now; replaces whatever was armed.
  arm(ms) {
    this.n += 1;
    this.due = performance.now() + ms;
    if (this.worker) this.worker.postMessage([this.n, ms]);
    else this.onPage(ms);
  }

  clear() {
    this.n += 1;
    this.due = -1;
    this.worker?.postMessage([this.n, -1]);
    clearTimeout(this.page);
  }

  // Ends for good: no listener left, no worker, nothing fires afterwards.
  free() {
    this.clear();
    this.worker?.terminate();
    this.worker = undefined;
    for (const [target, name, f] of this.listening) target.removeEventListener(name, f);
    this.listening = [];
    this.fire = undefined;
  }

  ring() {
    this.due = -1;
    if (this.jumped()) this.fire?.(WAKE_PAGE);
    this.fire?.(WAKE_TIMER);
  }

  wake() {
    this.jumped();
    this.fire?.(WAKE_PAGE);
  }

  // True when the wall clock ran ahead of the monotonic one since the last look: the machine slept.
  jumped() {
    const lead = wallLead();
    const jump = lead - this.lead > WAKE_JUMP_MS;
    this.lead = lead;
    return jump;
  }

  onPage(ms) {
    clearTimeout(this.page);
    const n = this.n;
    this.page = setTimeout(() => n === this.n && this.ring(), ms);
  }

  // The worker could not start (a CSP refusal may come as `error`): the armed deadline moves to
  // the page's own timer.
  fallBack() {
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = undefined;
    if (this.due >= 0) this.onPage(Math.max(0, this.due - performance.now()));
  }
}
