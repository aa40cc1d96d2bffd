#!/usr/bin/env node
// The real-code accuracy benchmark: materialises each labelled repository at its commit (from bare mirrors
// or with git clone), runs the built CLI over it whole as a user would, and scores the hand-labelled span
// call sites (score.mjs). `npm run accuracy -- --help` for the options. Nothing from those repositories is
// ever installed or run: only git and the checker read them.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, misalignment, scoreRows, summarize } from './score.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.resolve(HERE, '..', '..');
const CLI = path.join(PROJECT, 'dist', 'cli.js');
const DATA = ['dev-libs.jsonl', 'dev-apps.jsonl'].map((f) => path.join(HERE, f));
const MARKER = '.span-kind-lens-realcode.json';

const HELP = `Usage: npm run accuracy -- [options]
       node bench/realcode/run.mjs [options]     (after npm run build)

Scores the built checker (dist/cli.js) on the hand-labelled span call sites of bench/realcode/*.jsonl.

Options:
  --only TEXT        only repositories whose owner/name contains TEXT (repeatable)
  --ids L001,P002    only these rows (their repositories are still checked whole)
  --verbose          also list each row not found, inferred wrong, falsely alarmed or not detected
  --json FILE        where to write the results (default bench/realcode/results/latest.json)
  --markdown FILE    also write the scorecard as a Markdown page
  --cache DIR        where the repositories are materialised (default $SPANKIND_REALCODE_CACHE,
                     else ~/.cache/span-kind-lens-realcode)
  -h, --help         show this help

Environment:
  SPANKIND_REALCODE_MIRRORS  a folder of bare mirrors, <folder>/<owner>+<name>/repo (or repo/.git);
                             without it, each repository is fetched with git clone from GitHub
  SPANKIND_REALCODE_CACHE    the cache folder (see --cache)

Exit codes: 0 scored; 2 the CLI is not built, bad usage, or a repository could not be materialised
(the others are still scored, and the skipped ones are named).`;

function parseArgs(argv) {
  const o = { only: [], ids: undefined, verbose: false, json: path.join(HERE, 'results', 'latest.json'), markdown: undefined, cache: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '-h' || a === '--help') o.help = true;
    else if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a === '--only') o.only.push(value());
    else if (a === '--ids') o.ids = new Set(value().split(',').map((s) => s.trim()).filter(Boolean));
    else if (a === '--json') o.json = path.resolve(value());
    else if (a === '--markdown') o.markdown = path.resolve(value());
    else if (a === '--cache') o.cache = path.resolve(value());
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

function readRows() {
  return DATA.flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l)),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Materialising a repository at its commit

function git(args, options = {}) {
  return spawnSync('git', args, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
}

function findMirror(mirrors, repo) {
  const base = path.join(mirrors, repo.replace('/', '+'), 'repo');
  for (const candidate of [base, path.join(base, '.git')]) {
    if (fs.existsSync(path.join(candidate, 'HEAD')) && fs.existsSync(path.join(candidate, 'objects'))) return candidate;
  }
  return undefined;
}

/** `git archive <commit> | tar -x`: all or nothing (a missing blob fails the archive). */
function extractArchive(gitDir, commit, dir) {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', 'git --git-dir="$1" archive "$2" | tar -x -C "$3"', 'archive', gitDir, commit, dir], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return r.status === 0 ? undefined : (r.stderr || r.error?.message || `exit ${r.status}`).trim();
}

/**
 * The tree listed with `git ls-tree -r -z` and each blob written from `git cat-file --batch` (one process,
 * streamed): blobs the mirror lacks are skipped and counted. Symbolic links are made as links; submodules
 * are left out, as git archive does.
 */
async function extractBlobs(gitDir, commit, dir) {
  const listing = spawnSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', '--full-tree', commit], { maxBuffer: 1 << 30 });
  if (listing.status !== 0) throw new Error(`git ls-tree ${commit} failed: ${listing.stderr.toString().trim()}`);
  const entries = [];
  for (const rec of listing.stdout.toString('utf8').split('\0')) {
    if (!rec) continue;
    const tab = rec.indexOf('\t');
    const [mode, type, oid] = rec.slice(0, tab).split(' ');
    if (type === 'blob') entries.push({ mode, oid, file: rec.slice(tab + 1) });
  }
  const child = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let missing = 0;
  let written = 0;
  const queue = [...entries];
  // Parse "<oid> <type> <size>\n<content>\n" or "<oid> missing\n", one answer per request, in order.
  let buffer = Buffer.alloc(0);
  let current; // { entry, size } when the header has been read
  let next = 0;
  const writeEntry = (entry, content) => {
    const target = path.join(dir, entry.file);
    if (!path.resolve(target).startsWith(path.resolve(dir) + path.sep)) return; // never outside the folder
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (entry.mode === '120000') {
      try {
        fs.symlinkSync(content.toString('utf8'), target);
      } catch {
        /* a link that cannot be made is not source code */
      }
    } else fs.writeFileSync(target, content, { mode: entry.mode === '100755' ? 0o755 : 0o644 });
    written++;
  };
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (chunk) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        if (!current) {
          const nl = buffer.indexOf(10);
          if (nl < 0) break;
          const header = buffer.subarray(0, nl).toString('utf8');
          buffer = buffer.subarray(nl + 1);
          const entry = queue[next++];
          if (header.endsWith(' missing')) {
            missing++;
            continue;
          }
          current = { entry, size: Number(header.split(' ')[2]) };
        }
        if (buffer.length < current.size + 1) break;
        writeEntry(current.entry, buffer.subarray(0, current.size));
        buffer = buffer.subarray(current.size + 1);
        current = undefined;
      }
    });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git cat-file --batch exited ${code}: ${stderr.trim()}`))));
  });
  child.stdin.on('error', () => {}); // reported through close
  child.stdin.end(entries.map((e) => `${e.oid}\n`).join(''));
  await done;
  return { written, missing, total: entries.length };
}

/** The repository at `commit` in the cache, made once; returns { dir, source, missingBlobs } or throws. */
async function materialise(repo, commit, cacheRoot, mirrors, log) {
  const dir = path.join(cacheRoot, `${repo.replace('/', '+')}@${commit}`);
  const marker = path.join(dir, MARKER);
  if (fs.existsSync(marker)) return { dir, ...JSON.parse(fs.readFileSync(marker, 'utf8')), cached: true };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let info;
  const mirror = mirrors ? findMirror(mirrors, repo) : undefined;
  if (mirrors && !mirror) throw new Error(`no mirror of ${repo} in ${mirrors} (looked for ${repo.replace('/', '+')}/repo)`);
  if (mirror) {
    const failure = extractArchive(mirror, commit, dir);
    if (failure === undefined) info = { source: `mirror ${mirror} (git archive)`, missingBlobs: 0 };
    else {
      log(`  ${repo}: git archive failed (${failure.split('\n')[0]}); writing the blobs one by one`);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      const r = await extractBlobs(mirror, commit, dir);
      info = { source: `mirror ${mirror} (ls-tree + cat-file)`, missingBlobs: r.missing, blobs: r.total };
    }
  } else {
    const url = `https://github.com/${repo}.git`;
    const clone = git(['clone', '--quiet', '--filter=blob:none', '--no-checkout', url, dir], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    if (clone.status !== 0) throw new Error(`git clone ${url} failed: ${(clone.stderr || clone.error?.message || '').trim()}`);
    const checkout = git(['-C', dir, '-c', 'advice.detachedHead=false', 'checkout', '--quiet', commit], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    if (checkout.status !== 0) throw new Error(`git checkout ${commit} failed: ${(checkout.stderr || '').trim()}`);
    info = { source: `git clone ${url}`, missingBlobs: 0 };
  }
  info = { repo, commit, ...info, madeAt: new Date().toISOString() };
  fs.writeFileSync(marker, `${JSON.stringify(info, null, 2)}\n`); // written last: the folder is complete
  return { dir, ...info, cached: false };
}

// ---------------------------------------------------------------------------------------------------------
// Running the checker

/** The CLI over the whole repository, from its root; the report goes to a temporary file. */
function runCli(dir) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-realcode-'));
  const out = path.join(tmp, 'report.json');
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--format', 'json', '--all-spans', '--exit-zero', '-o', out, '.'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const finish = (code, signal, spawnError) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let report;
      let error;
      if (spawnError) error = spawnError.message;
      else if (code !== 0) error = `exit ${code ?? signal}: ${lastLines(stderr, 6)}`;
      else {
        try {
          report = JSON.parse(fs.readFileSync(out, 'utf8'));
        } catch (e) {
          error = `unreadable report: ${e.message}`;
        }
      }
      fs.rmSync(tmp, { recursive: true, force: true });
      const warnings = stderr.split('\n').filter((l) => l.startsWith('spankind: ')).length;
      resolve({ report, error, seconds, warnings });
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

function lastLines(text, n) {
  return text.trim().split('\n').slice(-n).join(' | ');
}

// ---------------------------------------------------------------------------------------------------------
// Output

const fmt = (x) => (x.d ? `${x.n}/${x.d}` : '–');
const secs = (s) => (s === undefined ? '–' : s.toFixed(1));

function tableRows(repos) {
  return repos.map((r) => {
    if (r.skipped) return [r.repo, String(r.rows), 'skipped', '', '', '', '', ''];
    const f = r.figures;
    return [
      r.repo + (r.error ? ' (CLI failed)' : ''),
      String(r.rows),
      `${f.coverage.n}`,
      fmt(f.accuracy),
      `${f.kindFalseAlarms.n}/${f.kindFalseAlarms.d}` + (f.anyFalseAlarms.n !== f.kindFalseAlarms.n ? ` (any ${f.anyFalseAlarms.n})` : ''),
      fmt(f.detection),
      f.kindsRightBefore.d ? `${f.kindsRightBefore.n}→${f.kindsRightAfter.n}/${f.kindsRightAfter.d}` : '–',
      secs(r.seconds),
    ];
  });
}

const HEADERS = ['repository', 'rows', 'found', 'accuracy', 'kind false alarms', 'detection', 'kinds right', 'check (s)'];

function textTable(rows) {
  const all = [HEADERS, ...rows];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function markdownPage(results) {
  const esc = (s) => s.replace(/\|/g, '\\|');
  const rows = tableRows(results.repos);
  const t = results.totals;
  const lines = [
    '# Real-code accuracy scorecard',
    '',
    `> Generated by \`${results.command}\` on ${results.date.slice(0, 10)}, checker at commit \`${results.projectCommit}\`` +
      `${results.projectDirty ? ' (with uncommitted changes to the checker sources)' : ''}. Do not edit by hand: run it again.`,
    '> What the set is and how each figure is defined: [bench/realcode/README.md](../bench/realcode/README.md).',
    '',
    '## Totals',
    '',
    `**${describe(t)}.**`,
    '',
    '| figure | value |',
    '|---|---|',
    `| coverage (rows found / all rows) | ${fmt(t.coverage)} (${pct(t.coverage)}) |`,
    `| accuracy (found, undisputed rows inferred as expected) | ${fmt(t.accuracy)} (${pct(t.accuracy)}) |`,
    `| kind false alarms (right rows with a missing-kind or wrong-kind finding) | ${fmt(t.kindFalseAlarms)} |`,
    `| any-finding false alarms (right rows with any finding) | ${fmt(t.anyFalseAlarms)} |`,
    `| detection (wrong rows whose finding suggests the expected kind) | ${fmt(t.detection)} |`,
    `| kinds right as written | ${fmt(t.kindsRightBefore)} |`,
    `| kinds right after the suggestions | ${fmt(t.kindsRightAfter)} |`,
    '',
    `${results.rows} rows from ${results.repos.length} repositories` +
      (results.skipped.length ? `; **skipped** (not materialised, left out of every figure): ${results.skipped.join(', ')}` : '') +
      (results.failed.length ? `; **the CLI failed** on ${results.failed.join(', ')} (their rows count as not found)` : '') +
      '.',
    '',
    `Total check time ${results.totalSeconds.toFixed(1)} s (wall clock, one repository at a time, ${results.machine}); ` +
      `slowest: ${results.slowest.map((s) => `${s.repo} ${s.seconds.toFixed(1)} s`).join(', ')}.`,
    '',
    '## Per repository',
    '',
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
    '',
    '"kind false alarms" is n/d of the rows whose author kind is already right, with the any-finding count in',
    'brackets when it differs; "kinds right" is as written → after the suggestions, over the undisputed rows.',
    '',
  ];
  return lines.join('\n');
}

const pct = (x) => (x.d ? `${Math.round((100 * x.n) / x.d)} %` : '–');

function verboseLines(verdicts) {
  const out = [];
  const show = (v, why) =>
    `  ${v.id.padEnd(5)} ${why.padEnd(34)} ${v.repo} ${v.path}:${v.line}  author ${v.authorKind}, expected ${v.expectedKind}` +
    `, inferred ${v.kindInferred ?? '-'}${v.spanLine !== null && v.spanLine !== v.line ? ` (span on ${v.spanLine})` : ''}` +
    (v.disputed ? ' [disputed]' : '') +
    (v.findings.length ? `; findings: ${v.findings.map((f) => `${f.rule}${f.suggestedKind ? `→${f.suggestedKind}` : ''}`).join(', ')}` : '') +
    (v.call ? `\n          ${v.call.trim()}` : '');
  for (const v of verdicts) {
    const f = v.figures;
    const why = [];
    if (!v.found) why.push('not found');
    else if (f.accuracy.counted && !f.accuracy.hit) why.push('inferred wrong');
    if (f.anyFalseAlarms.hit) why.push(f.kindFalseAlarms.hit ? 'kind false alarm' : 'other-rule alarm');
    if (f.detection.counted && !f.detection.hit) why.push('not detected');
    if (why.length) out.push(show(v, why.join(', ')));
  }
  return out;
}

function projectCommit() {
  const head = git(['-C', PROJECT, 'rev-parse', '--short=12', 'HEAD']).stdout?.trim() || 'unknown';
  // Only what goes into dist/cli.js: other people's edits elsewhere do not change the figures.
  const dirty = (git(['-C', PROJECT, 'status', '--porcelain', '--untracked-files=no', '--', 'server/src', 'scripts/build.mjs', 'package-lock.json']).stdout ?? '').trim() !== '';
  return { head, dirty };
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`accuracy: ${e.message}\n\n${HELP}`);
    return 2;
  }
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  if (!fs.existsSync(CLI)) {
    console.error(`accuracy: ${path.relative(process.cwd(), CLI)} is not built: run npm run build (npm run accuracy builds it)`);
    return 2;
  }
  const cacheRoot = options.cache ?? process.env.SPANKIND_REALCODE_CACHE ?? path.join(os.homedir(), '.cache', 'span-kind-lens-realcode');
  const mirrors = process.env.SPANKIND_REALCODE_MIRRORS || undefined;
  if (mirrors && !fs.existsSync(mirrors)) {
    console.error(`accuracy: SPANKIND_REALCODE_MIRRORS=${mirrors} does not exist`);
    return 2;
  }
  if (path.resolve(cacheRoot).startsWith(PROJECT + path.sep)) {
    console.error(`accuracy: the cache (${cacheRoot}) must not be inside the project: the project's own checks would read it`);
    return 2;
  }
  fs.mkdirSync(cacheRoot, { recursive: true });

  let rows = readRows();
  const allRows = rows.length;
  if (options.ids) {
    const unknown = [...options.ids].filter((id) => !rows.some((r) => r.id === id));
    if (unknown.length) console.error(`accuracy: no rows with id ${unknown.join(', ')}`);
    rows = rows.filter((r) => options.ids.has(r.id));
  }
  if (options.only.length) rows = rows.filter((r) => options.only.some((s) => r.repo.toLowerCase().includes(s.toLowerCase())));
  if (!rows.length) {
    console.error('accuracy: no rows selected');
    return 2;
  }
  const groups = new Map();
  for (const row of rows) {
    const key = `${row.repo}@${row.commit}`;
    if (!groups.has(key)) groups.set(key, { repo: row.repo, commit: row.commit, rows: [] });
    groups.get(key).rows.push(row);
  }
  const log = (s) => console.error(s);
  log(
    `Scoring ${rows.length} of ${allRows} rows in ${groups.size} repositories; cache ${cacheRoot}; ` +
      (mirrors ? `mirrors ${mirrors}` : 'git clone from GitHub (set SPANKIND_REALCODE_MIRRORS to use local mirrors)'),
  );

  const repos = [];
  const verdicts = [];
  const misaligned = [];
  let i = 0;
  for (const group of groups.values()) {
    i++;
    const prefix = `[${String(i).padStart(2)}/${groups.size}] ${group.repo}`;
    let m;
    try {
      m = await materialise(group.repo, group.commit, cacheRoot, mirrors, log);
    } catch (e) {
      // No marker was written: the next run starts this folder again; leave nothing half made meanwhile.
      fs.rmSync(path.join(cacheRoot, `${group.repo.replace('/', '+')}@${group.commit}`), { recursive: true, force: true });
      log(`${prefix}: SKIPPED, cannot materialise: ${e.message}`);
      repos.push({ repo: group.repo, commit: group.commit, rows: group.rows.length, skipped: true, error: e.message });
      continue;
    }
    if (m.missingBlobs) log(`${prefix}: ${m.missingBlobs} blobs missing from the mirror were skipped`);
    for (const row of group.rows) {
      let text;
      try {
        text = fs.readFileSync(path.join(m.dir, row.path), 'utf8');
      } catch {
        text = undefined;
      }
      const why = misalignment(row, text);
      if (why) misaligned.push({ id: row.id, repo: row.repo, path: row.path, line: row.line, why });
    }
    const run = await runCli(m.dir);
    const scored = scoreRows(group.rows, run.report, m.dir);
    for (const v of scored) v.call = group.rows.find((r) => r.id === v.id).call;
    verdicts.push(...scored);
    const figures = summarize(scored);
    repos.push({
      repo: group.repo,
      commit: group.commit,
      rows: group.rows.length,
      figures,
      seconds: run.seconds,
      spans: run.report?.spans?.length ?? 0,
      findings: run.report?.findings?.length ?? 0,
      cliWarnings: run.warnings,
      missingBlobs: m.missingBlobs ?? 0,
      ...(run.error ? { error: run.error } : {}),
    });
    log(
      `${prefix}: ${run.error ? `CLI FAILED (${run.error}); ` : ''}${figures.coverage.n}/${group.rows.length} found, ` +
        `${run.report?.spans?.length ?? 0} spans, ${run.report?.findings?.length ?? 0} findings, ${run.seconds.toFixed(1)} s${m.cached ? '' : ' (just materialised)'}`,
    );
  }

  if (misaligned.length) {
    log(`\nWARNING: ${misaligned.length} rows do not match their file (call text against the line):`);
    for (const r of misaligned) log(`  ${r.id} ${r.repo} ${r.path}:${r.line}: ${r.why}`);
  }

  const totals = summarize(verdicts);
  const checked = repos.filter((r) => !r.skipped);
  const totalSeconds = checked.reduce((s, r) => s + r.seconds, 0);
  const slowest = [...checked].sort((a, b) => b.seconds - a.seconds).slice(0, 3).map((r) => ({ repo: r.repo, seconds: r.seconds }));
  const skipped = repos.filter((r) => r.skipped).map((r) => r.repo);
  const failed = repos.filter((r) => !r.skipped && r.error).map((r) => r.repo);
  const { head, dirty } = projectCommit();
  const argv = process.argv.slice(2);
  const results = {
    date: new Date().toISOString(),
    projectCommit: head,
    projectDirty: dirty,
    command: `SPANKIND_REALCODE_MIRRORS=… npm run accuracy${argv.length ? ` -- ${argv.map((a) => (a.startsWith(PROJECT + path.sep) ? path.relative(PROJECT, a) : a)).join(' ')}` : ''}`.replace(
      /^SPANKIND_REALCODE_MIRRORS=… /,
      mirrors ? 'SPANKIND_REALCODE_MIRRORS=… ' : '',
    ),
    machine: `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? 'CPU'}`,
    rows: verdicts.length,
    selectedRows: rows.length,
    totals,
    summary: describe(totals),
    totalSeconds,
    slowest,
    skipped,
    failed,
    misaligned,
    repos,
    verdicts: verdicts.map(({ call, ...v }) => v),
  };

  console.log(`\n${textTable(tableRows(repos))}\n`);
  const skippedRows = repos.filter((r) => r.skipped).reduce((n, r) => n + r.rows, 0);
  console.log(`Totals over ${verdicts.length} rows${skippedRows ? ` (${skippedRows} rows of skipped repositories left out)` : ''}: ${describe(totals)}`);
  if (slowest.length) console.log(`Total check time ${totalSeconds.toFixed(1)} s; slowest: ${slowest.map((s) => `${s.repo} ${s.seconds.toFixed(1)} s`).join(', ')}`);
  if (options.verbose) {
    const lines = verboseLines(verdicts);
    console.log(`\nRows to look at (${lines.length}):`);
    for (const l of lines) console.log(l);
  }
  fs.mkdirSync(path.dirname(options.json), { recursive: true });
  fs.writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nResults: ${path.relative(process.cwd(), options.json) || options.json}`);
  if (options.markdown) {
    fs.mkdirSync(path.dirname(options.markdown), { recursive: true });
    fs.writeFileSync(options.markdown, markdownPage(results));
    console.log(`Scorecard: ${path.relative(process.cwd(), options.markdown) || options.markdown}`);
  }
  if (failed.length) console.log(`The CLI failed on ${failed.join(', ')}: their rows count as not found.`);
  if (skipped.length) {
    console.error(`\naccuracy: ${skipped.length} repositories could not be materialised and were skipped: ${skipped.join(', ')}`);
    return 2;
  }
  return 0;
}

process.exitCode = await main();
