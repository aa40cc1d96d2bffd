// `npm run test:electron`: the extension-host suite (suite/index.ts) in a VS Code that
// @vscode/test-electron downloads, so only on a machine that can download it. `npm test` and CI run the
// same suite in code-server instead (test/editor/run.mjs): one suite, two launchers.
// Like test/editor, it opens a throwaway copy of test-workspace, so the repository's copy is never touched.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // This file compiles to out/client/src/test/runTest.js.
  const root = path.resolve(__dirname, '..', '..', '..', '..');
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'span-kind-lens-electron-'));
  const workspace = path.join(runDir, 'test-workspace');
  fs.cpSync(path.join(root, 'test-workspace'), workspace, {
    recursive: true,
    filter: (source) => path.basename(source) !== 'node_modules' && path.basename(source) !== '.vscode',
  });
  // The packages the fixtures import resolve as they do inside the repository (TypeScript's hovers).
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(workspace, 'node_modules'));
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'client', 'src', 'test', 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: process.env.SPAN_KIND_LENS_GREP ? { SPAN_KIND_LENS_GREP: process.env.SPAN_KIND_LENS_GREP } : undefined,
    });
  } catch (error) {
    console.error('Editor tests failed:', error);
    process.exitCode = 1;
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

void main();
