// The gateway link in the header: signal bars from `ping.networkState` (0–4), the latency, and
// whether the connection is up, reconnecting or gone.
import { $, setText } from "./dom.js";

const QUALITY = ["no answer", "poor", "fair", "good", "excellent"];

export function mountNetwork({ sdk, bus, session }) {
  const bars = $("signal-bars");
  const latency = $("latency");
  const pill = $("connection");

  function connection(state, text = state) {
    pill.dataset.state = state;
    setText(pill, text);
  }

  sdk.on("ping", (e) => {
    const level = Math.max(0, Math.min(4, Number(e.networkState) || 0));
    bars.dataset.level = String(level);
    setText(latency, level === 0 ? "no answer" : `${Math.round(e.latencyTime)} ms`);
    $("network").title = `Gateway link: ${QUALITY[level]} (${level}/4), ${Math.round(e.latencyTime)} ms round trip`;
  });
  sdk.on("sessionInit", () => connection("online"));
  sdk.on("reconnectAttempt", (e) => {
    if (e.code === 0) connection("online");
    else {
      connection("reconnecting");
      bars.dataset.level = "0";
      setText(latency, "no link");
    }
  });
  sdk.on("sessionTerminate", () => {
    connection("offline");
    bars.dataset.level = "0";
    setText(latency, "— ms");
  });
  bus.addEventListener("session", () => {
    if (session.loggedIn && pill.dataset.state === "offline") connection("online");
    if (!session.loggedIn) connection("offline");
  });
}
