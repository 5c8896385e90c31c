// The floor of import → init() on this machine (bench/browser/init.html?pkg=floor): one tiny
// module imported and one tiny wasm (the dispatch micro-benchmark's, 200 bytes) fetched,
// compiled and instantiated, in a fresh page, as the SDK's init does with its own.
export const AgentSDK = { setup() {} };

export default async function init() {
  const { instance } = await WebAssembly.instantiateStreaming(fetch("/dispatch/dispatch.wasm"), { js: { call1: (f, a) => f(a) } });
  return instance.exports;
}
