// Entry point of the editor tests inside the extension host: runs every suite/*.test.js with Mocha.
// Both launchers point their extensionTestsPath here: test/editor (code-server, used by `npm test` and
// CI) and runTest.ts (@vscode/test-electron, `npm run test:electron`). One suite, two launchers.
// SPAN_KIND_LENS_GREP, when set in the extension host's environment, runs only the matching tests.
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function run(): Promise<void> {
  // Mocha 12 is an ES module; a dynamic import loads it from this CommonJS file.
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec', color: false });
  const grep = process.env.SPAN_KIND_LENS_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  let passed = 0;
  const failed = await new Promise<number>((resolve) => {
    try {
      mocha.run(resolve).on('pass', () => passed++);
    } catch (error) {
      // A test file that cannot load counts as a failure, so the closing line is always printed.
      console.error(error);
      resolve(1);
    }
  });
  // The launchers read this line; test/editor adds it to the closing line of `npm test`.
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} editor test(s) failed`);
  if (passed === 0) throw new Error('no editor test ran');
}
