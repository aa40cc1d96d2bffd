// Starts the built server as other editors do (dist/language-server.js, the `spankind-language-server`
// command, loading dist/server.js) as its own process, and speaks LSP to it over stdio.
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type CodeAction,
  type CodeLens,
  type Diagnostic,
  type Hover,
  type MarkupContent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { main as cliMain } from '../src/cli/main';
import { FETCH_CLIENT_JS, KAFKA_PUBLISHER } from './helpers';

const SERVER = path.resolve(__dirname, '../../../dist/language-server.js');
const URI = 'file:///workspace/src/publisher.ts';
const TEXT = KAFKA_PUBLISHER;

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list?.length ? list : undefined;
}

class TestClient {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly messages: string[] = [];
  /** window/logMessage texts (the output channel). */
  readonly logs: string[] = [];
  /** `$/progress` values and spanKind/workspaceSpansChanged params, in arrival order. */
  readonly progress: { kind: string; title?: string; message?: string }[] = [];
  readonly spansChanged: { complete: boolean }[] = [];
  codeLensRefreshes = 0;
  settings: unknown = {};
  private waiters: (() => void)[] = [];

  constructor(readonly proc: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    const onMessage = (p: { message: string }) => {
      this.messages.push(p.message);
      this.notify();
      return null;
    };
    this.connection.onRequest('window/showMessageRequest', onMessage);
    this.connection.onNotification('window/showMessage', (p: { message: string }) => void onMessage(p));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.notify();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.notify();
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (p: { value: { kind: string } }) => {
      this.progress.push(p.value);
      this.notify();
    });
    this.connection.onNotification('spanKind/workspaceSpansChanged', (p: { complete: boolean }) => {
      this.spansChanged.push(p);
      this.notify();
    });
    this.connection.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      this.notify();
      return null;
    });
    this.connection.listen();
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `predicate` holds, re-checked on every notification; fails after `ms`. */
  async until<T>(predicate: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The code actions offered for one of our diagnostics. */
  async actionsFor(uri: string, d: Diagnostic): Promise<CodeAction[]> {
    return (await this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
  }

  diagnosticsFor(uri: string, version: number): Diagnostic[] | undefined {
    const p = this.diagnostics.get(uri);
    return p && p.version === version ? p.diagnostics : undefined;
  }
}

describe('language server over stdio', function () {
  let client: TestClient;
  let doc: TextDocument;

  before(async () => {
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    client = new TestClient(proc);
    const init = await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: 'file:///workspace',
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    assert.equal((init as { serverInfo: { name: string } }).serverInfo.name, 'Span Kind Lens');
    await client.connection.sendNotification('initialized', {});
    doc = TextDocument.create(URI, 'typescript', 1, TEXT);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: URI, languageId: 'typescript', version: 1, text: TEXT },
    });
  });

  after(async () => {
    await client.connection.sendRequest('shutdown');
    await client.connection.sendNotification('exit');
    const code = await new Promise<number | null>((resolve) => client.proc.on('exit', resolve));
    assert.equal(code, 0);
  });

  it('publishes a diagnostic on the span name with code, severity and related evidence', async () => {
    const [d] = await client.until(() => client.diagnosticsFor(URI, 1), 'diagnostics');
    assert.equal(d.code, 'spankind/missing-kind');
    assert.equal(d.source, 'spankind');
    assert.equal(d.severity, 2);
    assert.equal(doc.getText(d.range), "'publish order'");
    assert.match(d.message as string, /`producer\.send` \(kafkajs\) runs inside this span, so its kind should be PRODUCER/);
    assert.equal(d.relatedInformation?.length, 1);
    assert.equal(doc.getText(d.relatedInformation![0].location.range), 'producer.send({ topic: \'orders\', messages: [{ key: id, value: id, headers }] })');
  });

  it('answers hover on the span call with the inferred kind and its card', async () => {
    const offset = TEXT.indexOf('startActiveSpan') + 3;
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: URI },
      position: doc.positionAt(offset),
    })) as Hover;
    const value = (hover.contents as MarkupContent).value as string;
    assert.match(value, /inferred \*\*PRODUCER\*\*/);
    assert.match(value, /Span kind: PRODUCER/);
  });

  it('offers fix-all only when asked for source.fixAll.spanKind', async () => {
    const d = client.diagnosticsFor(URI, 1)![0];
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: d.range,
      context: { diagnostics: [d], only: ['source.fixAll.spanKind'] },
    })) as CodeAction[];
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all span kinds', 'source.fixAll.spanKind']]);
  });

  it('offers the quick-fix; applying it and sending didChange clears the diagnostic', async () => {
    const d = client.diagnosticsFor(URI, 1)![0];
    const actions = await client.actionsFor(URI, d);
    const fix = actions.find((a) => a.title === 'Set span kind to PRODUCER');
    assert.ok(fix, JSON.stringify(actions));
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    const change = fix.edit!.documentChanges![0] as unknown as { textDocument: { version: number }; edits: { range: never; newText: string }[] };
    assert.equal(change.textDocument.version, 1);
    const fixed = TextDocument.applyEdits(doc, change.edits);
    assert.equal(
      fixed,
      TEXT.replace("import { context, propagation, trace } from", 'import { context, propagation, trace, SpanKind } from').replace(
        "startActiveSpan('publish order', async",
        "startActiveSpan('publish order', { kind: SpanKind.PRODUCER }, async",
      ),
    );
    doc = TextDocument.update(doc, [{ text: fixed }], 2);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    const after = await client.until(() => client.diagnosticsFor(URI, 2), 'diagnostics for version 2');
    assert.deepEqual(after, []);
  });

  it('applies incremental edits and settings changes without a restart', async () => {
    // Undo the fix with an incremental edit: the kind goes away again.
    const start = doc.getText().indexOf(', { kind: SpanKind.PRODUCER }');
    const range = { start: doc.positionAt(start), end: doc.positionAt(start + ', { kind: SpanKind.PRODUCER }'.length) };
    doc = TextDocument.update(doc, [{ range, text: '' }], 3);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 3 },
      contentChanges: [{ range, text: '' }],
    });
    const [d] = await client.until(() => nonEmpty(client.diagnosticsFor(URI, 3)), 'diagnostic after undo');
    assert.equal(d.severity, 2);

    client.settings = { severity: 'error' };
    client.diagnostics.clear();
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const [e] = await client.until(() => nonEmpty(client.diagnosticsFor(URI, 3)), 'error diagnostic');
    assert.equal(e.severity, 1);

    client.settings = { enable: false };
    client.diagnostics.clear();
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.until(() => client.diagnosticsFor(URI, 3), 'cleared diagnostics'), []);
  });

  it('reports a wrong setting once and keeps working with the default', async () => {
    client.settings = { severity: 'loud', debounceMs: 0 };
    client.diagnostics.clear();
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const [d] = await client.until(() => nonEmpty(client.diagnosticsFor(URI, 3)), 'diagnostic with default severity');
    assert.equal(d.severity, 2);
    await client.until(() => client.messages.find((m) => /spanKind\.severity must be default or one of/.test(m)), 'a warning message');
  });

  it('skips a binary document quietly', async () => {
    const uri = 'file:///workspace/src/blob.js';
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'javascript', version: 1, text: 'tracer.startSpan("x")\u0000\u0001' },
    });
    assert.deepEqual(await client.until(() => client.diagnosticsFor(uri, 1), 'diagnostics for the binary file'), []);
  });

});


/** A server of its own, on a workspace folder; `capabilities` are added to the client's. */
async function startServer(rootUri: string, capabilities: { window?: object; workspace?: object } = {}): Promise<TestClient> {
  const client = new TestClient(spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] }));
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: { ...capabilities, workspace: { configuration: true, ...capabilities.workspace } },
  });
  await client.connection.sendNotification('initialized', {});
  return client;
}

async function stopServer(client: TestClient): Promise<void> {
  await client.connection.sendRequest('shutdown');
  await client.connection.sendNotification('exit');
}

describe('language server: workspace folders', function () {
  it('type-aware across open files: evidence through another file, re-checked when that file changes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-lsp-'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext' } }));
    const helperText = `export async function loadStock(sku: string) {\n  const r = await fetch('https://inventory/' + sku);\n  return r.json();\n}\n`;
    const mainText = `import { trace } from '@opentelemetry/api';\nimport { loadStock } from './helper';\n\nexport function stock(sku: string) {\n  return trace.getTracer('t').startActiveSpan('GET stock', async (span) => {\n    try { return await loadStock(sku); } finally { span.end(); }\n  });\n}\n`;
    fs.writeFileSync(path.join(dir, 'helper.ts'), helperText);
    fs.writeFileSync(path.join(dir, 'main.ts'), mainText);
    const helperUri = pathToFileURL(path.join(dir, 'helper.ts')).href;
    const mainUri = pathToFileURL(path.join(dir, 'main.ts')).href;
    const client = await startServer(pathToFileURL(dir).href);
    client.settings = { debounceMs: 0 };
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: helperUri, languageId: 'typescript', version: 1, text: helperText } });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: mainUri, languageId: 'typescript', version: 1, text: mainText } });
    const [d] = await client.until(() => nonEmpty(client.diagnosticsFor(mainUri, 1)), 'diagnostic through the helper');
    assert.match(d.message as string, /`loadStock` → `fetch` runs inside this span, so its kind should be CLIENT/);

    const localOnly = helperText.replace("const r = await fetch('https://inventory/' + sku);\n  return r.json();", 'return sku.length;');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: helperUri, version: 2 },
      contentChanges: [{ text: localOnly }],
    });
    await client.until(() => {
      const p = client.diagnostics.get(mainUri);
      return p && p.diagnostics.length === 0 ? p : undefined;
    }, 'the main file re-checked after its helper changed');
    await stopServer(client);
    fs.rmSync(dir, { recursive: true, force: true });
  });


  it('reads registered auto-instrumentation from the workspace: a handler span is then INTERNAL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-auto-'));
    fs.writeFileSync(path.join(dir, 'instrumentation.ts'), "import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';\nexport const all = getNodeAutoInstrumentations();\n");
    const app = `import express from 'express';\nimport { trace, SpanKind } from '@opentelemetry/api';\nconst app = express();\napp.get('/x', (req, res) => {\n  trace.getTracer('t').startActiveSpan('GET /x', { kind: SpanKind.SERVER }, (span) => { res.send('ok'); span.end(); });\n});\n`;
    fs.writeFileSync(path.join(dir, 'app.ts'), app);
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const client = new TestClient(proc);
    const uri = pathToFileURL(path.join(dir, 'app.ts')).href;
    try {
      await client.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(dir).href,
        workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
        capabilities: { workspace: { configuration: true } },
      });
      await client.connection.sendNotification('initialized', {});
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: app } });
      // The first diagnostics may come before the instrumentation is read; wait for the nested-entry one.
      const d = await client.until(() => client.diagnosticsFor(uri, 1)?.find((x) => x.code === 'spankind/wrong-kind'), 'the nested-entry diagnostic');
      assert.match(d.message as string, /whose SERVER span @opentelemetry\/auto-instrumentations-node already creates \(registered at instrumentation\.ts:1\), so its kind should be INTERNAL, not SERVER/);
    } finally {
      await client.connection.sendRequest('shutdown');
      await client.connection.sendNotification('exit');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('language server under faults', function () {
  it('a failing request answers with an error, is logged, and the server keeps serving', async () => {
    const logs: string[] = [];
    const proc = spawn(process.execPath, [SERVER, '--stdio'], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, SPANKIND_TEST_FAULTS: 'hover,analysis' },
    });
    const client = new TestClient(proc);
    client.connection.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
    try {
      await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      await client.connection.sendNotification('initialized', {});
      const broken = 'file:///faults/broken.ts';
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: broken, languageId: 'typescript', version: 1, text: `// __spankind_test_fault__\n${TEXT}` },
      });
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'typescript', version: 1, text: TEXT } });
      assert.deepEqual(await client.until(() => client.diagnosticsFor(broken, 1), 'diagnostics of the failing document'), []);
      assert.equal((await client.until(() => nonEmpty(client.diagnosticsFor(URI, 1)), 'diagnostics of the healthy one')).length, 1);
      await client.until(() => logs.find((l) => /analysis failed for file:\/\/\/faults\/broken\.ts: Error: injected test fault/.test(l)), 'the logged failure');

      const position = TextDocument.create(URI, 'typescript', 1, TEXT).positionAt(TEXT.indexOf('startActiveSpan') + 2);
      await assert.rejects(
        client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position }),
        (err: Error) => /Span Kind Lens: hover failed: injected test fault in hover/.test(err.message),
      );
      await client.until(() => logs.find((l) => /Span Kind hover failed/.test(l)), 'the logged hover failure');
      const actions = await client.actionsFor(URI, client.diagnosticsFor(URI, 1)![0]);
      assert.ok(actions.some((a) => a.title === 'Set span kind to PRODUCER'), 'still serving code actions');
    } finally {
      await client.connection.sendRequest('shutdown');
      await client.connection.sendNotification('exit');
    }
  });
});


describe('language server: workspace index', function () {
  this.timeout(60_000);

  interface Spans {
    files: { uri: string; spans: { name: string; line: number; kindsSet?: string[]; effectiveKind?: string; inferred: string; findings: { ruleId: string; suggestedKind?: string }[] }[] }[];
    complete: boolean;
  }
  const spansOf = async (client: TestClient) => (await client.connection.sendRequest('spanKind/workspaceSpans')) as Spans;
  const complete = (client: TestClient, after = 0) =>
    client.until(() => client.spansChanged.slice(after).some((p) => p.complete), 'the index to complete', 30_000);
  /** `file:line name set→inferred [rules]` per span, files relative to `root`. */
  const describeSpans = (result: Spans, root: string) =>
    result.files.flatMap(({ uri, spans }) =>
      spans.map((s) => {
        const file = path.relative(root, fileURLToPath(uri)).split(path.sep).join('/');
        const rules = s.findings.map((f) => f.ruleId.replace('spankind/', '')).join(',');
        return `${file}:${s.line + 1} ${s.name} ${s.effectiveKind ?? '?'}→${s.inferred}${rules ? ` [${rules}]` : ''}`;
      }),
    );
  const PUBLISHER = KAFKA_PUBLISHER;
  const RATES = FETCH_CLIENT_JS;

  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-index-lsp-'));
    for (const [rel, text] of Object.entries({
      'src/publisher.ts': PUBLISHER,
      'src/rates.js': RATES,
      'src/plain.ts': 'export const one = 1;\n',
      'node_modules/lib/index.js': RATES,
      'build/rates.js': RATES,
    })) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('indexes the workspace in the background, reporting $/progress from begin to end', async () => {
    const client = await startServer(pathToFileURL(dir).href, { window: { workDoneProgress: true } });
    try {
      await complete(client);
      assert.deepEqual(describeSpans(await spansOf(client), dir), [
        'src/publisher.ts:8 publish order INTERNAL→PRODUCER [missing-kind]',
        'src/rates.js:5 GET rates CLIENT→CLIENT',
      ]);
      assert.equal((await spansOf(client)).complete, true);
      await client.until(() => client.progress.at(-1)?.kind === 'end', 'the progress to end');
      assert.equal(client.progress[0].kind, 'begin');
      assert.equal(client.progress[0].title, 'Span Kind Lens: indexing spans');
      assert.deepEqual([...new Set(client.progress.slice(1, -1).map((p) => p.kind))].filter((k) => k !== 'report'), []);
    } finally {
      await stopServer(client);
    }
  });

  it('without window.workDoneProgress in the client it sends no progress and indexes all the same', async () => {
    const client = await startServer(pathToFileURL(dir).href);
    try {
      await complete(client);
      assert.equal((await spansOf(client)).files.length, 2);
      assert.deepEqual(client.progress, []);
    } finally {
      await stopServer(client);
    }
  });

  it('open documents count as the editor has them; files changed on disk are read again', async () => {
    const client = await startServer(pathToFileURL(dir).href);
    client.settings = { debounceMs: 0 };
    try {
      await complete(client);
      const uri = pathToFileURL(path.join(dir, 'src/publisher.ts')).href;
      const fixed = PUBLISHER.replace('{ context, propagation, trace }', '{ context, propagation, SpanKind, trace }').replace("'publish order',", "'publish order', { kind: SpanKind.PRODUCER },");
      let seen = client.spansChanged.length;
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: fixed } });
      await client.until(() => client.spansChanged.length > seen, 'a change for the opened document');
      assert.deepEqual(describeSpans(await spansOf(client), dir), ['src/publisher.ts:8 publish order PRODUCER→PRODUCER', 'src/rates.js:5 GET rates CLIENT→CLIENT']);

      // Closing drops the editor's text: the file on disk counts again.
      seen = client.spansChanged.length;
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      await complete(client, seen);
      assert.deepEqual(describeSpans(await spansOf(client), dir)[0], 'src/publisher.ts:8 publish order INTERNAL→PRODUCER [missing-kind]');

      seen = client.spansChanged.length;
      fs.writeFileSync(path.join(dir, 'src/plain.ts'), PUBLISHER.replace('publish order', 'publish again'));
      fs.rmSync(path.join(dir, 'src/rates.js'));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: pathToFileURL(path.join(dir, 'src/plain.ts')).href, type: 2 },
          { uri: pathToFileURL(path.join(dir, 'src/rates.js')).href, type: 3 },
        ],
      });
      await complete(client, seen);
      assert.deepEqual(describeSpans(await spansOf(client), dir), [
        'src/plain.ts:8 publish again INTERNAL→PRODUCER [missing-kind]',
        'src/publisher.ts:8 publish order INTERNAL→PRODUCER [missing-kind]',
      ]);
    } finally {
      await stopServer(client);
    }
  });

  it('.gitignore files and spankind.config.json "ignores" leave files out of the index and of diagnostics; a config mistake is shown once', async () => {
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    write('generated/out.ts', PUBLISHER);
    write('.gitignore', 'generated/\n');
    write('spankind.config.json', '{\n  "ignores": ["src/rates.js"],\n  "severty": "error"\n}\n');
    const client = await startServer(pathToFileURL(dir).href);
    client.settings = { debounceMs: 0 };
    const uriOf = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
    try {
      await complete(client);
      assert.deepEqual(describeSpans(await spansOf(client), dir), ['src/publisher.ts:8 publish order INTERNAL→PRODUCER [missing-kind]']);
      const mistake = `Span Kind Lens: ${path.join(dir, 'spankind.config.json')}:3:3: unknown key "severty"; did you mean "severity"?`;
      await client.until(() => client.messages.includes(mistake), 'the notification');
      assert.ok(client.logs.includes(mistake), client.logs.join('\n'));
      // Opened, an ignored file gets no diagnostics; the others do.
      for (const rel of ['generated/out.ts', 'src/rates.js', 'src/publisher.ts']) {
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(rel), languageId: 'typescript', version: 1, text: PUBLISHER } });
      }
      assert.equal((await client.until(() => nonEmpty(client.diagnosticsFor(uriOf('src/publisher.ts'), 1)), 'diagnostics of a checked file')).length, 1);
      assert.deepEqual(await client.until(() => client.diagnosticsFor(uriOf('generated/out.ts'), 1), 'gitignored'), []);
      assert.deepEqual(await client.until(() => client.diagnosticsFor(uriOf('src/rates.js'), 1), 'ignored by the config'), []);
      // Edited on disk: the config's ignores and the .gitignore are read again.
      write('spankind.config.json', '{ "ignores": [] }\n');
      write('.gitignore', '');
      let seen = client.spansChanged.length;
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('spankind.config.json'), type: 2 }, { uri: uriOf('.gitignore'), type: 2 }] });
      await client.until(() => nonEmpty(client.diagnosticsFor(uriOf('generated/out.ts'), 1)), 'diagnostics once no longer ignored');
      await client.until(() => nonEmpty(client.diagnosticsFor(uriOf('src/rates.js'), 1)), 'diagnostics once no longer ignored');
      await complete(client, seen);
      assert.equal((await spansOf(client)).files.length, 3);
      // Made again after a fix, the mistake is shown again; meanwhile it was shown once.
      assert.equal(client.messages.filter((m) => m === mistake).length, 1);
      seen = client.messages.length;
      write('spankind.config.json', '{\n  "ignores": ["src/rates.js"],\n  "severty": "error"\n}\n');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('spankind.config.json'), type: 2 }] });
      await client.until(() => client.messages.slice(seen).includes(mistake), 'the notification again');
    } finally {
      await stopServer(client);
    }
  });

  it('CodeLens: none until spanKind.codeLens is on, then one per span call; a settings change refreshes them', async () => {
    const client = await startServer(pathToFileURL(dir).href, { workspace: { codeLens: { refreshSupport: true } } });
    try {
      const uri = pathToFileURL(path.join(dir, 'src/publisher.ts')).href;
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: PUBLISHER } });
      const lenses = () => client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Promise<CodeLens[]>;
      assert.deepEqual(await lenses(), []);

      client.settings = { codeLens: true };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.until(() => client.codeLensRefreshes > 0, 'workspace/codeLens/refresh');
      const [lens, ...more] = await lenses();
      assert.deepEqual(more, []);
      const doc = TextDocument.create(uri, 'typescript', 1, PUBLISHER);
      assert.equal(doc.getText(lens.range), "'publish order'");
      assert.deepEqual(lens.command, {
        title: 'kind: none (INTERNAL) · inferred PRODUCER ⚠ missing-kind',
        command: 'spanKind.showSpan',
        arguments: [uri, 7, PUBLISHER.split('\n')[7].indexOf("'publish order'"), 'quickFix'],
        tooltip: 'Show the quick-fixes',
      });
    } finally {
      await stopServer(client);
    }
  });

  it('stops indexing on shutdown: the progress ends and the server exits at once', async () => {
    for (let i = 0; i < 400; i++) fs.writeFileSync(path.join(dir, `src/f${i}.ts`), PUBLISHER.replace('publish order', `publish ${i}`));
    const client = await startServer(pathToFileURL(dir).href, { window: { workDoneProgress: true } });
    await client.until(() => client.progress.some((p) => p.kind === 'report'), 'the indexing under way');
    const exited = new Promise<number | null>((resolve) => client.proc.on('exit', resolve));
    const started = Date.now();
    await client.connection.sendRequest('shutdown');
    await client.until(() => client.progress.at(-1)?.kind === 'end', 'the progress to end');
    assert.equal(client.spansChanged.some((p) => p.complete), false, 'the index did not finish before shutdown');
    await client.connection.sendNotification('exit');
    assert.equal(await exited, 0);
    assert.ok(Date.now() - started < 5_000, `shutdown took ${Date.now() - started} ms`);
  });

  it('test-workspace: the index holds the spans the CLI finds file by file', async () => {
    const root = path.resolve(__dirname, '../../../test-workspace');
    let json = '';
    cliMain(['--no-types', '--all-spans', '--format', 'json', '--exit-zero', root], (s) => (json += s), () => undefined);
    const cli = JSON.parse(json) as { spans: { file: string; name: string | null; kindSet: string | null; kindInferred: string }[] };
    const expected = cli.spans.map((s) => `${path.relative(root, path.resolve(s.file)).split(path.sep).join('/')} ${s.name ?? '(unnamed)'} ${s.kindSet ?? 'none'}→${s.kindInferred}`).sort();
    const client = await startServer(pathToFileURL(root).href);
    try {
      await complete(client);
      const result = await spansOf(client);
      const actual = result.files
        .flatMap(({ uri, spans }) =>
          spans.map((s) => {
            const set = s.kindsSet === undefined ? 'unknown' : s.kindsSet.length ? s.kindsSet.join('|') : 'none';
            return `${path.relative(root, fileURLToPath(uri)).split(path.sep).join('/')} ${s.name} ${set}→${s.inferred}`;
          }),
        )
        .sort();
      assert.ok(expected.length > 50, `only ${expected.length} spans in test-workspace`);
      assert.deepEqual(actual, expected);
    } finally {
      await stopServer(client);
    }
  });
});

describe('language server: what it could not analyse', function () {
  this.timeout(60_000);
  type FileSpans = { uri: string; spans: { name: string }[]; notUnderstood?: { line: number; character: number; message: string; count: number } };
  const spansOf = async (client: TestClient, params?: { uris: string[] }) =>
    ((await client.connection.sendRequest('spanKind/workspaceSpans', params)) as { files: FileSpans[] }).files;

  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-unseen-lsp-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an unresolved wrapper-like call gets one Information note under its callee; a setting or an ignore comment hides it', async () => {
    const client = await startServer(pathToFileURL(dir).href);
    client.settings = { debounceMs: 0 };
    const uri = pathToFileURL(path.join(dir, 'jobs.ts')).href;
    // `@acme/telemetry` is installed nowhere: the analysis cannot follow `withSpan` into it.
    const text = "import { withSpan } from '@acme/telemetry';\nexport const load = () => withSpan('load', async () => 1);\n";
    const doc = TextDocument.create(uri, 'typescript', 1, text);
    try {
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
      const diagnostics = await client.until(() => nonEmpty(client.diagnosticsFor(uri, 1)), 'the note');
      assert.equal(diagnostics.length, 1);
      const [d] = diagnostics;
      assert.equal(d.severity, 3, 'Information');
      assert.equal(d.source, 'spankind');
      assert.equal(d.code, 'unresolved-wrapper');
      assert.equal(doc.getText(d.range), 'withSpan');
      assert.equal(d.message, '`withSpan` looks like a tracing wrapper but could not be followed: the spans it starts are not checked. Declare it in spanKind.wrappers or make its module resolvable.');
      assert.deepEqual(await client.actionsFor(uri, d), [], 'no quick-fix: it is no finding');

      client.settings = { debounceMs: 0, unresolvedWrappers: 'hint' };
      client.diagnostics.clear();
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      assert.equal((await client.until(() => nonEmpty(client.diagnosticsFor(uri, 1)), 'the note as a hint'))[0].severity, 4);

      client.settings = { debounceMs: 0, unresolvedWrappers: 'off' };
      client.diagnostics.clear();
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      assert.deepEqual(await client.until(() => client.diagnosticsFor(uri, 1), 'no note when off'), []);

      client.settings = { debounceMs: 0 };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const silenced = text.replace('export const load', '// spankind-ignore-next-line\nexport const load');
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: silenced }] });
      assert.deepEqual(await client.until(() => client.diagnosticsFor(uri, 2), 'no note under spankind-ignore-next-line'), []);
    } finally {
      await stopServer(client);
    }
  });

  it('the index marks a file with syntax errors as not understood, on disk and open, spans or none; `uris` narrows the answer', async () => {
    // A span call in a half-typed function: its span is read from a guess.
    const broken = "import { trace } from '@opentelemetry/api';\nexport function f( {\n  return trace.getTracer('t').startActiveSpan('x', (s) => { s.end(); });\n}\n";
    fs.writeFileSync(path.join(dir, 'broken.ts'), broken);
    fs.writeFileSync(path.join(dir, 'clean.ts'), KAFKA_PUBLISHER);
    fs.writeFileSync(path.join(dir, 'plain.ts'), 'export const x = (;\n');
    const client = await startServer(pathToFileURL(dir).href);
    client.settings = { debounceMs: 0 };
    try {
      await client.until(() => client.spansChanged.some((p) => p.complete), 'the index to complete', 30_000);
      const files = await spansOf(client);
      const brokenUri = pathToFileURL(path.join(dir, 'broken.ts')).href;
      const cleanUri = pathToFileURL(path.join(dir, 'clean.ts')).href;
      // A file with no span call hides nothing from the views: left out.
      assert.deepEqual(files.map((f) => f.uri), [brokenUri, cleanUri]);
      const onDisk = files[0].notUnderstood;
      assert.ok(onDisk, JSON.stringify(files[0]));
      assert.equal(onDisk.line, 2, "the first error: the ')' missing on line 2 is seen on line 3");
      assert.ok(onDisk.count >= 1 && onDisk.message.length > 0);
      assert.equal(files[1].notUnderstood, undefined);

      // Open, half-typed in the editor: the clean file is marked too, until the text is whole again.
      const seen = client.spansChanged.length;
      const halfTyped = KAFKA_PUBLISHER.replace("'publish order',", "'publish order', {");
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: cleanUri, languageId: 'typescript', version: 1, text: halfTyped } });
      await client.until(() => client.spansChanged.length > seen, 'a change for the opened document');
      const [open] = await spansOf(client, { uris: [cleanUri] });
      assert.equal(open.uri, cleanUri);
      assert.ok(open.notUnderstood, JSON.stringify(open));
      assert.ok(open.spans.length > 0);
      const again = client.spansChanged.length;
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: cleanUri, version: 2 }, contentChanges: [{ text: KAFKA_PUBLISHER }] });
      await client.until(() => client.spansChanged.length > again, 'a change for the repaired document');
      assert.equal((await spansOf(client, { uris: [cleanUri] }))[0].notUnderstood, undefined);
    } finally {
      await stopServer(client);
    }
  });
});
