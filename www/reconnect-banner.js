// The reconnect banner: attempt n of max with a live countdown to the next try, "reconnected"
// on success, the resume result (a `resync` means events may be missing), and the end when the
// SDK gives up. Also small transient notices for the rest of the page.
import { $, el, setText, show, onTick, formatDuration } from "./dom.js";

let toastBox = null;

/** A transient notice; `ms` 0 keeps it until clicked. */
export function notice(text, kind = "info", ms = 5000) {
  toastBox ??= $("toasts");
  const toast = el("div", { class: "toast", dataset: { kind }, role: kind === "error" ? "alert" : "status", text });
  toast.addEventListener("click", () => toast.remove());
  toastBox.append(toast);
  while (toastBox.children.length > 4) toastBox.firstElementChild.remove();
  if (ms > 0) setTimeout(() => toast.remove(), ms);
}

const GIVE_UP = new Set(["reconnectFailed", "connectionLost", "sessionLost"]);

export function mountReconnectBanner({ sdk }) {
  const banner = $("banner");
  const text = $("banner-text");
  const countdown = $("banner-countdown");
  const detail = $("banner-detail");
  let attempt = null; // {attempt, maxAttempts, at (ms when the attempt starts), since (ms of the first)}
  let hideTimer = null;

  function open(kind, message, sticky) {
    clearTimeout(hideTimer);
    banner.dataset.kind = kind;
    setText(text, message);
    show(banner, true);
    show($("banner-dismiss"), sticky);
  }
  function closeLater(ms) {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => show(banner, false), ms);
  }

  let resync = null; // a `resync` of the current outage (it may arrive before the code-0 attempt)
  let recoveredAfter = 0;

  function showResync() {
    const e = resync;
    const range = e.lostTo === null || e.lostTo === undefined ? `from #${e.lostFrom}` : `#${e.lostFrom}–#${e.lostTo}`;
    const why = e.reason === "sessionUnknown" ? "the gateway had lost the session; the SDK logged in again"
      : "the gateway no longer had every missed event";
    const back = recoveredAfter ? `Reconnected after ${recoveredAfter} attempt${recoveredAfter === 1 ? "" : "s"} — ` : "";
    open("info", `${back}resumed with a gap: events ${range} may be missing`, true);
    setText(countdown, "");
    setText(detail, `${why}. The console shows the current state.`);
    banner.dataset.phase = "resync";
  }

  sdk.on("reconnectAttempt", (e) => {
    if (e.code === 0) {
      attempt = null;
      recoveredAfter = e.attempt;
      if (resync) {
        showResync();
        return;
      }
      open("ok", `Reconnected after ${e.attempt} attempt${e.attempt === 1 ? "" : "s"}`, false);
      setText(countdown, "");
      setText(detail, `offline ${formatDuration(e.sinceFirstAttemptMs ?? 0)} · session resumed`);
      banner.dataset.phase = "recovered";
      closeLater(4000);
      return;
    }
    const now = Date.now();
    if (e.attempt === 1) {
      resync = null;
      recoveredAfter = 0;
    }
    attempt = {
      attempt: e.attempt,
      maxAttempts: e.maxAttempts,
      at: now + (e.delayMs ?? 0),
      since: now - (e.sinceFirstAttemptMs ?? 0),
    };
    open("warn", `Connection lost — reconnect attempt ${e.attempt}/${e.maxAttempts}`, false);
    banner.dataset.phase = "reconnecting";
    banner.dataset.attempt = String(e.attempt);
    tick(now);
  });

  sdk.on("resync", (e) => {
    attempt = null;
    resync = e;
    showResync();
  });

  function tick(now) {
    if (!attempt) return;
    const left = attempt.at - now;
    setText(countdown, left > 0 ? `in ${(left / 1000).toFixed(1)} s` : "connecting…");
    setText(detail, `offline for ${formatDuration(now - attempt.since)}`);
  }
  onTick(tick);

  sdk.on("sessionTerminate", (e) => {
    attempt = null;
    if (GIVE_UP.has(e.reason)) {
      open("error", "Disconnected from the gateway — log in again", true);
      setText(countdown, "");
      setText(detail, `reason: ${e.reason}`);
      banner.dataset.phase = "gave-up";
    } else if (banner.dataset.phase === "reconnecting") {
      show(banner, false);
    }
  });

  $("banner-dismiss").addEventListener("click", () => show(banner, false));
}
