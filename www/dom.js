// Small DOM helpers. Nothing here ever parses HTML: text goes in through textContent and
// elements are made with createElement, so event data can never become markup.

export const $ = (id) => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`no element #${id}`);
  return node;
};

/** `el("button", { class: "go", text: "Answer", onclick: fn }, child, …)`. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Sets text only when it changed (keeps selection and avoids layout work). */
export function setText(node, text) {
  const value = text === undefined || text === null ? "" : String(text);
  if (node.textContent !== value) node.textContent = value;
}

export function show(node, visible) {
  if (node.hidden === !visible) return;
  node.hidden = !visible;
}

export function enable(button, enabled) {
  if (button.disabled === !enabled) return;
  button.disabled = !enabled;
}

/** 75 000 → "1:15", 3 725 000 → "1:02:05". */
export function formatDuration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

export function clockTime(ms = Date.now()) {
  const d = new Date(ms);
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

// One timer for every live duration and countdown on the page.
const tickers = new Set();
export function onTick(fn) {
  tickers.add(fn);
  return () => tickers.delete(fn);
}
setInterval(() => {
  const now = Date.now();
  for (const fn of tickers) {
    try {
      fn(now);
    } catch (e) {
      console.error(e);
    }
  }
}, 250);

/**
 * Runs one SDK command from a button and shows its outcome in `feedback`: the SDK resolves a
 * refused command with `{code, errorCode, message}` and rejects only for SDK-level failures
 * (`{code, message}`); both are shown, nothing is thrown at the caller.
 */
export async function runCommand(label, call, feedback) {
  if (feedback) {
    feedback.dataset.kind = "pending";
    setText(feedback, `${label}…`);
  }
  let res;
  try {
    res = await call();
  } catch (e) {
    res = { code: e?.code ?? "ERROR", errorCode: e?.code ?? "ERROR", message: e?.message ?? String(e) };
  }
  if (feedback) {
    if (res && res.code === 0) {
      feedback.dataset.kind = "ok";
      const text = `${label}: ok`;
      setText(feedback, text);
      // A success is news for a moment; a refusal stays until the next command.
      setTimeout(() => { if (feedback.textContent === text) setText(feedback, ""); }, 5000);
    } else {
      feedback.dataset.kind = "error";
      setText(feedback, `${label} refused — ${res?.errorCode ?? res?.code}: ${res?.message ?? ""}`);
    }
  }
  return res;
}
