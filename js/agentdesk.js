// agentdesk: the package's one JavaScript module (pkg/agentdesk.js). The seed's usage works as
// written:
//
//   import init, { AgentSDK } from "agentdesk";
//   await init();
//   AgentSDK.setup({ baseURL: "ws://127.0.0.1:8080" });
//
// `init()` (wasm-bindgen's) instantiates the wasm, fetched next to this module unless told
// otherwise; the wasm's start binds the face (js/face.js) to it. Before `await init()` the
// classes already exist and refuse with `{ code: "NOT_INITIALIZED", message }` rather than a
// TypeError. No eval, no `new Function`: the package runs under
// `script-src 'self' 'wasm-unsafe-eval'`.
//
// scripts/package.mjs builds the module: this header, then the JS layer and wasm-bindgen's glue
// joined in one scope, then the exports below (`default` and `initSync` are the glue's own).

// ---- the package's exports
export { AgentSDK, AgentClient };
