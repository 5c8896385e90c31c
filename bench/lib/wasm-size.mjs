// A small twiggy-like size analysis of a .wasm file, in plain node (no wabt or twiggy needed):
// section sizes, and, when the module has a `name` section (the profiling build keeps one),
// code bytes per function and per crate.
//
//   node bench/lib/wasm-size.mjs FILE.wasm [NAMED.wasm]   → JSON on stdout

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SECTION = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start",
  "element", "code", "data", "datacount", "tag"];

class Reader {
  constructor(buf, pos = 0) {
    this.buf = buf;
    this.pos = pos;
  }
  u8() {
    return this.buf[this.pos++];
  }
  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.buf[this.pos++];
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return result >>> 0;
      shift += 7;
    }
  }
  name() {
    const len = this.u32();
    const s = this.buf.subarray(this.pos, this.pos + len).toString("utf8");
    this.pos += len;
    return s;
  }
}

/** Sections (id, name, size), function bodies (index, size) and function names. */
export function analyse(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error("not a wasm module");
  const r = new Reader(buf, 8);
  const sections = [];
  let importedFuncs = 0;
  const bodies = [];
  const names = new Map();
  let dataBytes = 0;
  while (r.pos < buf.length) {
    const id = r.u8();
    const size = r.u32();
    const start = r.pos;
    let label = SECTION[id] ?? `unknown(${id})`;
    if (id === 0) {
      const s = new Reader(buf, start);
      const cname = s.name();
      label = `custom "${cname}"`;
      if (cname === "name") readNames(s, start + size, names);
    } else if (id === 2) {
      const s = new Reader(buf, start);
      for (let i = 0, n = s.u32(); i < n; i++) {
        s.name();
        s.name();
        const kind = s.u8();
        if (kind === 0) { s.u32(); importedFuncs += 1; }
        else if (kind === 1) { s.u8(); limits(s); }
        else if (kind === 2) limits(s);
        else if (kind === 3) { s.u8(); s.u8(); }
        else if (kind === 4) { s.u8(); s.u32(); }
      }
    } else if (id === 10) {
      const s = new Reader(buf, start);
      for (let i = 0, n = s.u32(); i < n; i++) {
        const len = s.u32();
        bodies.push({ index: importedFuncs + i, size: len + lebLen(len) });
        s.pos += len;
      }
    } else if (id === 11) {
      dataBytes = size;
    }
    sections.push({ id, section: label, size: size + 1 + lebLen(size) });
    r.pos = start + size;
  }
  return { total: buf.length, sections, importedFuncs, bodies, names, dataBytes };
}

function limits(s) {
  const flags = s.u8();
  s.u32();
  if (flags & 1) s.u32();
}

function lebLen(n) {
  let len = 1;
  while (n >= 0x80) { n >>>= 7; len += 1; }
  return len;
}

function readNames(s, end, names) {
  while (s.pos < end) {
    const sub = s.u8();
    const size = s.u32();
    const next = s.pos + size;
    if (sub === 1) {
      for (let i = 0, n = s.u32(); i < n; i++) {
        const idx = s.u32();
        names.set(idx, s.name());
      }
    }
    s.pos = next;
  }
}

/** A function name without rustc's crate disambiguators (`core[c593…]`) and symbol hashes. */
export function cleanName(name) {
  return name.replace(/\[[0-9a-f]{16}\]/g, "").replace(/::h[0-9a-f]{16}$/, "");
}

/** The crate (or bucket) a function name belongs to. */
export function crateOf(name) {
  if (!name) return "(unnamed)";
  if (/^__wbg|^__wbindgen|^__externref|wasm_bindgen|^__wbg_/.test(name)) return "wasm_bindgen (glue)";
  if (/ shim|^agentclient_|^agentsdk_/.test(name)) return "wasm_bindgen (export shims)";
  let n = cleanName(name).replace(/^[<&*\s]+/, "").replace(/^(dyn |impl |mut |const )/, "");
  n = n.replace(/^[<&*\s]+/, "");
  // `<f64 as core::fmt::Display>::fmt`: a primitive's impl belongs to the trait's crate.
  const prim = /^(?:bool|char|str|[iuf](?:8|16|32|64|128|size)|\[[^\]]*\]|\([^)]*\)) as ([A-Za-z_][A-Za-z0-9_]*::.*)$/.exec(n);
  if (prim) n = prim[1];
  if (/^(memcpy|memmove|memset|memcmp|__rust|rust_|dlmalloc|__rdl|__rg)/.test(n)) return "allocator + mem builtins";
  if (/^core::fmt|^alloc::fmt/.test(n)) return "core::fmt (formatting)";
  const m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(n);
  if (m) {
    if (m[1] === "agentdesk") {
      const sub = /^agentdesk::(core::[a-z_]+|[a-z_]+)/.exec(n);
      return sub ? `agentdesk::${sub[1]}` : "agentdesk";
    }
    return m[1];
  }
  return "(other)";
}

/** Size report: sections; per-crate and top functions when `named` (a module with names) is given. */
export function report(file, namedFile) {
  const main = analyse(readFileSync(file));
  const out = {
    file,
    total: main.total,
    functions: main.bodies.length,
    codeBytes: main.sections.find((s) => s.id === 10)?.size ?? 0,
    dataBytes: main.sections.find((s) => s.id === 11)?.size ?? 0,
    sections: main.sections.map(({ section, size }) => ({ section, size })),
  };
  const named = namedFile ? analyse(readFileSync(namedFile)) : main.names.size ? main : null;
  if (named && named.names.size) {
    const crates = new Map();
    const fns = [];
    for (const b of named.bodies) {
      const name = named.names.get(b.index) ?? `func${b.index}`;
      const crate = crateOf(name);
      const c = crates.get(crate) ?? { crate, bytes: 0, functions: 0 };
      c.bytes += b.size;
      c.functions += 1;
      crates.set(crate, c);
      fns.push({ name: cleanName(name), crate, bytes: b.size });
    }
    const namedCode = named.sections.find((s) => s.id === 10)?.size ?? 0;
    const bytesMatching = (re) => fns.filter((f) => re.test(f.name)).reduce((s, f) => s + f.bytes, 0);
    out.attribution = {
      from: namedFile ?? file,
      codeBytes: namedCode,
      functions: named.bodies.length,
      byCrate: [...crates.values()].sort((a, b) => b.bytes - a.bytes),
      // serde's buffering of internally tagged enums (`#[serde(tag = …)]`) into `Content`.
      serdeContentBytes: bytesMatching(/serde::private::de::content|ContentDeserializer|ContentRefDeserializer|ContentVisitor/),
      fmtFloatBytes: bytesMatching(/<f(32|64) as core::fmt::(Display|Debug)>|flt2dec|core::num::bignum/),
      topFunctions: fns.sort((a, b) => b.bytes - a.bytes).slice(0, 25),
    };
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, named] = process.argv.slice(2);
  if (!file) {
    console.error("usage: node bench/lib/wasm-size.mjs FILE.wasm [NAMED.wasm]");
    process.exit(2);
  }
  console.log(JSON.stringify(report(file, named), null, 1));
}
