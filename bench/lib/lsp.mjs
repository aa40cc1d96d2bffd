// A minimal LSP client for the benchmark: starts the built server (dist/server.js --stdio), answers
// workspace/configuration with the settings given (section `spanKind`), and waits for versioned
// publishDiagnostics. Same protocol library and handshake as server/test/protocol.test.ts.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(REPO, 'package.json'));
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

export const SERVER = process.env.SPANKIND_BENCH_SERVER ?? path.join(REPO, 'dist/server.js');

export class BenchClient {
  /**
   * @param {string} root workspace folder
   * @param {object} settings the `spanKind` section returned to the server
   * @param {string[]} nodeArgs extra Node options for the server process (e.g. --cpu-prof)
   */
  constructor(root, settings, nodeArgs = []) {
    this.root = root;
    this.settings = settings;
    this.proc = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.configRequests = 0;
    this.connection.onRequest('workspace/configuration', (params) => {
      this.configRequests++;
      return params.items.map(() => this.settings);
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/showMessageRequest', () => null);
    this.connection.onNotification('window/showMessage', () => undefined);
    this.connection.onNotification('window/logMessage', () => undefined);
    /** uri → { version, diagnostics, at } (latest), and waiters keyed by uri@version. */
    this.latest = new Map();
    this.waiters = new Map();
    this.connection.onNotification('textDocument/publishDiagnostics', (p) => {
      const at = performance.now();
      this.latest.set(p.uri, { version: p.version, count: p.diagnostics.length, at });
      const key = `${p.uri}@${p.version}`;
      const w = this.waiters.get(key);
      if (w) {
        this.waiters.delete(key);
        w(at);
      }
    });
    this.connection.listen();
  }

  async initialize() {
    const uri = pathToFileURL(this.root).href;
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(this.root) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, synchronization: { dynamicRegistration: false } },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the arrival time (performance.now()) of diagnostics for `uri` at `version`. */
  diagnosticsAt(uri, version, timeoutMs = 120_000) {
    const latest = this.latest.get(uri);
    if (latest && latest.version === version) return Promise.resolve(latest.at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(`${uri}@${version}`);
        reject(new Error(`no diagnostics for ${uri} version ${version} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(`${uri}@${version}`, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  open(file, text) {
    const uri = pathToFileURL(file).href;
    const doc = TextDocument.create(uri, 'typescript', 1, text ?? fs.readFileSync(file, 'utf8'));
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: doc.getText() } });
    return doc;
  }

  /** Applies `changes` ({ range, text } with offsets) to `doc`, sends didChange; returns [new doc, send time]. */
  change(doc, edits) {
    const version = doc.version + 1;
    const contentChanges = edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, text: e.text }));
    const next = TextDocument.update(doc, contentChanges, version);
    const sent = performance.now();
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version }, contentChanges });
    return [next, sent];
  }

  close(doc) {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: doc.uri } });
  }

  /** VmHWM (peak RSS) and VmRSS of the server process, in kB (Linux; undefined elsewhere). */
  /** Resolves true once the server's workspace index has read every file (false after `timeoutMs`). */
  async indexComplete(timeoutMs) {
    const end = performance.now() + timeoutMs;
    while (performance.now() < end) {
      const result = await this.connection.sendRequest('spanKind/workspaceSpans');
      if (result?.complete) return true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return false;
  }

  memory() {
    try {
      const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
      return { peakKB: kb('VmHWM'), rssKB: kb('VmRSS') };
    } catch {
      return undefined;
    }
  }

  async shutdown() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5_000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
