#!/usr/bin/env node
// `npm test`: every suite, then one closing line `N passed, N failed` summed over all of them.
//   1. unit, fixture, CLI and protocol tests: mocha over out/ (what `npm run test:unit` runs alone);
//   2. the editor tests in code-server: the extension-host suite and the UI test (test/editor/run.mjs),
//      installing their tools first when they are missing.
// Every suite runs even when an earlier one failed. Exits 1 when any test failed or a suite could not run.
// (`npm test` builds and compiles first, in its pretest script.)
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const COUNT_LINE = /^(?:\w+: )?(\d+) passed, (\d+) failed/;

const SUITES = [
  { name: 'unit, fixture, CLI and protocol tests (mocha)', command: [path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js')] },
  { name: 'editor tests in code-server (extension host and UI)', command: [path.join(ROOT, 'test', 'editor', 'run.mjs')] },
];

/** Runs `node ...command`, passing its output through, and resolves with its exit code and last count line. */
function run(command) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, command, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let last;
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop();
      for (const line of lines) {
        const m = COUNT_LINE.exec(line.trim());
        if (m) last = { passed: Number(m[1]), failed: Number(m[2]) };
      }
    });
    child.on('close', (code, signal) => {
      const m = COUNT_LINE.exec(pending.trim());
      if (m) last = { passed: Number(m[1]), failed: Number(m[2]) };
      resolve({ code: code ?? signal, counts: last });
    });
  });
}

// Ctrl+C reaches the children too (same process group); wait for them to clean up and report.
process.on('SIGINT', () => {});

const summary = [];
let passed = 0;
let failed = 0;
for (const suite of SUITES) {
  console.log(`\n=== ${suite.name}\n`);
  const { code, counts } = await run(suite.command);
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
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
