// The stand-alone server command, `spankind-language-server` (dist/language-server.js), as editors other
// than VS Code start it: its command line, and a bare client that supports none of the optional protocol
// (no workspace/configuration, no progress, no dynamic registration, no workspace folders).
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type Diagnostic,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { decideStart } from '../src/lsp/stdio';

const REPO = path.resolve(__dirname, '../../..');
const BIN = path.join(REPO, 'dist/language-server.js');
const URI = 'file:///nowhere/checkout.ts';
const TEXT = `import { trace } from '@opentelemetry/api';

export function charge(amount: number) {
  return trace.getTracer('shop').startActiveSpan('charge card', async (span) => {
    try {
      await fetch('https://payments.example/charge', { method: 'POST', body: String(amount) });
    } finally {
      span.end();
    }
  });
}
`;

describe('spankind-language-server', () => {
  describe('command line', () => {
    it('serves over the transport named, and answers --help and --version', () => {
      assert.deepEqual(decideStart(['--stdio']), { action: 'serve' });
      assert.deepEqual(decideStart(['--socket=7000', '--clientProcessId=12']), { action: 'serve' });
      assert.deepEqual(decideStart(['--node-ipc']), { action: 'serve' });
      assert.equal(decideStart(['--help']).action, 'print');
      assert.deepEqual(decideStart(['--version']), { action: 'serve' }, 'the server prints its version');
    });

    it('without a transport: usage on stderr and exit code 2, nothing on stdout', () => {
      const r = spawnSync(process.execPath, [BIN], { encoding: 'utf8', timeout: 10_000 });
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^spankind-language-server: no transport given; editors start it with --stdio\.\n\nUsage: spankind-language-server --stdio/);
      assert.equal(spawnSync(process.execPath, [BIN, '--clientProcessId=1'], { encoding: 'utf8', timeout: 10_000 }).status, 2);
    });

    it('dist/server.js started by hand without a transport: the same usage, naming it, on stderr, and exit code 2', () => {
      const r = spawnSync(process.execPath, ['dist/server.js'], { cwd: REPO, encoding: 'utf8', timeout: 10_000 });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^node dist\/server\.js: no transport given; editors start it with --stdio\.\n\nUsage: node dist\/server\.js --stdio\n/);
      const help = spawnSync(process.execPath, ['dist/server.js', '--help'], { cwd: REPO, encoding: 'utf8', timeout: 10_000 });
      assert.equal(help.status, 0);
      assert.match(help.stdout, /^Usage: node dist\/server\.js --stdio\n[^]*--stdio +over standard input and output/);
    });

    it('--help exits 0 with the usage; --version prints package.json\'s version', () => {
      const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8', timeout: 10_000 });
      assert.equal(help.status, 0);
      assert.match(help.stdout, /--stdio +over standard input and output/);
      const version = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', timeout: 10_000 });
      assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
    });

    it('is a node script with a shebang, as package.json "bin" names it', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
      assert.equal(pkg.bin['spankind-language-server'], './dist/language-server.js');
      assert.equal(fs.readFileSync(BIN, 'utf8').split('\n')[0], '#!/usr/bin/env node');
      assert.ok(fs.statSync(BIN).mode & 0o100, 'executable');
    });
  });

  describe('with a client that supports nothing optional', function () {
    let proc: ChildProcess;
    let connection: ProtocolConnection;
    const published: PublishDiagnosticsParams[] = [];
    const serverRequests: string[] = [];
    let waiters: (() => void)[] = [];

    async function diagnostics(version: number, ms = 15_000): Promise<Diagnostic[]> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = published.filter((p) => p.uri === URI && p.version === version && p.diagnostics.length).pop();
        if (found) return found.diagnostics;
        if (Date.now() > deadline) throw new Error(`no diagnostics for version ${version}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deadline - Date.now());
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    }

    before(async () => {
      proc = spawn(process.execPath, [BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
      connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
      // Every request from the server is recorded and refused, as a client without the method would. (The
      // catch-all form of onRequest exists at run time; ProtocolConnection's typings name only the typed ones.)
      const onAnyRequest = connection.onRequest as unknown as (handler: (method: string) => never) => void;
      onAnyRequest.call(connection, (method) => {
        serverRequests.push(method);
        throw new Error(`unsupported: ${method}`);
      });
      connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        published.push(p);
        const ready = waiters;
        waiters = [];
        for (const w of ready) w();
      });
      connection.listen();
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} });
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'typescript', version: 1, text: TEXT } });
    });

    after(async () => {
      if (proc.exitCode !== null) return;
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
      assert.equal(code, 0);
    });

    it('checks the document with the default settings, asking the client for nothing', async () => {
      const [d] = await diagnostics(1);
      assert.equal(d.code, 'spankind/missing-kind');
      assert.equal(d.severity, 2);
      assert.match(d.message as string, /`fetch` runs inside this span, so its kind should be CLIENT/);
      assert.deepEqual(serverRequests, [], 'no workspace/configuration, progress, registration or refresh requests');
    });

    it('takes settings pushed with workspace/didChangeConfiguration', async () => {
      await connection.sendNotification('workspace/didChangeConfiguration', { settings: { spanKind: { severity: 'error' } } });
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: URI, version: 2 },
        contentChanges: [{ text: `${TEXT}\n` }],
      });
      const [d] = await diagnostics(2);
      assert.equal(d.severity, 1);
    });

    it('answers hover and code actions', async () => {
      const lines = TEXT.split('\n');
      const line = lines.findIndex((l) => l.includes('startActiveSpan'));
      const hover = (await connection.sendRequest('textDocument/hover', {
        textDocument: { uri: URI },
        position: { line, character: lines[line].indexOf('startActiveSpan') + 2 },
      })) as Hover | null;
      assert.match(JSON.stringify(hover?.contents), /CLIENT/);
      const [d] = await diagnostics(2);
      const actions = (await connection.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: d.range, context: { diagnostics: [d] } })) as { title: string }[];
      assert.ok(actions.some((a) => a.title === 'Set span kind to CLIENT'), JSON.stringify(actions.map((a) => a.title)));
      assert.deepEqual(serverRequests, []);
    });
  });
});
