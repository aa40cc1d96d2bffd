// The workspace index without a language server: a temporary workspace on disk and a host of plain functions.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeFile } from '../src/analysis/analyzeFile';
import { parseSource } from '../src/analysis/program';
import { DEFAULT_SETTINGS, type Settings } from '../src/analysis/settings';
import { summarizeSpans } from '../src/analysis/spanSummary';
import { codeLenses, lensTitle } from '../src/lsp/codeLens';
import { type IndexHost, isIndexedPath, WorkspaceIndex } from '../src/lsp/workspaceIndex';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FETCH_CLIENT_JS, KAFKA_PUBLISHER } from './helpers';

const PRODUCER = KAFKA_PUBLISHER;
const CLIENT = FETCH_CLIENT_JS;

const PLAIN = `export function add(a: number, b: number): number {\n  return a + b;\n}\n`;

/** Writes `files` (relative path → text) under a new temporary folder. */
function workspace(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-index-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

interface TestHost extends IndexHost {
  busy: boolean;
  /** How long the open documents have been left alone, when not busy. */
  quiet: number;
  settings: Map<string, Settings>;
  notifications: boolean[];
  progress: string[];
  logs: string[];
}

function testHost(folders: string[]): TestHost {
  const host: TestHost = {
    folders,
    busy: false,
    quiet: Infinity,
    settings: new Map(),
    notifications: [],
    progress: [],
    logs: [],
    settingsFor: async (folder) => host.settings.get(folder) ?? DEFAULT_SETTINGS,
    instrumentation: () => [],
    quietFor: () => (host.busy ? 0 : host.quiet),
    beginProgress: async (title) => {
      host.progress.push(`begin ${title}`);
      return { report: (message, percentage) => void host.progress.push(`report ${message} ${percentage}%`), done: () => void host.progress.push('end') };
    },
    changed: (complete) => void host.notifications.push(complete),
    log: (message) => void host.logs.push(message),
  };
  return host;
}

async function until<T>(predicate: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const uriOf = (root: string, rel: string) => pathToFileURL(path.join(root, rel)).href;

/** `file: name kind-set→inferred [rules]` per span, for short assertions. */
function describeSnapshot(index: WorkspaceIndex, root: string): string[] {
  return index.snapshot().files.flatMap(({ uri, spans }) =>
    spans.map((s) => {
      const file = path.relative(root, fileURLToPath(uri)).split(path.sep).join('/');
      const rules = s.findings.map((f) => f.ruleId).join(',');
      return `${file}:${s.line + 1} ${s.name} ${s.effectiveKind ?? '?'}→${s.inferred}${rules ? ` [${rules}]` : ''}`;
    }),
  );
}

describe('workspace index', () => {
  const roots: string[] = [];
  const indexes: WorkspaceIndex[] = [];
  const make = (files: Record<string, string>) => {
    const root = workspace(files);
    roots.push(root);
    return root;
  };
  const start = (host: IndexHost) => {
    const index = new WorkspaceIndex(host);
    indexes.push(index);
    index.start();
    return index;
  };

  afterEach(() => {
    for (const index of indexes.splice(0)) index.dispose();
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  it('holds every span of the folders, skipping dependencies, build output, dot-folders and declaration files', async () => {
    const root = make({
      'src/publisher.ts': PRODUCER,
      'src/rates.js': CLIENT,
      'src/plain.ts': PLAIN,
      'node_modules/lib/index.js': CLIENT,
      'dist/rates.js': CLIENT,
      '.cache/rates.js': CLIENT,
      'src/types.d.ts': `declare function startSpan(): void;\n`,
      'README.md': 'tracer.startSpan("x")',
    });
    const host = testHost([root]);
    const index = start(host);
    await until(() => index.complete, 'the index to complete');
    assert.deepEqual(describeSnapshot(index, root), [
      'src/publisher.ts:8 publish order INTERNAL→PRODUCER [spankind/missing-kind]',
      'src/rates.js:5 GET rates CLIENT→CLIENT',
    ]);
    // Three source files read; the one without a span call never parsed.
    assert.deepEqual(index.stats, { read: 3, parsed: 2, skipped: 0, failed: 0 });
    const [publisher] = index.snapshot().files;
    assert.equal(publisher.uri, uriOf(root, 'src/publisher.ts'));
    assert.deepEqual(publisher.spans[0].findings.map((f) => f.suggestedKind), ['PRODUCER']);
    assert.equal(host.notifications.at(-1), true, 'the last notification says complete');
  });

  it('reads the files that call a wrapper the settings declare, though they name no span API', async () => {
    const caller = `import { SpanKind } from '@opentelemetry/api';\nimport { traced } from '@acme/tracing';\nexport const rates = () => traced('GET rates', SpanKind.INTERNAL, async () => fetch('https://rates.example/'));\n`;
    const root = make({ 'src/rates.ts': caller, 'src/plain.ts': PLAIN });
    const host = testHost([root]);
    host.settings.set(root, { ...DEFAULT_SETTINGS, wrappers: [{ function: 'traced', module: '@acme/tracing', nameArg: 0, kindArg: 1, callbackArg: 2 }] });
    const index = start(host);
    await until(() => index.complete, 'the index to complete');
    assert.deepEqual(describeSnapshot(index, root), ['src/rates.ts:3 GET rates INTERNAL→CLIENT [spankind/wrong-kind]']);
    assert.deepEqual(index.stats, { read: 2, parsed: 1, skipped: 0, failed: 0 });
  });

  it('keeps plain data only: the snapshot survives a JSON round trip unchanged', async () => {
    const root = make({ 'a.ts': PRODUCER, 'b.js': CLIENT });
    const index = start(testHost([root]));
    await until(() => index.complete, 'the index to complete');
    const snapshot = index.snapshot();
    assert.deepEqual(JSON.parse(JSON.stringify(snapshot)), snapshot);
  });

  it('follows spanKind.enable and spanKind.maxFileSize of each folder', async () => {
    const on = make({ 'small.ts': PRODUCER, 'large.ts': `${PRODUCER}\n// ${'x'.repeat(2_000)}\n` });
    const off = make({ 'a.ts': PRODUCER });
    const host = testHost([on, off]);
    host.settings.set(on, { ...DEFAULT_SETTINGS, maxFileSize: 1_000 });
    host.settings.set(off, { ...DEFAULT_SETTINGS, enable: false });
    const index = start(host);
    await until(() => index.complete, 'the index to complete');
    assert.deepEqual(
      index.snapshot().files.map((f) => f.uri),
      [uriOf(on, 'small.ts')],
    );
    assert.equal(index.stats.skipped, 1);
  });

  it('re-reads the workspace when analysis settings change, not when editor-only ones do', async () => {
    const root = make({ 'a.ts': PRODUCER });
    const host = testHost([root]);
    const index = start(host);
    await until(() => index.complete, 'the index to complete');
    host.settings.set(root, { ...DEFAULT_SETTINGS, codeLens: true, debounceMs: 0 });
    await index.settingsChanged();
    await until(() => index.complete, 'the index to complete');
    assert.equal(index.stats.read, 1, 'editor-only settings re-read nothing');

    host.settings.set(root, { ...DEFAULT_SETTINGS, rules: { 'missing-kind': 'off' } });
    await index.settingsChanged();
    await until(() => index.complete && index.stats.read === 2, 'the file read again');
    assert.deepEqual(describeSnapshot(index, root), ['a.ts:8 publish order INTERNAL→PRODUCER']);
  });

  it('an open document replaces the file on disk; closing it brings the file back', async () => {
    const root = make({ 'a.ts': PRODUCER });
    const index = start(testHost([root]));
    await until(() => index.complete, 'the index to complete');
    const uri = uriOf(root, 'a.ts');
    const edited = PRODUCER.replace("'publish order',", "'publish order', { kind: SpanKind.PRODUCER },").replace('{ context, propagation, trace }', '{ context, propagation, SpanKind, trace }');
    const analysis = analyzeFile(parseSource(path.join(root, 'a.ts'), edited));
    assert.equal(index.documentAnalyzed(uri, 2, analysis), true);
    assert.equal(index.documentAnalyzed(uri, 2, analysis), false, 'the same analysis again changes nothing');
    assert.deepEqual(describeSnapshot(index, root), ['a.ts:8 publish order PRODUCER→PRODUCER']);
    assert.equal(index.summariesOf(analysis), index.summariesOf(analysis), 'summaries are computed once per analysis');

    // Disabled for this document: no spans while it is open.
    index.documentAnalyzed(uri, 3, undefined);
    assert.deepEqual(index.snapshot().files, []);

    index.documentClosed(uri);
    await until(() => index.complete && index.snapshot().files.length === 1, 'the file on disk read again');
    assert.deepEqual(describeSnapshot(index, root), ['a.ts:8 publish order INTERNAL→PRODUCER [spankind/missing-kind]']);
  });

  it('documents outside the folders, or in skipped folders, are not indexed', async () => {
    const root = make({});
    const index = start(testHost([root]));
    const analysis = analyzeFile(parseSource('/elsewhere/a.ts', PRODUCER));
    assert.equal(index.documentAnalyzed(pathToFileURL('/elsewhere/a.ts').href, 1, analysis), false);
    assert.equal(index.documentAnalyzed(uriOf(root, 'node_modules/x/a.ts'), 1, analysis), false);
    assert.equal(index.documentAnalyzed('untitled:Untitled-1', 1, analysis), false);
    await until(() => index.complete, 'the index to complete');
    assert.deepEqual(index.snapshot().files, []);
  });

  it('created, changed and deleted files update the index', async () => {
    const root = make({ 'a.ts': PLAIN });
    const host = testHost([root]);
    const index = start(host);
    await until(() => index.complete, 'the index to complete');
    assert.deepEqual(index.snapshot().files, []);
    // Each change ends with a notification that says the index is complete again.
    const notified = async () => {
      const before = host.notifications.length;
      await until(() => host.notifications.length > before && host.notifications.at(-1) === true, 'a "complete" notification');
    };

    fs.writeFileSync(path.join(root, 'b.js'), CLIENT);
    let done = notified();
    index.filesChanged([{ uri: uriOf(root, 'b.js'), type: 'created' }]);
    await done;
    assert.equal(index.snapshot().files.length, 1, 'the created file');

    fs.writeFileSync(path.join(root, 'a.ts'), PRODUCER);
    done = notified();
    index.filesChanged([{ uri: uriOf(root, 'a.ts'), type: 'changed' }]);
    await done;
    assert.deepEqual(describeSnapshot(index, root), [
      'a.ts:8 publish order INTERNAL→PRODUCER [spankind/missing-kind]',
      'b.js:5 GET rates CLIENT→CLIENT',
    ]);

    fs.rmSync(path.join(root, 'b.js'));
    done = notified();
    index.filesChanged([{ uri: uriOf(root, 'b.js'), type: 'deleted' }]);
    assert.deepEqual(describeSnapshot(index, root), ['a.ts:8 publish order INTERNAL→PRODUCER [spankind/missing-kind]']);
    await done;

    const read = index.stats.read;
    index.filesChanged([{ uri: uriOf(root, 'node_modules/x/index.js'), type: 'created' }, { uri: uriOf(root, 'notes.md'), type: 'changed' }]);
    await until(() => index.complete, 'the index to complete');
    assert.equal(index.stats.read, read, 'files the index does not hold are not read');
  });

  it('waits while documents wait for their checks, and yields to other work between files', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`f${i}.ts`] = PRODUCER.replace('publish order', `publish ${i}`);
    const root = make(files);
    const host = testHost([root]);
    host.busy = true;
    const index = start(host);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(index.stats.parsed, 0, 'nothing analysed while busy');
    assert.equal(index.complete, false);

    host.busy = false;
    // Timers scheduled now run while the index works: it gives the event loop back between files.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    try {
      await until(() => index.complete, 'the index to complete');
    } finally {
      clearInterval(ticker);
    }
    assert.equal(index.snapshot().files.length, 40);
    assert.ok(ticks >= 5, `only ${ticks} timer ticks while 40 files were analysed`);
  });

  it('works once typing has paused, and takes a very large file only after a longer pause', async () => {
    // Over 200,000 characters: parsing, binding and analysing it are steps of a few hundred milliseconds.
    const filler = Array.from({ length: 4000 }, (_, i) => `export function add${i}(a: number, b: number): number {\n  return a + b + ${i};\n}\n`).join('');
    const root = make({ 'small.ts': PRODUCER, 'large.ts': `${PRODUCER.replace('publish order', 'publish large')}\n${filler}` });
    assert.ok(fs.statSync(path.join(root, 'large.ts')).size > 200_000);
    const host = testHost([root]);
    host.quiet = 100;
    const index = start(host);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(index.stats.parsed, 0, 'nothing analysed 100 ms after the last keystroke');

    host.quiet = 1_000;
    await until(() => describeSnapshot(index, root).length === 1, 'the small file');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(describeSnapshot(index, root), ['small.ts:8 publish order INTERNAL→PRODUCER [spankind/missing-kind]']);
    assert.equal(index.stats.parsed, 1, 'the large file waits for a longer pause');
    assert.equal(index.complete, false);

    // Changed on disk while it waits: the text read before is out of date.
    fs.writeFileSync(path.join(root, 'large.ts'), `${PRODUCER.replace('publish order', 'publish larger')}\n${filler}`);
    index.filesChanged([{ uri: uriOf(root, 'large.ts'), type: 'changed' }]);
    host.quiet = Infinity;
    await until(() => index.complete, 'the index to complete');
    assert.deepEqual(describeSnapshot(index, root), ['large.ts:8 publish larger INTERNAL→PRODUCER [spankind/missing-kind]', 'small.ts:8 publish order INTERNAL→PRODUCER [spankind/missing-kind]']);
    assert.equal(index.stats.parsed, 2, 'the text read before the change is never parsed');
  });

  it('reports progress from begin to end', async () => {
    const root = make({ 'a.ts': PRODUCER, 'b.js': CLIENT });
    const host = testHost([root]);
    const index = start(host);
    await until(() => index.complete && host.progress.at(-1) === 'end', 'the progress to end');
    assert.equal(host.progress[0], 'begin Span Kind Lens: indexing spans');
    assert.equal(host.progress.filter((p) => p === 'end').length, 1);
    assert.ok(host.progress.slice(1, -1).every((p) => /^report \d+\/\d+ files \d+%$/.test(p)), host.progress.join('\n'));
  });

  it('dispose stops the work at once and ends the progress', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`f${i}.ts`] = PRODUCER;
    const root = make(files);
    const host = testHost([root]);
    host.busy = true;
    const index = start(host);
    await until(() => host.progress.length > 0, 'the progress to begin');
    index.dispose();
    host.busy = false;
    await until(() => host.progress.at(-1) === 'end', 'the progress to end');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(index.stats.parsed, 0);
    assert.deepEqual(index.snapshot().files, []);
  });

  it('isIndexedPath: source files inside a folder, outside skipped folders', () => {
    const root = path.resolve('/ws');
    const at = (rel: string) => path.join(root, rel);
    assert.equal(isIndexedPath([root], at('src/a.ts')), true);
    assert.equal(isIndexedPath([root], at('src/a.mjs')), true);
    assert.equal(isIndexedPath([root], at('src/a.d.ts')), false);
    assert.equal(isIndexedPath([root], at('src/a.json')), false);
    assert.equal(isIndexedPath([root], at('node_modules/a/index.js')), false);
    assert.equal(isIndexedPath([root], at('packages/x/dist/index.js')), false);
    assert.equal(isIndexedPath([root], at('.vscode/a.ts')), false);
    assert.equal(isIndexedPath([root], path.resolve('/other/a.ts')), false);
    assert.equal(isIndexedPath([root], path.resolve('/ws2/a.ts')), false);
  });
});

describe('CodeLens', () => {
  it('titles: the kind set, the kind inferred, and the rules that found something', () => {
    const titles = (text: string, file = 'a.ts') => summarizeSpans(analyzeFile(parseSource(file, text))).map(lensTitle);
    assert.deepEqual(titles(PRODUCER), ['kind: none (INTERNAL) · inferred PRODUCER ⚠ missing-kind']);
    assert.deepEqual(titles(CLIENT, 'a.js'), ['kind: CLIENT · inferred CLIENT']);
    const unknown = "import { trace } from '@opentelemetry/api';\nexport function f(options: any) {\n  trace.getTracer('t').startSpan('work', options).end();\n}\n";
    assert.match(titles(unknown)[0], /^kind: not known statically · inferred INTERNAL/);
  });

  it('a click shows the quick-fixes on a fixable finding, else the hover on the call', () => {
    const both = `${PRODUCER}\nexport function local() {\n  tracer.startActiveSpan('tick', (span) => span.end());\n}\n`;
    const doc = TextDocument.create('file:///a.ts', 'typescript', 1, both);
    const analysis = analyzeFile(parseSource('/a.ts', both));
    const lenses = codeLenses(doc, analysis, summarizeSpans(analysis));
    const lines = both.split('\n');
    const publish = lines.findIndex((l) => l.includes("'publish order'"));
    const tick = lines.findIndex((l) => l.includes("'tick'"));
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
      [
        [publish, 'kind: none (INTERNAL) · inferred PRODUCER ⚠ missing-kind', 'spanKind.showSpan'],
        [tick, 'kind: none (INTERNAL) · inferred INTERNAL (unverified)', 'spanKind.showSpan'],
      ],
    );
    const [fix, hover] = lenses.map((l) => l.command!.arguments!);
    assert.deepEqual(fix, ['file:///a.ts', publish, lines[publish].indexOf("'publish order'"), 'quickFix']);
    assert.deepEqual(hover, ['file:///a.ts', tick, lines[tick].indexOf('startActiveSpan'), 'hover']);
  });
});
