// Makes the package's one JavaScript module, DIR/agentdesk.js, out of wasm-bindgen's output in
// DIR: the JS layer (js/*.js, which wasm-bindgen copied into DIR/snippets/) and wasm-bindgen's
// glue (DIR/agentdesk.js as wasm-pack wrote it), joined in one scope, with the exports of
// js/agentdesk.js. A page importing the package then fetches one module, then the wasm: the
// chain of modules it replaces (entry → glue → face → catalog, check, listeners, receive) was
// most of import → init() in a fresh page (docs/BENCHMARKS.md).
//
// No bundler: the layer's modules are written to be joined. Each imports only its siblings, by
// name and without renaming (`import { a, b } from "./x.js"`), and no two of them, nor the glue,
// declare the same top-level name; this script checks all three and fails otherwise. The glue
// reads the layer through its imports object: it gets one object of the layer's exports.
// Whole-line comments and indentation are left out (the sources keep them): a quarter of the gzip size.
//
//   node scripts/package.mjs DIR          (run by scripts/package-entry.sh)

import { readFileSync, writeFileSync, readdirSync, rmSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = process.argv[2] ?? "pkg";
const fail = (m) => {
  console.error(`package: ${m}`);
  process.exit(1);
};

// ---- the layer's modules, dependencies first ---------------------------------------------------

const snippets = join(dir, "snippets");
const crates = existsSync(snippets) ? readdirSync(snippets) : [];
if (crates.length !== 1) fail(`expected one snippets/<crate> directory in ${dir}, found ${crates.length}`);
const jsDir = join(snippets, crates[0], "js");
const names = readdirSync(jsDir).filter((f) => f.endsWith(".js"));

const IMPORT = /^import\s*\{([^}]*)\}\s*from\s*"\.\/([\w-]+\.js)";[ \t]*\n/gm;
const modules = new Map();
for (const name of names) {
  const text = readFileSync(join(jsDir, name), "utf8");
  const deps = [];
  for (const m of text.matchAll(IMPORT)) {
    if (/\bas\b/.test(m[1])) fail(`${name}: an import renames (${m[0].trim()}); the layer is joined by name`);
    if (!names.includes(m[2])) fail(`${name} imports ${m[2]}, which is not part of the layer`);
    deps.push(m[2]);
  }
  const body = text.replace(IMPORT, "");
  if (/^\s*(import|export\s*\{|export\s+default)\b/m.test(body)) fail(`${name}: an import or export this script cannot join`);
  modules.set(name, { deps, body });
}
const order = [];
const visit = (name, path = []) => {
  if (order.includes(name)) return;
  if (path.includes(name)) fail(`an import cycle: ${[...path, name].join(" → ")}`);
  for (const d of modules.get(name).deps) visit(d, [...path, name]);
  order.push(name);
};
for (const name of [...modules.keys()].sort()) visit(name);

// ---- one scope -----------------------------------------------------------------------------------

const DECL = /^(export\s+)?(?:const|let|var|class|(?:async\s+)?function\*?)\s+([A-Za-z_$][\w$]*)/gm;
const seen = new Map();
const exported = [];
const declare = (where, text) => {
  for (const m of text.matchAll(DECL)) {
    if (seen.has(m[2])) fail(`\`${m[2]}\` is declared at the top level of both ${seen.get(m[2])} and ${where}`);
    seen.set(m[2], where);
    if (m[1] && where !== "the glue") exported.push(m[2]);
  }
};
for (const name of order) declare(name, modules.get(name).body);

// ---- the glue ----------------------------------------------------------------------------------

const gluePath = join(dir, "agentdesk.js");
let glue = readFileSync(gluePath, "utf8");
const SNIPPET = String.raw`(?<q>['"])\./snippets/[^'"]+\.js\k<q>`;
glue = glue.replace(new RegExp(String.raw`^import\s*\{([^}]*)\}\s*from\s*${SNIPPET};?[ \t]*\n`, "gm"), (whole, names) => {
  if (/\bas\b/.test(names)) fail(`the glue renames an import of the layer: ${whole.trim()}`);
  return "";
});
glue = glue.replace(new RegExp(String.raw`^import\s*\*\s*as\s*(\w+)\s*from\s*${SNIPPET};?[ \t]*$`, "gm"), "const $1 = LAYER;");
if (/^\s*import\b/m.test(glue)) fail("the glue imports something besides the layer");
// The wasm's URL as a "./"-relative literal: the form Vite, webpack 5 and esbuild take for an asset
// to copy next to the bundle (scripts/pack.mjs says why one build serves them and plain pages).
const WASM_URL = /new URL\((['"])agentdesk_bg\.wasm\1, import\.meta\.url\)/;
if (!WASM_URL.test(glue)) fail("the glue does not find its wasm with new URL('agentdesk_bg.wasm', import.meta.url)");
glue = glue.replace(WASM_URL, 'new URL("./agentdesk_bg.wasm", import.meta.url)');
// Its classes and functions stay inside the package; its closing `export { initSync, … as default }` stays.
glue = glue.replace(/^export\s+(class|function|const|let)\b/gm, "$1");
declare("the glue", glue);

// ---- whole-line comments out -------------------------------------------------------------------

// Safe because no line is inside a multi-line string: checked, a template literal opens and closes
// on each line of code, so a line that starts with `//` or `/**` is a comment.
const strip = (name, body) => {
  let inComment = false;
  body.split("\n").forEach((line, i) => {
    const t = line.trim();
    if (inComment || t.startsWith("/*")) {
      inComment = !t.includes("*/");
      return;
    }
    if (t.startsWith("//")) return;
    if ((line.replace(/\\`/g, "").match(/`/g) ?? []).length % 2) fail(`${name}:${i + 1}: a template literal may span lines; comments cannot be stripped safely`);
    if (/\\$/.test(line)) fail(`${name}:${i + 1}: a string continues on the next line; indentation cannot be stripped safely`);
  });
  // Indentation and blank lines too (~0.8 KB of gzip): no string spans lines, so they are never data.
  return body.replace(/^[ \t]*\/\*\*[\s\S]*?\*\/[ \t]*\n/gm, "").replace(/^[ \t]*\/\/.*\n/gm, "").replace(/^[ \t]+/gm, "").replace(/\n{2,}/g, "\n");
};

// ---- the module ----------------------------------------------------------------------------------

const entry = readFileSync(join(root, "js/agentdesk.js"), "utf8");
const [head, exports] = entry.split(/^\/\/ ---- the package's exports.*\n/m);
if (exports === undefined) fail("js/agentdesk.js has no `// ---- the package's exports` line");
// `AgentSDK.version` before init() too: Cargo.toml's version, the one the wasm reports.
const version = /^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))?.[1];
if (version === undefined) fail("Cargo.toml [package] has no version");
const VERSION_LINE = 'let packageVersion = "0.0.0-source";';
const face = modules.get("face.js");
if (!face.body.includes(VERSION_LINE)) fail(`js/face.js has no line ${VERSION_LINE}`);
face.body = face.body.replace(VERSION_LINE, `let packageVersion = ${JSON.stringify(version)};`);
const layer = order.map((n) => `// ---- ${n}\n${strip(n, modules.get(n).body.replace(/^export\s+/gm, "").trim() + "\n")}`).join("\n");
const out = [
  head.trimEnd(),
  `\n// Joined by scripts/package.mjs: the JS layer (js/ in the repository: ${order.join(", ")}) and\n// wasm-bindgen's glue, whole-line comments left out. Generated: read and edit the sources.\n`,
  layer,
  `// The layer as the glue's imports object sees it.\nconst LAYER = { ${exported.join(", ")} };\n`,
  `// ---- wasm-bindgen's glue\n${strip("the glue", glue.trim() + "\n")}`,
  `// ---- the package's exports\n${exports.trim()}\n`,
].join("\n");
writeFileSync(gluePath, out);
rmSync(snippets, { recursive: true });
