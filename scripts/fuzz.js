// Deeper fuzz runs over the compiled harness (out/server/test/fuzz): `npm run fuzz -- --count N --seed S`.
// The run goes in a worker thread watched by this one, so a case that never returns is reported (and skipped)
// instead of hanging the run. Exits 1 on any failure.
const path = require('node:path');
const fs = require('node:fs');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

const USAGE = `usage: node scripts/fuzz.js [options]
  --count N          mutations per fixture file (default 200)
  --seed S           seed (default: a random one, printed)
  --file NAME        only fixtures whose name (e.g. catalogue/cloud-aws.ts) contains NAME
  --case ID          only this case: a number, "original", or t<k> for the truncation at 97*k bytes
  --no-truncate-all  skip the truncations at every multiple of 97 bytes (done by default)
  --typed-every N    also analyse about one case in N type-aware (default 4, 0 = never)
  --max-ms MS        per-file analysis time bound (default 2000)
  --hang-ms MS       a case running longer than this is reported as a hang and skipped (default 60000)
  --minimize         shrink the first failure of each kind to a small reproduction
  --dump DIR         write the input of the first failure of each kind to DIR
  --all              print every failure (default: the first 3 of each kind)
  --json             print the summary and failures as JSON on stdout (progress stays on stderr)
  --quiet            no progress lines`;

function parseArgs(argv) {
  const o = { count: 200, seed: undefined, file: undefined, caseId: undefined, truncateAll: true, typedEvery: 4, maxMs: 2000, hangMs: 60000, minimize: false, dump: undefined, all: false, json: false, quiet: false };
  const num = (name, v) => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0) fail(`${name} needs a non-negative number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--count': o.count = Math.floor(num(flag, value())); break;
      case '--seed': o.seed = num(flag, value()) >>> 0; break;
      case '--file': o.file = value(); break;
      case '--case': o.caseId = value(); break;
      case '--no-truncate-all': o.truncateAll = false; break;
      case '--typed-every': o.typedEvery = Math.floor(num(flag, value())); break;
      case '--max-ms': o.maxMs = num(flag, value()); break;
      case '--hang-ms': o.hangMs = num(flag, value()); break;
      case '--minimize': o.minimize = true; break;
      case '--dump': o.dump = value(); break;
      case '--all': o.all = true; break;
      case '--json': o.json = true; break;
      case '--quiet': o.quiet = true; break;
      case '-h':
      case '--help': console.log(USAGE); process.exit(0);
      default: fail(`unknown option ${a}`);
    }
  }
  if (o.seed === undefined) o.seed = (Date.now() ^ (process.pid << 16)) >>> 0;
  return o;
}

function fail(message) {
  console.error(`fuzz: ${message}\n${USAGE}`);
  process.exit(2);
}

function load() {
  try {
    return { harness: require('../out/server/test/fuzz/harness'), files: require('../out/server/test/fuzz/files') };
  } catch (e) {
    console.error(`fuzz: cannot load the compiled harness (${e.message}); run npm run compile first`);
    process.exit(2);
  }
}

function corpus(files, o) {
  const all = files.fixtureCorpus();
  const chosen = o.file ? all.filter((f) => f.name.includes(o.file)) : all;
  if (chosen.length === 0) fail(`no fixture matches --file ${o.file}`);
  return chosen;
}

// ---- worker: runs the harness, reporting each case before it starts ----

if (!isMainThread) {
  process.setSourceMapsEnabled?.(true);
  const { harness, files } = load();
  const o = workerData;
  const summary = harness.runFuzz(corpus(files, o), {
    seed: o.seed,
    count: o.count,
    truncateAll: o.truncateAll,
    typedEvery: o.typedEvery,
    maxMsPerFile: o.maxMs,
    onlyCase: o.caseId,
    startAfter: o.startAfter,
    onCase: (file, caseId, mutator, counters) => parentPort.postMessage({ type: 'case', file: file.name, caseId, mutator, counters }),
    onFailure: (failure) => parentPort.postMessage({ type: 'failure', failure }),
    onFileDone: (file, counters) => parentPort.postMessage({ type: 'file', file: file.name, counters }),
  });
  parentPort.postMessage({ type: 'done', summary: { ...summary, failures: [] } });
  return;
}

// ---- main: starts the worker, watches it, prints ----

const COUNTERS = ['mutations', 'analyses', 'typedAnalyses', 'typedSkipped', 'rejected', 'fixesVerified', 'fixAllChecked'];

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const { harness, files } = load();
  const fileList = corpus(files, o);
  const log = (line) => o.quiet || process.stderr.write(`${line}\n`);
  log(`fuzz: seed ${o.seed}, ${o.count} mutations per file${o.truncateAll ? ' plus every 97-byte truncation' : ''}, ${fileList.length} files`);

  const started = performance.now();
  const total = { ...harness.emptyCounters() };
  const failures = [];
  let filesDone = 0;
  let startAfter;
  for (;;) {
    const outcome = await runWorker({ ...o, startAfter }, {
      onFailure: (f) => {
        failures.push(f);
        if (!o.quiet && !o.json) log(`  FAIL [${f.check}] ${f.file} case ${f.caseId} (${f.mutator}): ${f.message.slice(0, 160)}`);
      },
      onFile: (name, counters) => {
        filesDone++;
        log(`[${filesDone}/${fileList.length}] ${name}  ${counters.mutations + total.mutations} texts, ${failures.length} failures, ${((performance.now() - started) / 1000).toFixed(1)} s`);
      },
    });
    merge(total, outcome.counters);
    if (outcome.hung) {
      const { file, caseId, mutator } = outcome.hung;
      const f = fileList.find((x) => x.name === file);
      const text = f && harness.casesOf(f, { seed: o.seed, count: o.count, truncateAll: true, onlyCase: caseId }).next().value?.text;
      const failure = {
        check: 'hang',
        seed: o.seed,
        file,
        caseId,
        mutator,
        message: `no result after ${o.hangMs} ms (the worker was stopped; the run resumed after this case)`,
        mutation: f && text !== undefined ? harness.describeMutation(f.text, text) : '',
        input: text ?? '',
        fileName: f?.fileName ?? file,
        typed: false,
      };
      failures.push(failure);
      log(`  HANG ${file} case ${caseId} (${mutator})`);
      startAfter = { file, caseId };
      continue;
    }
    if (outcome.error) {
      console.error(`fuzz: the worker died: ${outcome.error}`);
      process.exit(2);
    }
    break;
  }

  const summary = { seed: o.seed, count: o.count, files: fileList.length, ...total, failures, durationMs: performance.now() - started };
  const groups = harness.groupFailures(failures);
  const minimized = new Map();
  if (o.minimize) {
    for (const g of groups) {
      if (g.first.check === 'hang') continue;
      const file = fileList.find((x) => x.name === g.first.file);
      log(`minimizing ${g.key} (${g.first.file} case ${g.first.caseId}) ...`);
      minimized.set(g.key, harness.minimize(g.first, file, { seed: o.seed, maxMsPerFile: o.maxMs, typedEvery: o.typedEvery }));
    }
  }
  if (o.dump) {
    fs.mkdirSync(o.dump, { recursive: true });
    for (const g of groups) {
      const base = `${g.first.check}-${g.first.file.replace(/[\\/]/g, '_')}-case${g.first.caseId}`;
      const ext = path.extname(g.first.file) || '.ts';
      fs.writeFileSync(path.join(o.dump, base + ext), g.first.input);
      if (minimized.has(g.key)) fs.writeFileSync(path.join(o.dump, `${base}.min${ext}`), minimized.get(g.key));
    }
    log(`wrote the inputs of ${groups.length} failure kinds to ${o.dump}`);
  }

  if (o.json) {
    const strip = ({ input, ...rest }) => ({ ...rest, replay: `node scripts/fuzz.js --seed ${rest.seed} --file ${rest.file} --case ${rest.caseId}` });
    const out = {
      ...summary,
      failures: failures.map(strip),
      kinds: groups.map((g) => ({ kind: g.key, count: g.count, ...(minimized.has(g.key) ? { minimized: minimized.get(g.key) } : {}) })),
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    for (const g of groups) {
      console.log(`\n${g.key} x${g.count}`);
      const shown = o.all ? failures.filter((f) => `${f.check} (${f.mutator})` === g.key) : failures.filter((f) => `${f.check} (${f.mutator})` === g.key).slice(0, 3);
      for (const f of shown) console.log(harness.formatFailure(f));
      if (minimized.has(g.key)) console.log(`  minimized (${minimized.get(g.key).length} chars): ${JSON.stringify(minimized.get(g.key))}`);
    }
    console.log(harness.formatSummary(summary));
  }
  process.exitCode = failures.length ? 1 : 0;
}

function merge(total, counters) {
  if (!counters) return;
  for (const k of COUNTERS) total[k] += counters[k];
  if (counters.maxMs > total.maxMs) {
    total.maxMs = counters.maxMs;
    total.maxMsAt = counters.maxMsAt;
  }
}

/** Runs one worker to its end, or until a case goes `hangMs` without a message; resolves with its counters. */
function runWorker(data, { onFailure, onFile }) {
  return new Promise((resolve) => {
    // A worker's stack defaults to 4 MB; the language server and the CLI run on a main thread's ~1 MB, which
    // is where deep nesting overflows, so the worker gets the same.
    const worker = new Worker(__filename, { workerData: data, resourceLimits: { stackSizeMb: 1 } });
    const last = { at: performance.now(), current: undefined, counters: undefined };
    let settled = false;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      resolve(outcome);
    };
    let hung;
    const timer = setInterval(() => {
      if (!hung && last.current && performance.now() - last.at > data.hangMs) {
        hung = last.current;
        worker.terminate().then(() => finish({ counters: last.counters, hung }));
      }
    }, Math.min(1000, data.hangMs));
    worker.on('message', (m) => {
      last.at = performance.now();
      if (m.type === 'case') {
        last.current = { file: m.file, caseId: m.caseId, mutator: m.mutator };
        last.counters = m.counters;
      } else if (m.type === 'failure') onFailure(m.failure);
      else if (m.type === 'file') onFile(m.file, m.counters);
      else if (m.type === 'done') finish({ counters: m.summary });
    });
    worker.on('error', (e) => finish(hung ? { counters: last.counters, hung } : { counters: last.counters, error: e && e.stack ? e.stack : String(e) }));
    worker.on('exit', (code) => finish(hung ? { counters: last.counters, hung } : { counters: last.counters, error: `exit code ${code}` }));
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
