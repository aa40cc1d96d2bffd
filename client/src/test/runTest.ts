// Launches the editor tests in a downloaded VS Code with the repository as the extension under development.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // This file compiles to out/client/src/test/runTest.js.
  const root = path.resolve(__dirname, '..', '..', '..', '..');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'client', 'src', 'test', 'suite', 'index.js'),
      launchArgs: [path.join(root, 'test-workspace'), '--disable-extensions'],
    });
  } catch (error) {
    console.error('Editor tests failed:', error);
    process.exit(1);
  }
}

void main();
