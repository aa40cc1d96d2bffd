// Summary of a V8 CPU profile (.cpuprofile, from `node --cpu-prof`): self time per function and per file,
// and inclusive time (the function or anything it calls on the stack) per function.
import * as fs from 'node:fs';
import * as path from 'node:path';

const GENERIC = new Set(['(root)', '(program)', '(idle)', '(garbage collector)', 'processTimers', 'listOnTimeout', 'processTicksAndRejections', 'runMicrotasks', 'runNextTicks', 'emit', 'Module._compile', 'Module.load', 'Module._load', 'require', 'executeUserEntryPoint', 'runMain', 'wrapModuleLoad', 'Module._extensions..js', 'onStreamRead', 'addChunk', 'readableAddChunk', 'Readable.push', 'processImmediate']);

/** Self time per function and per source file, inclusive time per function; `text` renders the top `n`. */
export function summarize(file, n = 25) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const fns = new Map();
  const files = new Map();
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url ? `${shorten(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`;
    fns.set(key, (fns.get(key) ?? 0) + ms);
    const f = url ? shorten(url) : `(${functionName || 'native'})`;
    files.set(f, (files.get(f) ?? 0) + ms);
  }
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = (id) => {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    return `${functionName || '(anonymous)'} ${url ? `${shorten(url)}:${lineNumber + 1}` : ''}`;
  };
  const inclusive = new Map();
  for (const [id, ms] of self) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at).callFrame.functionName;
      const key = keyOf(at);
      if (GENERIC.has(name) || !name || seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const topInclusive = [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => ({ name, ms: Math.round(ms), pct: Math.round((1000 * ms) / total) / 10 }));
  const topFns = [...fns].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => ({ name, ms: Math.round(ms), pct: Math.round((1000 * ms) / total) / 10 }));
  const topFiles = [...files].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, ms]) => ({ name, ms: Math.round(ms), pct: Math.round((1000 * ms) / total) / 10 }));
  const pct = (ms) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
  const lines = [`${file}: ${total.toFixed(0)} ms sampled`, '', `top ${n} functions by self time:`];
  for (const [k, ms] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, n)) lines.push(`  ${ms.toFixed(0).padStart(7)} ms ${pct(ms)}  ${k}`);
  lines.push('', `top ${n} named functions by inclusive time (they or their callees on the stack):`);
  for (const f of topInclusive) lines.push(`  ${String(f.ms).padStart(7)} ms ${pct(f.ms)}  ${f.name}`);
  lines.push('', 'self time by file:');
  for (const [k, ms] of [...files].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`  ${ms.toFixed(0).padStart(7)} ms ${pct(ms)}  ${k}`);
  return { file, totalMs: Math.round(total), functions: topFns, inclusive: topInclusive, files: topFiles, text: lines.join('\n') };
}

function shorten(url) {
  const p = url.replace(/^file:\/\//, '');
  const i = p.lastIndexOf('/node_modules/');
  if (i >= 0) return p.slice(i + 1);
  const o = p.search(/\/(out|dist|bench)\//);
  return o >= 0 ? p.slice(o + 1) : path.basename(p);
}

