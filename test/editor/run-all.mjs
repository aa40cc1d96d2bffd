#!/usr/bin/env node
// `npm test`: every suite, then one closing line `N passed, N failed` summed over all of them.
//   0. the Debian packages of the tests (install-tools.sh --apt-only; quick when they are there): mocha's
//      Neovim test needs neovim, the editor tests chromium;
//   1. unit, fixture, CLI and protocol tests: mocha over out/ (what `npm run test:unit` runs alone);
//   2. the editor tests in code-server: the extension-host suite and the UI test (test/editor/run.mjs),
//      installing their tools first when they are missing.
// Every suite runs even when an earlier one failed. Exits 1 when any test failed or a suite could not run.
// (`npm test` builds and compiles first, in its pretest script.)
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const COUNT_LINE = /^(?:\w+: )?(\d+) passed, (\d+) failed/;

const SUITES = [
  { name: 'unit, fixture, CLI and protocol tests (mocha)', command: [path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js')] },
  { name: 'editor tests in code-server (extension host and UI)', command: [path.join(ROOT, 'test', 'editor', 'run.mjs')] },
];

// A suite that could not run says why in one line starting `problem:`; it is repeated after the summary.
const PROBLEM_LINE = /^problem: /;

/**
 * Runs `node ...command`, passing its output through, and resolves with its exit code, its last count line
 * and its `problem:` lines.
 */
function run(command) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, command, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let last;
    const problems = [];
    let pending = '';
    const take = (line) => {
      const m = COUNT_LINE.exec(line.trim());
      if (m) last = { passed: Number(m[1]), failed: Number(m[2]) };
      if (PROBLEM_LINE.test(line.trim())) problems.push(line.trim());
    };
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop();
      for (const line of lines) {
        take(line);
      }
    });
    child.on('close', (code, signal) => {
      take(pending);
      resolve({ code: code ?? signal, counts: last, problems });
    });
  });
}

// Ctrl+C reaches the children too (same process group); wait for them to clean up and report.
process.on('SIGINT', () => {});

const summary = [];
const problems = [];

// The Debian packages first. A failure is said in a `problem:` line; the tests that need a missing package
// then fail with their own message, and the editor tests try the install again.
{
  console.log('\n=== Debian packages of the tests (test/editor/install-tools.sh --apt-only)\n');
  const apt = spawnSync('bash', [path.join(ROOT, 'test', 'editor', 'install-tools.sh'), '--apt-only'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  process.stderr.write(apt.stderr ?? '');
  if (apt.status !== 0) {
    const failed = (apt.stderr ?? '').split('\n').find((l) => l.includes('FAILED:')) ?? `exit code ${apt.status ?? apt.signal}`;
    problems.push(`problem: the Debian packages of the tests were not installed: ${failed.replace(/^\[editor-tools\] /, '')}`);
  }
}
let passed = 0;
let failed = 0;
for (const suite of SUITES) {
  console.log(`\n=== ${suite.name}\n`);
  const { code, counts, problems: suiteProblems } = await run(suite.command);
  problems.push(...suiteProblems);
  let suiteFailed = counts?.failed ?? 0;
  if (code !== 0 && suiteFailed === 0) {
    // It exited badly without counting a failure (it could not start, or crashed): count one.
    suiteFailed = 1;
  }
  const suitePassed = counts?.passed ?? 0;
  passed += suitePassed;
  failed += suiteFailed;
  summary.push(`  ${suite.name}: ${suitePassed} passed, ${suiteFailed} failed${code !== 0 ? ` (exit code ${code})` : ''}`);
}
console.log(`\n=== summary\n${summary.join('\n')}`);
if (problems.length) console.log(problems.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
