// Heap snapshots of the soak's page, summed by constructor and diffed (docs/RELIABILITY.md §3,
// "Page heap"). A V8 snapshot (HeapProfiler.takeHeapSnapshot) lists every object with its type,
// name and self size; objects are grouped by constructor name, strings, arrays and V8's hidden
// objects by their kind, so the groups that grow between snapshots say what holds the growth.
//
//   node scripts/soak/heapdiff.mjs A.heapsnapshot B.heapsnapshot …   (a table of the diff)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** { total, groups: { name: { count, size } } } of a parsed snapshot. */
export function summarize(snapshot) {
  const meta = snapshot.snapshot.meta;
  const fields = meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const types = meta.node_types[typeAt];
  const { nodes, strings } = snapshot;
  const groups = {};
  let total = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    const name = strings[nodes[i + nameAt]] ?? "";
    const size = nodes[i + sizeAt];
    total += size;
    const key = group(type, name);
    const g = (groups[key] ??= { count: 0, size: 0 });
    g.count += 1;
    g.size += size;
  }
  return { total, groups };
}

function group(type, name) {
  switch (type) {
    case "object":
    case "native":
      return name.length > 48 ? `${name.slice(0, 45)}…` : name;
    case "string":
    case "concatenated string":
    case "sliced string":
      // The soak's stream events name their stream: counted apart, they show who keeps them.
      return name.startsWith("stream-") ? "(string) stream-…" : "(string)";
    case "closure":
      return "(closure)";
    case "code":
      return "(code)";
    case "array":
    case "hidden":
    case "object shape":
      return `(${type}) ${name.length > 32 ? `${name.slice(0, 29)}…` : name}`;
    default:
      return `(${type})`;
  }
}

/** The sampling heap profile's live bytes (HeapProfiler.getSamplingProfile after a GC) by the
 * function that allocated them, largest first: [{ site, bytes }]. */
export function liveBySite(profile) {
  const bySite = new Map();
  const walk = (node) => {
    const f = node.callFrame;
    const file = f.url ? f.url.replace(/^.*\//, "") : "";
    const site = `${f.functionName || "(anonymous)"} ${file ? `${file}:${f.lineNumber + 1}` : "(native)"}`;
    if (node.selfSize) bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    for (const child of node.children ?? []) walk(child);
  };
  walk(profile.head);
  return [...bySite.entries()].map(([site, bytes]) => ({ site, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** Markdown: totals per snapshot, then the groups that changed most from the first to the last. */
export function heapReport(snapshots, { log, stream, minutes, heapWithLog, heapWithoutLog, sampling } = {}) {
  const kb = (b) => (b / 1024).toFixed(1);
  const first = snapshots[0];
  const last = snapshots[snapshots.length - 1];
  const names = new Set([...Object.keys(first.summary.groups), ...Object.keys(last.summary.groups)]);
  const rows = [...names].map((name) => {
    const a = first.summary.groups[name] ?? { count: 0, size: 0 };
    const b = last.summary.groups[name] ?? { count: 0, size: 0 };
    return { name, count: b.count - a.count, size: b.size - a.size, last: b };
  }).sort((x, y) => Math.abs(y.size) - Math.abs(x.size));
  const events = last.delivered - first.delivered;
  const grew = last.summary.total - first.summary.total;
  const lines = [
    `# Page heap snapshots`,
    ``,
    `${minutes ?? "?"} min soak, streamed events every ${stream?.intervalMs ?? "?"} ms, the soak's log: ${log ?? "?"}. Each snapshot after a forced GC (HeapProfiler.collectGarbage).`,
    ``,
    `| t (s) | events delivered | heap in snapshot (KB) |`,
    `|---|---|---|`,
    ...snapshots.map((s) => `| ${s.t} | ${s.delivered} | ${kb(s.summary.total)} |`),
    ``,
    `From ${first.t} s to ${last.t} s: ${grew >= 0 ? "+" : ""}${kb(grew)} KB for ${events} events delivered (${events ? (grew / events).toFixed(1) : "?"} B an event).`,
    ...(heapWithLog != null && heapWithoutLog != null
      ? [``, `At the end, heap after GC ${kb(heapWithLog)} KB; after emptying the soak's own log, ${kb(heapWithoutLog)} KB: the log held ${kb(heapWithLog - heapWithoutLog)} KB.`]
      : []),
    ``,
    `Groups that changed most (constructor, or the kind of V8 object), first → last snapshot:`,
    ``,
    `| group | objects Δ | bytes Δ (KB) | objects at the end | KB at the end |`,
    `|---|---|---|---|---|`,
    ...rows.slice(0, 20).map((r) => `| ${r.name.replaceAll("|", "\\|")} | ${r.count >= 0 ? "+" : ""}${r.count} | ${r.size >= 0 ? "+" : ""}${kb(r.size)} | ${r.last.count} | ${kb(r.last.size)} |`),
    ``,
    ...(sampling ? [
      `Live at the end by the function that allocated it (sampling heap profiler over the stream, after a GC; bytes are estimates):`,
      ``,
      `| function | KB live |`,
      `|---|---|`,
      ...sampling.slice(0, 12).map((r) => `| ${r.site.replaceAll("|", "\\|")} | ${kb(r.bytes)} |`),
      ``,
    ] : []),
  ];
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (files.length < 2) {
    console.error("usage: node scripts/soak/heapdiff.mjs A.heapsnapshot B.heapsnapshot …");
    process.exit(2);
  }
  const snapshots = files.map((f, i) => ({ t: i, delivered: 0, summary: summarize(JSON.parse(readFileSync(f, "utf8"))) }));
  console.log(heapReport(snapshots));
}
