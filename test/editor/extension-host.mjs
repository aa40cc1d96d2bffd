// Runs the extension-host suite (client/src/test/suite, compiled to out/) inside code-server's real
// extension host: the workbench page gets a payload with extensionDevelopmentPath and extensionTestsPath,
// VS Code runs the suite's run() there, and reports its output and exit code back through the page
// (codeAutomationLog / codeAutomationExit, enabled by code-server's enable-smoke-test-driver option).
import * as util from 'node:util';

// Lines of the workbench's own log that are noise here (offline machine, no marketplace, no vsda).
const NOISE = /ENOTFOUND|EAI_AGAIN|Creating a socket|connection token|AccountPolicyGate|AgentHost|vsda|marketplace|github\.com|Failed to fetch|ERR_NAME_NOT_RESOLVED/i;

/**
 * @returns {Promise<{ exitCode: number | string, output: string[] }>} the suite's exit code (or 'timeout')
 *          and the lines it printed (forwarded to stdout as they come).
 */
export async function runExtensionHostSuite({ context, url, extensionPath, testsPath, workspace, timeoutMs, env }) {
  const page = await context.newPage();
  const output = [];
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  await page.exposeFunction('codeAutomationLog', (_level, args) => {
    const text = Array.isArray(args) ? util.format(...args) : String(args);
    if (NOISE.test(text)) return;
    for (const line of text.split('\n')) {
      output.push(line);
      console.log(line);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => done(code));
  const authority = new URL(url).host;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionPath}`],
    ['extensionTestsPath', `vscode-remote://${authority}${testsPath}`],
    // Only user extensions are disabled; built-ins such as TypeScript's own features stay on.
    ['disableExtensions', 'true'],
  ];
  // Environment variables for the extension host, e.g. SPAN_KIND_LENS_GREP to run some tests only.
  if (env && Object.keys(env).length) payload.push(['extensionEnvironment', JSON.stringify(env)]);
  const timer = setTimeout(() => done('timeout'), timeoutMs);
  try {
    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const exitCode = await finished;
    return { exitCode, output, page };
  } finally {
    clearTimeout(timer);
  }
}
