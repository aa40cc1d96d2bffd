#!/usr/bin/env node
// The editor tests in a real VS Code: code-server on 127.0.0.1, driven by Debian's chromium.
//
//   node test/editor/run.mjs [--host] [--ui] [--screenshots DIR]
//
//   --host             the extension-host suite (client/src/test/suite, mocha inside the extension host)
//   --ui               the UI test (test/editor/ui.mjs, Playwright against the workbench)
//                      (neither: both)
//   --screenshots DIR  also copy the README's screenshots from the UI test into DIR (docs/screenshots)
//
// Expects `npm run build` and `npm run compile` to have run (the npm scripts do). Installs the tools when
// missing (install-tools.sh). Each run gets a throwaway folder: code-server's user data, extensions and
// config, and two copies of test-workspace (one per part), so the repository's test-workspace is never
// touched. code-server is stopped with its whole process group when the run ends, however it ends.
// Environment: SPAN_KIND_LENS_TOOLS (tools folder), SPAN_KIND_LENS_GREP (run only the extension-host
// tests whose title matches), SPAN_KIND_LENS_KEEP=1 (keep the run folder, to read code-server's log).
// Prints `N passed, N failed` last; exits 1 when a test failed, 2 when the run itself could not start (a
// failed tool install is said in one line starting `problem:` just before it).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { startCodeServer } from './code-server.mjs';
import { runExtensionHostSuite } from './extension-host.mjs';
import { README_SHOTS, runUiTest } from './ui.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SUITE = path.join(ROOT, 'out', 'client', 'src', 'test', 'suite', 'index.js');
const SHOTS = path.join(ROOT, 'out', 'editor-tests', 'screenshots');
const HOST_TIMEOUT_MS = 10 * 60_000;
const COUNT_LINE = /^(\d+) passed, (\d+) failed/;

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const wantHost = args.includes('--host') || !args.includes('--ui');
const wantUi = args.includes('--ui') || !args.includes('--host');
const readmeShots = option('--screenshots') && path.resolve(option('--screenshots'));

const elapsed = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`[editor-tests] ${message}`);

// Whatever ends this process (an error, Ctrl+C, a CI timeout's SIGTERM), code-server's process group is
// killed by code-server.mjs's exit handler and the run folder goes with it.
let runDir;
process.on('exit', () => {
  if (runDir && !process.env.SPAN_KIND_LENS_KEEP) fs.rmSync(runDir, { recursive: true, force: true });
});
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    process.exit(128 + number);
  });
}

/**
 * Runs install-tools.sh, its progress passed through to stderr. Resolves with the tools folder (its last
 * line of output), or with the failure: its `FAILED:` line (what failed, why, how to retry) or its exit.
 */
function installTools() {
  return new Promise((resolve) => {
    const child = spawn('bash', [path.join(HERE, 'install-tools.sh')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', (error) => resolve({ failure: `The editor tools could not be installed: ${error.message}. Retry it alone: npm run editor-tools` }));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve({ tools: stdout.trim().split('\n').pop() });
      const failed = /^\[editor-tools\] FAILED: (.*)$/m.exec(stderr);
      resolve({
        failure: failed
          ? `The editor tools could not be installed: ${failed[1]}`
          : `The editor tools' installer ended with ${signal ?? `exit code ${code}`}. Retry it alone: npm run editor-tools`,
      });
    });
  });
}

async function main() {
  for (const file of ['dist/client.js', 'dist/server.js', path.relative(ROOT, SUITE)]) {
    if (!fs.existsSync(path.join(ROOT, file))) {
      log(`${file} is missing: run \`npm run build && npm run compile\` first (npm run test:editor does)`);
      return 2;
    }
  }
  const started = Date.now();
  const installed = await installTools();
  if (installed.failure) {
    // Not a test failure, but the editor tests did not run: say so last, in one line, and count one failure.
    console.log(`\nproblem: the editor tests did not run. ${installed.failure}`);
    console.log('0 passed, 1 failed');
    return 2;
  }
  const tools = installed.tools;
  log(`tools ready in ${elapsed(started)}: ${tools}`);

  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'span-kind-lens-editor-'));
  const workspaceCopy = (part) => {
    const copy = path.join(runDir, part, 'test-workspace');
    fs.cpSync(path.join(ROOT, 'test-workspace'), copy, {
      recursive: true,
      filter: (source) => path.basename(source) !== 'node_modules' && path.basename(source) !== '.vscode',
    });
    // The packages the fixtures import resolve as they do inside the repository (TypeScript's hovers).
    if (fs.existsSync(path.join(ROOT, 'node_modules'))) fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    return copy;
  };

  // The UI test uses the extension as a person has it: packaged (.vscodeignore applies) and installed.
  let vsix;
  if (wantUi) {
    vsix = path.join(runDir, 'span-kind-lens.vsix');
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const packaging = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    // Its warnings (no repository field) are noise here; its output matters only when it fails.
    if (packaging.status !== 0) throw new Error(`vsce package failed:\n${packaging.stdout}${packaging.stderr}`);
  }

  const serverStarted = Date.now();
  const server = await startCodeServer({ tools, runDir, userSettings: path.join(HERE, 'user-settings.json'), vsix });
  log(`code-server ${server.url} up in ${elapsed(serverStarted)}${vsix ? ' (extension installed from its .vsix)' : ''}`);
  const browser = await launchBrowser(tools, path.join(runDir, 'chromium-profile'));
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  const results = [];
  try {
    if (wantHost) {
      const t = Date.now();
      log('extension-host suite (mocha inside code-server\'s extension host)');
      const env = process.env.SPAN_KIND_LENS_GREP ? { SPAN_KIND_LENS_GREP: process.env.SPAN_KIND_LENS_GREP } : undefined;
      const { exitCode, output, page } = await runExtensionHostSuite({
        context: browser.context,
        url: server.url,
        extensionPath: ROOT,
        testsPath: SUITE,
        workspace: workspaceCopy('host'),
        timeoutMs: HOST_TIMEOUT_MS,
        env,
      });
      await page.screenshot({ path: path.join(SHOTS, 'extension-host.png') }).catch(() => {});
      await page.close().catch(() => {});
      const counts = output.map((line) => COUNT_LINE.exec(line.trim())).filter(Boolean).pop();
      let passed = counts ? Number(counts[1]) : 0;
      let failed = counts ? Number(counts[2]) : 0;
      if (exitCode !== 0 && failed === 0) {
        // The suite did not finish (a timeout, a crash of the extension host): that is a failure too.
        log(`the extension-host suite ended with ${exitCode === 'timeout' ? `no result in ${HOST_TIMEOUT_MS / 60_000} min` : `exit code ${exitCode}`}`);
        failed = 1;
      }
      results.push({ name: 'extension host', passed, failed });
      log(`extension-host suite: ${passed} passed, ${failed} failed, ${elapsed(t)}`);
    }
    if (wantUi) {
      const t = Date.now();
      const { passed, failed } = await runUiTest({ context: browser.context, url: server.url, workspace: workspaceCopy('ui'), shotsDir: SHOTS });
      results.push({ name: 'UI', passed, failed });
      log(`UI test: ${passed} passed, ${failed} failed, ${elapsed(t)}; screenshots in ${path.relative(process.cwd(), SHOTS) || SHOTS}`);
      if (readmeShots) {
        if (failed) {
          log(`not updating ${readmeShots}: the UI test failed`);
        } else {
          fs.mkdirSync(readmeShots, { recursive: true });
          for (const [from, to] of Object.entries(README_SHOTS)) fs.copyFileSync(path.join(SHOTS, from), path.join(readmeShots, to));
          log(`wrote ${Object.values(README_SHOTS).join(', ')} to ${readmeShots}`);
        }
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  log(`done in ${elapsed(started)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed || !passed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(2);
  },
);
