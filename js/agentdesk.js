// The package's entry module (pkg/agentdesk.js): the seed's usage works as written,
//
//   import init, { AgentSDK } from "agentdesk";
//   await init();
//   AgentSDK.setup({ baseURL: "ws://127.0.0.1:8080" });
//
// wasm-bindgen's glue (agentdesk_glue.js) instantiates the wasm; the module's start binds the JS
// face (js/face.js) to it. Before `await init()` the classes already exist and refuse with
// `{ code: "NOT_INITIALIZED", message }` rather than a TypeError. No eval, no `new Function`:
// the package runs under `script-src 'self' 'wasm-unsafe-eval'`.
//
// scripts/package-entry.sh writes this file into pkg/, with the path of the face's snippet.
import initGlue, { initSync as initSyncGlue } from "./agentdesk_glue.js";

export { AgentSDK, AgentClient } from "./@FACE@";

/** Instantiates the wasm (fetched next to this module unless told otherwise). */
export default function init(options) {
  return initGlue(options);
}

/** Instantiates the wasm from bytes or a compiled module, synchronously. */
export function initSync(options) {
  return initSyncGlue(options);
}
