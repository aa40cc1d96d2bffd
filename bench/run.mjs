#!/usr/bin/env node
// The benchmark (`npm run bench`): cold checks of whole workspaces against their floors and peers, edit
// latency through the real server over stdio, and peak memory. Prints one table; `--json` prints the same
// as JSON. See bench/README.md for what each figure means.
//
// It measures the BUILT engine (dist/cli.js, dist/server.js, and the compiled modules under out/), so run
// `npm run build && npm run compile` first (`npm run bench` does). Generated workspaces and the peer tools
// (typescript@7, eslint, typescript-eslint) live in a cache folder outside the clone.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateWorkspace } from './generate.mjs';
import { editsFor } from './lib/edits.mjs';
import { BenchClient } from './lib/lsp.mjs';
import { summarize as summarizeProfile } from './lib/profile.mjs';
import { fmtMB, fmtMs, median, percentile, runCommand } from './lib/measure.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const NODE = process.execPath;

// ---------------------------------------------------------------------------------------------------------
// Options.

const USAGE = `Usage: node bench/run.mjs [options]     (npm run bench -- [options])

  --json               print the results as JSON on stdout (the table goes to stderr)
  --quick              1,000 files only, 20 edits (10 s per series), one repetition, no ESLint
  --smoke              a tiny run that only proves the benchmark works (100 files, 4 edits, no peers)
  --sizes 1000,5000    sizes of the generated workspaces (default 1000,5000)
  --reps N             fresh-process repetitions of each cold measurement, median reported (default 3)
  --edits N            edits per edit-latency series (default 200)
  --edit-budget S      stop an edit series after S seconds (default 60), reporting how many were measured
  --server-files N     span-call files of the largest workspace opened in the server for the memory figure
                       (default 50; "all" opens every one)
  --no-peers           skip tsc 6, tsc 7 and ESLint
  --no-eslint          skip ESLint
  --no-edits           skip the edit-latency runs
  --profile            run the engine's cold checks once more, and a debounce-0 edit series (30 edits), under
                       --cpu-prof, apart from the measured runs; print the top functions (profiles kept in
                       <cache>/profiles)
  --cache DIR          cache folder (default $SPANKIND_BENCH_CACHE or ~/.cache/span-kind-lens-bench)
  --seed N             generator seed (default 1)`;

function parseArgs(argv) {
  const o = {
    json: false,
    quick: false,
    sizes: [1000, 5000],
    reps: 3,
    edits: 200,
    editBudgetS: 60,
    serverFiles: 50,
    peers: true,
    eslint: true,
    editRuns: true,
    profile: false,
    cache: process.env.SPANKIND_BENCH_CACHE || path.join(os.homedir(), '.cache', 'span-kind-lens-bench'),
    seed: 1,
    editFiles: [2000, 20000],
  };
  const explicit = new Set();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    explicit.add(a);
    if (a === '--json') o.json = true;
    else if (a === '--quick') o.quick = true;
    else if (a === '--smoke') o.smoke = true;
    else if (a === '--sizes') o.sizes = value().split(',').map(Number);
    else if (a === '--reps') o.reps = Number(value());
    else if (a === '--edits') o.edits = Number(value());
    else if (a === '--edit-budget') o.editBudgetS = Number(value());
    else if (a === '--server-files') {
      const v = value();
      o.serverFiles = v === 'all' ? Infinity : Number(v);
    } else if (a === '--no-peers') o.peers = false;
    else if (a === '--no-eslint') o.eslint = false;
    else if (a === '--eslint') o.eslint = true;
    else if (a === '--no-edits') o.editRuns = false;
    else if (a === '--profile') o.profile = true;
    else if (a === '--cache') o.cache = path.resolve(value());
    else if (a === '--seed') o.seed = Number(value());
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n\n${USAGE}`);
  }
  if (o.smoke) {
    Object.assign(o, { sizes: [100], reps: 1, edits: 4, editBudgetS: 5, serverFiles: 3, peers: false, eslint: false, editFiles: [2000] });
  } else if (o.quick) {
    if (!explicit.has('--sizes')) o.sizes = [1000];
    if (!explicit.has('--edits')) o.edits = 20;
    if (!explicit.has('--reps')) o.reps = 1;
    if (!explicit.has('--edit-budget')) o.editBudgetS = 10;
    if (!explicit.has('--eslint')) o.eslint = false;
  }
  if (o.sizes.some((n) => !Number.isInteger(n) || n < 20)) throw new Error('--sizes takes whole numbers of at least 20');
  if (!(o.reps >= 1) || !(o.edits >= 2)) throw new Error('--reps must be at least 1 and --edits at least 2');
  return o;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`bench: ${e.message}`);
  process.exit(2);
}

const log = (line) => process.stderr.write(`${line}\n`);
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)}s`;
const step = (line) => log(`[bench ${elapsed()}] ${line}`);

// ---------------------------------------------------------------------------------------------------------
// Build check, peer tools, workspaces.

const BUILT = ['dist/cli.js', 'dist/server.js', 'out/server/src/cli/main.js', 'out/server/src/host/tsconfig.js', 'out/server/src/analysis/program.js'];
for (const f of BUILT) {
  if (!fs.existsSync(path.join(REPO, f))) {
    console.error(`bench: ${f} is missing; run \`npm run build && npm run compile\` first (npm run bench does)`);
    process.exit(2);
  }
}
const stale = BUILT.filter((f) => fs.statSync(path.join(REPO, f)).mtimeMs < newestSource(path.join(REPO, 'server/src')));
if (stale.length) log(`bench: warning: ${stale.join(', ')} older than server/src; the figures are for the old build`);

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const PEER_VERSIONS = { typescript7: '7.0.2', eslint: '9.39.5', typescriptEslint: '8.73.0', typescriptForEslint: '6.0.3' };
const TOOLS = path.join(opts.cache, 'tools');

/** Installs a peer tool into the cache with npm (once); returns undefined and a reason when it cannot. */
async function ensureNpm(name, specs, marker) {
  const prefix = path.join(TOOLS, name);
  const stamp = path.join(prefix, '.installed');
  const want = specs.join(' ');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want && fs.existsSync(path.join(prefix, marker))) return { prefix };
  step(`installing ${want} into ${prefix}`);
  fs.rmSync(prefix, { recursive: true, force: true });
  fs.mkdirSync(prefix, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = await runCommand(npm, ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: prefix });
  if (r.code !== 0 || !fs.existsSync(path.join(prefix, marker))) return { error: `npm install ${want} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}` };
  fs.writeFileSync(stamp, want);
  return { prefix };
}

const ESLINT_CONFIG = `// Written by span-kind-lens bench/run.mjs: typescript-eslint with one typed rule, over the project service.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const tseslint = require('typescript-eslint');
const root = process.env.SPANKIND_BENCH_TSCONFIG_ROOT ?? process.cwd();
export default [
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: root } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
];
`;

async function ensureTools() {
  const tools = { tsc6: { cmd: NODE, args: [path.join(REPO, 'node_modules/typescript/bin/tsc')], version: readVersion(path.join(REPO, 'node_modules/typescript')) } };
  if (!opts.peers) return tools;
  const ts7 = await ensureNpm('ts7', [`typescript@${PEER_VERSIONS.typescript7}`], 'node_modules/typescript/package.json');
  if (ts7.error) tools.tsc7 = { error: ts7.error };
  else {
    // The package's bin is a Node wrapper that starts the native compiler; run the native binary itself.
    const native = path.join(ts7.prefix, 'node_modules', '@typescript', `typescript-${process.platform}-${process.arch}`, 'lib', process.platform === 'win32' ? 'tsc.exe' : 'tsc');
    tools.tsc7 = fs.existsSync(native)
      ? { cmd: native, args: [], version: readVersion(path.join(ts7.prefix, 'node_modules/typescript')) }
      : { cmd: NODE, args: [path.join(ts7.prefix, 'node_modules/typescript/bin/tsc')], version: readVersion(path.join(ts7.prefix, 'node_modules/typescript')) };
  }
  if (opts.eslint) {
    const es = await ensureNpm(
      'eslint',
      [`eslint@${PEER_VERSIONS.eslint}`, `typescript-eslint@${PEER_VERSIONS.typescriptEslint}`, `typescript@${PEER_VERSIONS.typescriptForEslint}`],
      'node_modules/eslint/bin/eslint.js',
    );
    if (es.error) tools.eslint = { error: es.error };
    else {
      const config = path.join(es.prefix, 'eslint.config.mjs');
      fs.writeFileSync(config, ESLINT_CONFIG);
      tools.eslint = {
        cmd: NODE,
        args: [path.join(es.prefix, 'node_modules/eslint/bin/eslint.js'), '-c', config, '--no-warn-ignored'],
        version: `eslint ${readVersion(path.join(es.prefix, 'node_modules/eslint'))}, typescript-eslint ${readVersion(path.join(es.prefix, 'node_modules/typescript-eslint'))}`,
      };
    }
  }
  return tools;
}

function readVersion(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

const GENERATOR_HASH = crypto.createHash('sha1').update(fs.readFileSync(path.join(HERE, 'generate.mjs'))).digest('hex').slice(0, 12);

/** A generated workspace in the cache, regenerated when the generator or the parameters changed. */
function ensureWorkspace(name, files, bigFiles = []) {
  const root = path.join(opts.cache, 'workspaces', `${name}-s${opts.seed}`);
  const keyFile = path.join(root, '.bench-key');
  const key = JSON.stringify({ generator: GENERATOR_HASH, files, seed: opts.seed, bigFiles });
  let stats;
  if (fs.existsSync(keyFile) && fs.readFileSync(keyFile, 'utf8') === key && fs.existsSync(path.join(root, 'node_modules'))) {
    stats = JSON.parse(fs.readFileSync(path.join(root, '.bench-stats.json'), 'utf8'));
  } else {
    step(`generating ${name} (${files} files${bigFiles.length ? ` + ${bigFiles.join(', ')}-line files` : ''}) in ${root}`);
    stats = generateWorkspace(root, { files, seed: opts.seed, bigFiles });
    fs.writeFileSync(keyFile, key);
  }
  return { name, root, target: 'src', tsconfig: path.join(root, 'tsconfig.json'), generated: true, files, stats };
}

function testWorkspace() {
  const root = path.join(REPO, 'test-workspace');
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (/\.[cm]?[jt]sx?$/.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name)) files.push(f);
    }
  };
  walk(path.join(root, 'src'));
  let lines = 0;
  let withSpans = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    lines += text.split('\n').length - 1;
    if (/startSpan|startActiveSpan/.test(text)) withSpans++;
  }
  const stats = { files: files.length, lines, filesWithSpans: withSpans, filesWithSpansPct: Math.round((1000 * withSpans) / files.length) / 10 };
  return { name: 'test-workspace', root, target: 'src', tsconfig: path.join(root, 'tsconfig.json'), generated: false, files: files.length, stats };
}

// ---------------------------------------------------------------------------------------------------------
// (1) Cold checks.

const INPROC = path.join(HERE, 'lib/inproc.mjs');
const PROFILES = path.join(opts.cache, 'profiles');

async function inproc(mode, ws, extraNodeArgs = []) {
  const r = await runCommand(NODE, [...extraNodeArgs, INPROC, mode, ws.target, ws.tsconfig], { cwd: ws.root });
  const line = r.stdout.trim().split('\n').at(-1);
  if (r.code !== 0 || !line?.startsWith('{')) throw new Error(`${mode} on ${ws.name} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-5).join('\n')}`);
  return JSON.parse(line);
}

/** Runs `fn` up to `n` times; stops early once a run took over `slowMs` (its cost then dominates any noise). */
async function repeat(n, fn, slowMs = 8_000) {
  const runs = [];
  for (let i = 0; i < n; i++) {
    const r = await fn();
    runs.push(r);
    if (r.ms > slowMs || r.error) break;
  }
  return runs;
}

function summarize(runs) {
  const ok = runs.filter((r) => !r.error);
  if (!ok.length) return { error: runs[0]?.error ?? 'no runs', runs: runs.length };
  return { ms: median(ok.map((r) => r.ms)), maxRssKB: Math.max(...ok.map((r) => r.maxRssKB ?? 0)) || undefined, runs: ok.map((r) => Math.round(r.ms)), ...(ok[0].exitCode !== undefined ? { exit: ok[0].exitCode } : {}) };
}

async function coldCheck(ws, tools) {
  step(`cold checks: ${ws.name} (${ws.stats.files} files, ${ws.stats.lines} lines, ${ws.stats.filesWithSpansPct}% with span calls)`);
  const out = { workspace: ws.name, files: ws.stats.files, lines: ws.stats.lines, filesWithSpans: ws.stats.filesWithSpans };
  // In-process, each run in a fresh process; the modes interleaved so that background noise spreads evenly.
  const modes = ['floor', 'prefiltered', 'syntactic', 'typed', 'program'];
  const runs = Object.fromEntries(modes.map((m) => [m, []]));
  for (let rep = 0; rep < opts.reps; rep++) {
    let total = 0;
    for (const m of modes) {
      const r = await inproc(m, ws);
      runs[m].push(r);
      total += r.ms;
    }
    // A rep that takes over a minute is precise enough alone; keeps the full run within budget.
    if (total > 60_000 && rep >= 0 && opts.reps > 1) {
      if (rep === 0) step(`  ${ws.name}: one rep took ${(total / 1000).toFixed(0)} s; not repeating`);
      break;
    }
  }
  for (const m of modes) out[m] = summarize(runs[m]);
  out.program.programFiles = runs.program[0].programFiles;
  // Diagnostic: the all-files program with the engine's own options (noLib), once.
  const nolib = await inproc('program-nolib', ws);
  out.programNoLib = { ms: nolib.ms, maxRssKB: nolib.maxRssKB, programFiles: nolib.programFiles };
  step(`  floor ${fmtMs(out.floor.ms)}, syntactic ${fmtMs(out.syntactic.ms)} (parse + bind alone ${fmtMs(out.prefiltered.ms)}), typed ${fmtMs(out.typed.ms)}, program+checker ${fmtMs(out.program.ms)} (noLib ${fmtMs(out.programNoLib.ms)})`);

  // Whole commands, wall time (node startup included), peak RSS.
  const cli = (args) => async () => {
    const r = await runCommand(NODE, [path.join(REPO, 'dist/cli.js'), ...args, '--exit-zero', ws.target], { cwd: ws.root });
    return r.code === 0 ? r : { ...r, error: `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' ')}` };
  };
  out.cliSyntactic = summarize(await repeat(opts.reps, cli(['--no-types'])));
  out.cliTyped = summarize(await repeat(opts.reps, cli([])));
  step(`  spankind --no-types ${fmtMs(out.cliSyntactic.ms)} (${fmtMB(out.cliSyntactic.maxRssKB)}), spankind ${fmtMs(out.cliTyped.ms)} (${fmtMB(out.cliTyped.maxRssKB)})`);

  const peer = (tool, args, env, okCodes) => async () => {
    if (!tool || tool.error) return { error: tool?.error ?? 'skipped' };
    const r = await runCommand(tool.cmd, [...tool.args, ...args], { cwd: ws.root, env });
    return okCodes.includes(r.code) ? r : { ...r, error: `exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ')}` };
  };
  // tsc exits 1/2 when it reports errors: still a complete check.
  out.tsc6 = summarize(await repeat(opts.reps, peer(tools.tsc6, ['--noEmit', '-p', ws.tsconfig], {}, [0, 1, 2])));
  if (opts.peers) {
    out.tsc7 = summarize(await repeat(opts.reps, peer(tools.tsc7, ['--noEmit', '-p', ws.tsconfig], {}, [0, 1, 2])));
    if (opts.eslint) {
      // ESLint exits 1 when the rule reports something; 2 is a crash or a configuration error.
      out.eslint = summarize(await repeat(1, peer(tools.eslint, [ws.target], { SPANKIND_BENCH_TSCONFIG_ROOT: path.dirname(ws.tsconfig) }, [0, 1])));
    }
  }
  step(`  tsc ${tools.tsc6.version} ${fmtMs(out.tsc6.ms)}${out.tsc7 ? `, tsc ${tools.tsc7.version ?? ''} ${fmtMs(out.tsc7.ms)}` : ''}${out.eslint ? `, eslint ${fmtMs(out.eslint.ms)}` : ''}`);

  if (opts.profile) {
    fs.mkdirSync(PROFILES, { recursive: true });
    for (const m of ['syntactic', 'typed']) {
      const dir = path.join(PROFILES, `${ws.name}-${m}`);
      fs.rmSync(dir, { recursive: true, force: true });
      await inproc(m, ws, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
      const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) continue;
      const summary = summarizeProfile(path.join(dir, file), 15);
      step(`  profile of ${m}:\n${summary.text.replace(/^/gm, '    ')}`);
      out.profiles ??= {};
      out.profiles[m] = { file: summary.file, totalMs: summary.totalMs, functions: summary.functions, inclusive: summary.inclusive, files: summary.files };
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// (2) Edit latency through the server, and its in-process baseline.

/** Edits of the paused series (see pausedTyping), and the pause before each: longer than the index's 400 ms quiet period. */
const PAUSED_EDITS = 20;
const PAUSE_MS = 450;

/** One file of `spans` one-line spans around an HTTP call, ten to a function (the spans-per-file series). */
function manySpansFile(spans) {
  const dir = path.join(opts.cache, 'workspaces', 'spans');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `spans-${spans}.ts`);
  const lines = ["import { trace } from '@opentelemetry/api';", "const tracer = trace.getTracer('many');", "const url = 'http://localhost:8080/ping';", ''];
  for (let f = 0; f * 10 < spans; f++) {
    lines.push(`export async function probe${f}(): Promise<void> {`);
    for (let i = f * 10; i < Math.min(spans, f * 10 + 10); i++) lines.push(`  await tracer.startActiveSpan('s${i}', async (span) => { await fetch(url); span.end(); });`);
    lines.push('}');
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/**
 * Cost per span against the spans of one file: `spankind --no-types` (wall) over one file of N spans, for
 * N = 0 (start-up), `small` and `8 * small`. Linear work makes the large file cost 8x the small one, start-up
 * taken off both.
 */
async function spanSeries() {
  const small = opts.smoke ? 100 : 1000;
  const out = { small, large: 8 * small };
  for (const [key, n] of [['startup', 0], ['smallRun', small], ['largeRun', 8 * small]]) {
    const file = manySpansFile(n);
    out[key] = summarize(await repeat(key === 'largeRun' ? 1 : opts.reps, async () => runCommand(NODE, [path.join(REPO, 'dist/cli.js'), '--no-types', '--exit-zero', file], { cwd: path.dirname(file) })));
  }
  step(`  spans per file: start-up ${fmtMs(out.startup.ms)}, ${out.small} spans ${fmtMs(out.smallRun.ms)}, ${out.large} spans ${fmtMs(out.largeRun.ms)}`);
  return out;
}

async function editSeries(ws, file, settings, label, profileDir, edits = opts.edits, pauseMs = 0) {
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  const client = new BenchClient(ws.root, settings, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  let result;
  try {
    await client.initialize();
    const text = fs.readFileSync(file, 'utf8');
    const t0 = performance.now();
    let doc = client.open(file, text);
    const openAt = await client.diagnosticsAt(doc.uri, 1);
    const openMs = openAt - t0;
    const findings = client.latest.get(doc.uri)?.count;
    const latencies = [];
    const budget = opts.editBudgetS * 1000;
    const begun = performance.now();
    for (const edit of editsFor(text, edits)) {
      if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      let sent;
      [doc, sent] = client.change(doc, [edit]);
      const at = await client.diagnosticsAt(doc.uri, doc.version);
      latencies.push(at - sent);
      if (performance.now() - begun > budget) break;
    }
    const memory = client.memory();
    step(`  ${label}: open ${fmtMs(openMs)}, ${latencies.length} edits, p50 ${fmtMs(percentile(latencies, 50))}, p95 ${fmtMs(percentile(latencies, 95))}`);
    result = { openMs, findings, edits: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies), peakRssKB: memory?.peakKB, latencies: latencies.map((x) => Math.round(x * 10) / 10) };
  } finally {
    await client.shutdown();
  }
  const profile = profileDir && fs.existsSync(profileDir) && fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (profile) {
    // The server's whole life: open, every edit, shutdown.
    const summary = summarizeProfile(path.join(profileDir, profile), 15);
    step(`  profile of the server (${label}):\n${summary.text.replace(/^/gm, '    ')}`);
    result.profile = { file: summary.file, totalMs: summary.totalMs, functions: summary.functions, inclusive: summary.inclusive, files: summary.files };
  }
  return result;
}

async function editBaseline(ws, file, label) {
  const r = await runCommand(NODE, [path.join(HERE, 'lib/editbase.mjs'), file, ws.tsconfig, String(opts.edits), String(Math.round((opts.editBudgetS * 1000) / 2))], { cwd: ws.root });
  const line = r.stdout.trim().split('\n').at(-1);
  if (r.code !== 0 || !line?.startsWith('{')) return { error: `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}` };
  const b = JSON.parse(line);
  const res = {
    openMs: b.openMs,
    edits: b.check.length,
    updateP50: percentile(b.update, 50),
    updateP95: percentile(b.update, 95),
    checkP50: percentile(b.check, 50),
    checkP95: percentile(b.check, 95),
  };
  step(`  ${label} baseline (tsserver-like LanguageService): program+checker p50 ${fmtMs(res.updateP50)} p95 ${fmtMs(res.updateP95)}; +semantic diagnostics p50 ${fmtMs(res.checkP50)} p95 ${fmtMs(res.checkP95)}`);
  return res;
}

/** Edits left out of the warmed-up p95 row (information): a fresh server's JIT warm-up. */
const WARM_UP_EDITS = 30;

const DEFAULT_DEBOUNCE = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).contributes?.configuration?.properties?.['spanKind.debounceMs']?.default ?? 200;

async function editLatency(ws) {
  const out = {};
  for (const big of ws.stats.big) {
    const file = path.join(ws.root, big.file);
    const key = String(big.lines >= 10_000 ? Math.round(big.lines / 10_000) * 10_000 : Math.round(big.lines / 1000) * 1000);
    if (!opts.editFiles.includes(Number(key))) continue;
    step(`edit latency: ${big.file} (${big.lines} lines, ${big.spans} span calls), ${opts.edits} edits`);
    out[key] = {
      file: big.file,
      lines: big.lines,
      spans: big.spans,
      // The default: the client sends no debounceMs, the server uses its default.
      defaultDebounce: { debounceMs: DEFAULT_DEBOUNCE, ...(await editSeries(ws, file, {}, `debounce default (${DEFAULT_DEBOUNCE} ms)`)) },
      noDebounce: { debounceMs: 0, ...(await editSeries(ws, file, { debounceMs: 0 }, 'debounce 0')) },
      baseline: await editBaseline(ws, file, 'same edits'),
    };
    if (key === '2000') {
      // A person pauses: each pause longer than the index's quiet period lets it go on reading the workspace
      // (this one holds the 20,000-line file), and the next keystroke may wait for the step it is in.
      out[key].pausedTyping = { debounceMs: 0, pauseMs: PAUSE_MS, ...(await editSeries(ws, file, { debounceMs: 0 }, `debounce 0, ${PAUSE_MS} ms pauses, index at work`, undefined, Math.min(PAUSED_EDITS, opts.edits), PAUSE_MS)) };
    }
    if (opts.profile) {
      // A separate, shorter series under the profiler, so that its overhead stays out of the figures above.
      const profiled = await editSeries(ws, file, { debounceMs: 0 }, 'debounce 0, profiled', path.join(PROFILES, `server-edit-${key}`), Math.min(opts.edits, 30));
      out[key].profile = profiled.profile;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// (3) Server memory on the largest workspace.

async function serverMemory(ws) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith('.ts')) files.push(f);
    }
  };
  walk(path.join(ws.root, ws.target));
  const spanFiles = files.filter((f) => /startSpan|startActiveSpan/.test(fs.readFileSync(f, 'utf8')));
  const n = Math.min(spanFiles.length, opts.serverFiles);
  // Evenly spread over the workspace, deterministic.
  const chosen = Array.from({ length: n }, (_, i) => spanFiles[Math.floor((i * spanFiles.length) / n)]);
  step(`server memory: opening ${n} of the ${spanFiles.length} span-call files of ${ws.name}`);
  const client = new BenchClient(ws.root, {});
  try {
    await client.initialize();
    const base = client.memory();
    const t0 = performance.now();
    const docs = chosen.map((f) => client.open(f));
    for (const d of docs) await client.diagnosticsAt(d.uri, 1, 30 * 60_000);
    const ms = performance.now() - t0;
    const opened = client.memory();
    step(`  all diagnostics in ${fmtMs(ms)}; peak RSS ${fmtMB(opened?.peakKB)} (at start ${fmtMB(base?.peakKB)})`);
    // Then the rest of the workspace: the server's background index analyses every file; the figure that
    // counts is the peak once it has.
    const indexed = await client.indexComplete(30 * 60_000);
    const indexMs = performance.now() - t0;
    const memory = client.memory();
    step(`  workspace index ${indexed ? 'complete' : 'NOT complete'} after ${fmtMs(indexMs)}; peak RSS ${fmtMB(memory?.peakKB)}, now ${fmtMB(memory?.rssKB)}`);
    return {
      workspace: ws.name,
      opened: n,
      spanFiles: spanFiles.length,
      ms,
      openedPeakRssKB: opened?.peakKB,
      indexed,
      indexMs,
      peakRssKB: memory?.peakKB,
      rssKB: memory?.rssKB,
      startRssKB: base?.peakKB,
    };
  } finally {
    await client.shutdown();
  }
}

// ---------------------------------------------------------------------------------------------------------
// The table.

const kilo = (n) => (n >= 10_000 ? `${(n / 1000).toFixed(0)}k` : String(n));

function ratio(value, baseline) {
  return Number.isFinite(value) && Number.isFinite(baseline) && baseline > 0 ? value / baseline : undefined;
}

function buildRows(results, tools) {
  const rows = [];
  const add = (section, measure, value, baseline, { unit = 'ms', goal, max, baselineName, note } = {}) => {
    const r = ratio(value, baseline);
    let pass;
    if (goal?.ratioMax !== undefined) pass = r === undefined ? undefined : r <= goal.ratioMax;
    else if (goal?.ratioBelow !== undefined) pass = r === undefined ? undefined : r < goal.ratioBelow;
    else if (max !== undefined) pass = Number.isFinite(value) ? value < max : undefined;
    rows.push({ section, measure, unit, value, baseline, baselineName, ratio: r, goal: goal?.text ?? (max !== undefined ? `< ${unit === 'kB' ? fmtMB(max) : fmtMs(max)}` : 'info'), pass, note });
  };
  for (const c of results.cold) {
    const gen = !c.workspace.startsWith('test-workspace');
    const s = `cold check: ${c.workspace} (${c.files} files, ${kilo(c.lines)} lines, ${c.filesWithSpans} with spans)`;
    add(s, 'syntactic, in-process', c.syntactic.ms, c.floor.ms, { baselineName: 'ts.createSourceFile every file', goal: gen ? { ratioMax: 0.5, text: '<= 0.5x' } : undefined });
    if (c.prefiltered) add(s, '  of which parse + bind of the pre-filtered files', c.prefiltered.ms, c.floor.ms, { baselineName: 'ts.createSourceFile every file' });
    add(s, 'typed, in-process', c.typed.ms, c.program.ms, { baselineName: `ts.Program (all ${c.program.programFiles} files) + checker`, goal: gen ? { ratioMax: 1.2, text: '<= 1.2x' } : undefined });
    add(s, 'Program + checker with noLib (engine options)', c.programNoLib.ms, c.program.ms, { baselineName: 'ts.Program + checker' });
    add(s, 'spankind --no-types, wall', c.cliSyntactic.ms, c.floor.ms, { baselineName: 'ts.createSourceFile every file' });
    add(s, 'spankind (typed), wall', c.cliTyped.ms, c.tsc6.ms, { baselineName: `tsc ${tools.tsc6.version} --noEmit`, goal: gen ? { ratioBelow: 1, text: '< 1x' } : undefined });
    if (c.tsc7) add(s, 'spankind (typed), wall', c.cliTyped.ms, c.tsc7.ms, { baselineName: c.tsc7.error ? `tsc 7 (${c.tsc7.error})` : `tsc ${tools.tsc7.version} (native) --noEmit` });
    if (c.eslint) add(s, 'spankind (typed), wall', c.cliTyped.ms, c.eslint.ms, { baselineName: c.eslint.error ? `ESLint (${c.eslint.error})` : 'ESLint + typescript-eslint, 1 typed rule' });
  }
  const sized = results.cold.filter((c) => !c.workspace.startsWith('test-workspace')).sort((a, b) => a.files - b.files);
  if (sized.length >= 2) {
    const [small, large] = [sized[0], sized.at(-1)];
    const s = `scaling: per-file time, ${large.files} vs ${small.files} files`;
    for (const [name, key] of [['floor (createSourceFile)', 'floor'], ['syntactic, in-process', 'syntactic'], ['typed, in-process', 'typed'], ['Program + checker', 'program']]) {
      add(s, `${name}, ms/file`, large[key].ms / large.files, small[key].ms / small.files, {
        unit: 'ms/file',
        baselineName: `at ${small.files} files`,
        goal: key === 'syntactic' || key === 'typed' ? { ratioMax: 1.25, text: '<= 1.25x (linear)' } : undefined,
      });
    }
  } else if (sized.length === 1) {
    const c = sized[0];
    const s = `scaling: per-file time at ${c.files} files`;
    add(s, 'syntactic, in-process, ms/file', c.syntactic.ms / c.files, c.floor.ms / c.files, { unit: 'ms/file', baselineName: 'createSourceFile, ms/file' });
    add(s, 'typed, in-process, ms/file', c.typed.ms / c.files, c.program.ms / c.files, { unit: 'ms/file', baselineName: 'Program + checker, ms/file' });
  }
  const sp = results.spans;
  if (sp && Number.isFinite(sp.startup?.ms)) {
    const s = `spans per file: spankind --no-types, one file of ${sp.small} and of ${sp.large} one-line spans (wall)`;
    add(s, 'start-up (a file without spans)', sp.startup.ms, undefined, { note: 'information' });
    add(s, `${sp.small} spans`, sp.smallRun.ms, sp.startup.ms, { baselineName: 'start-up' });
    add(s, `${sp.large} spans`, sp.largeRun.ms, sp.startup.ms, { baselineName: 'start-up' });
    add(s, `${sp.large} spans minus start-up`, sp.largeRun.ms - sp.startup.ms, sp.smallRun.ms - sp.startup.ms, {
      baselineName: `${sp.small} spans minus start-up`,
      goal: { ratioMax: 10, text: '<= 10x (linear: 8x)' },
    });
  }
  for (const [size, e] of Object.entries(results.edit ?? {})) {
    const s = `edit latency, server over stdio: ${e.lines}-line file, ${e.spans} spans`;
    const base = e.baseline;
    const goalMs = Number(size) >= 10_000 ? 150 : 30;
    for (const [series, label] of [['noDebounce', 'debounce 0'], ['defaultDebounce', `debounce ${e.defaultDebounce.debounceMs} (default)`]]) {
      const r = e[series];
      const n = `${r.edits}${r.edits < opts.edits ? ` of ${opts.edits}` : ''} edits`;
      add(s, `${label}, p50 (${n})`, r.p50, base.checkP50, { baselineName: 'tsserver: update + semantic diagnostics, p50' });
      add(s, `${label}, p95 (${n})`, r.p95, base.checkP95, { baselineName: 'tsserver: update + semantic diagnostics, p95', max: series === 'noDebounce' ? goalMs : undefined });
    }
    // The first edits of a fresh server run before V8 has optimised the analysis: the same series without them.
    const warm = e.noDebounce.latencies?.slice(WARM_UP_EDITS) ?? [];
    if (warm.length >= 20) {
      add(s, `debounce 0, p95 after the first ${WARM_UP_EDITS} edits`, percentile(warm, 95), base.checkP95, { baselineName: 'tsserver: update + semantic diagnostics, p95', note: 'information: JIT warmed up' });
    }
    if (e.pausedTyping) {
      const p = e.pausedTyping;
      add(s, `debounce 0, ${p.pauseMs} ms pauses while the index works: slowest of ${p.edits} edits`, p.max, e.noDebounce.p95, { baselineName: 'the same file, no pauses: p95', note: 'information: a keystroke waits for one step of the index at most' });
    }
    add(s, 'open → first diagnostics', e.noDebounce.openMs, base.openMs, { baselineName: 'tsserver: program + semantic diagnostics' });
    add(s, 'LanguageService program + checker per edit, p95', base.updateP95, base.checkP95, { baselineName: 'tsserver: update + semantic diagnostics, p95', note: 'the least a typed re-analysis pays' });
  }
  const m = results.memory;
  if (m) {
    const large = results.cold.find((c) => c.workspace === m.workspace);
    const s = `peak memory (RSS): ${m.workspace}`;
    add(s, `server, ${m.opened} span-call files open`, m.openedPeakRssKB, large?.program.maxRssKB, { unit: 'kB', baselineName: 'ts.Program (all files) + checker' });
    add(s, `server, ${m.opened} open + every file indexed${m.indexed ? '' : ' (index NOT complete)'}`, m.peakRssKB, large?.program.maxRssKB, {
      unit: 'kB',
      baselineName: 'ts.Program (all files) + checker',
      max: 300 * 1024,
    });
    if (large) {
      // The 300 MB goal is the server's (it lives in the editor); the one-shot CLI's peaks are for information.
      add(s, 'spankind (typed), whole workspace', large.cliTyped.maxRssKB, large.tsc6.maxRssKB, { unit: 'kB', baselineName: `tsc ${tools.tsc6.version} --noEmit` });
      add(s, 'spankind --no-types, whole workspace', large.cliSyntactic.maxRssKB, large.floor.maxRssKB, { unit: 'kB', baselineName: 'createSourceFile every file (kept)' });
    }
  }
  return rows;
}

function renderTable(rows) {
  const fmt = (v, unit) => (unit === 'kB' ? fmtMB(v) : unit === 'ms/file' ? (Number.isFinite(v) ? `${v.toFixed(2)} ms` : '-') : fmtMs(v));
  const header = ['measure', 'value', 'baseline', 'ratio', 'goal', 'result'];
  const lines = [];
  let section;
  const table = [];
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      table.push({ section });
    }
    table.push([
      `  ${r.measure}`,
      fmt(r.value, r.unit),
      Number.isFinite(r.baseline) ? `${fmt(r.baseline, r.unit)}  ${r.baselineName}` : (r.baselineName ?? '-'),
      r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`,
      r.goal,
      r.pass === undefined ? (r.goal === 'info' ? '' : 'n/a') : r.pass ? 'PASS' : 'FAIL',
    ]);
  }
  const cells = table.filter(Array.isArray);
  const width = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // Section titles span the first column: widen it to fit them.
  width[0] = Math.max(width[0], ...table.filter((t) => !Array.isArray(t)).map((t) => t.section.length + 4));
  const row = (c) => `| ${c.map((x, i) => (i === 0 || i === 2 || i === 4 ? x.padEnd(width[i]) : x.padStart(width[i]))).join(' | ')} |`;
  lines.push(row(header), `|${width.map((w, i) => (i === 0 || i === 2 || i === 4 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const t of table) lines.push(Array.isArray(t) ? row(t) : row([`**${t.section}**`, '', '', '', '', '']));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const loadBefore = os.loadavg();
  const tools = await ensureTools();
  const workspaces = [testWorkspace(), ...opts.sizes.map((n) => ensureWorkspace(`ws-${n}`, n))];
  const editWs = opts.editRuns ? ensureWorkspace('edit', 100, [2000, 20000]) : undefined;
  const results = {
    version: 1,
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memMB: Math.round(os.totalmem() / 2 ** 20), node: process.version, platform: `${process.platform}-${process.arch}`, loadBefore },
    options: { sizes: opts.sizes, reps: opts.reps, edits: opts.edits, editBudgetS: opts.editBudgetS, serverFiles: Number.isFinite(opts.serverFiles) ? opts.serverFiles : 'all', quick: opts.quick, smoke: !!opts.smoke, seed: opts.seed },
    tools: Object.fromEntries(Object.entries(tools).map(([k, t]) => [k, t.error ? { error: t.error } : { version: t.version }])),
    workspaces: Object.fromEntries(workspaces.map((w) => [w.name, { root: w.root, ...w.stats }])),
    cold: [],
  };
  for (const ws of workspaces) results.cold.push(await coldCheck(ws, tools));
  results.spans = await spanSeries();
  if (editWs) results.edit = await editLatency(editWs);
  const largest = workspaces.filter((w) => w.generated).sort((a, b) => b.files - a.files)[0];
  if (largest && opts.serverFiles > 0) results.memory = await serverMemory(largest);
  results.machine.loadAfter = os.loadavg();
  results.totalSeconds = Math.round((performance.now() - started) / 1000);
  results.rows = buildRows(results, tools);
  results.failed = results.rows.filter((r) => r.pass === false).map((r) => `${r.section} / ${r.measure}`);

  const resultsDir = path.join(opts.cache, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const jsonPath = path.join(resultsDir, `bench-${results.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(jsonPath, JSON.stringify(results, null, 2));
  fs.copyFileSync(jsonPath, path.join(resultsDir, 'latest.json'));
  results.jsonPath = jsonPath;

  const table = renderTable(results.rows);
  const summary = [
    '',
    `Span Kind Lens benchmark — ${results.machine.cpus} × ${results.machine.cpu}, Node ${process.version}; load ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${results.machine.loadAfter.map((l) => l.toFixed(1)).join(' ')} after; ${results.totalSeconds} s`,
    `cold = median of up to ${opts.reps} fresh processes; ratio = value / baseline, both measured in this run`,
    ...(opts.smoke ? ['SMOKE RUN: proves the benchmark works; the sizes are too small for the goals to mean anything'] : []),
    '',
    table,
    '',
    results.failed.length ? `${results.failed.length} goal(s) missed.` : 'All goals met.',
    `JSON: ${jsonPath}`,
  ].join('\n');
  if (opts.json) {
    log(summary);
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  } else {
    process.stdout.write(summary + '\n');
  }
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e.message}`);
  process.exit(1);
});
