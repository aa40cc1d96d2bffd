// The editor's fast paths give the same answers as the slow ones: incremental reparsing of open documents,
// and the name filter that spares the checker calls that cannot reach a tracing wrapper.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { fixtureFiles, instrumentationOf, WORKSPACE } from './fixtures';
import { inMemoryProgram, programFor, workspaceProgram } from './programs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile } from '../src/analysis/analyzeFile';
import { parseSource } from '../src/analysis/program';
import { identifiersNamedIn, isFunctionLike, isTypeOnly, walkTree, within } from '../src/analysis/model';
import { analysisCompilerHost, isLeftOut } from '../src/host/tsconfig';
import { withFixes } from '../src/rules/types';
import { AnalysisProject, sharedSyntacticProject, spanFunctionNamesOf } from '../src/analysis/project';
import { catalogue, moduleMatches, rowsFor } from '../src/catalogue';
import { DocumentSnapshot, Projects, REUSED_TEXT_LIMIT } from '../src/lsp/projects';
import { changeRange } from '../src/analysis/reuse';
import { mulberry32 } from './fuzz/rng';

function applyChange(before: string, range: ts.TextChangeRange, after: string): string {
  return before.slice(0, range.span.start) + after.slice(range.span.start, range.span.start + range.newLength) + before.slice(range.span.start + range.span.length);
}

/** A default library of a few globals, for programs that must tell the runtime's values apart. */
const SMALL_LIB = [
  'interface Array<T> { length: number } interface Boolean {} interface Function {} interface IArguments {} interface Number {}',
  'interface Object {} interface RegExp {} interface String {} interface Promise<T> { then(f: (v: T) => void): void }',
  'interface Date { toISOString(): string } declare var Date: { new (): Date; now(): number };',
  'interface JSON { stringify(v: unknown): string } declare var JSON: JSON;',
  'interface Map<K, V> { set(k: K, v: V): this } declare var Map: { new <K, V>(): Map<K, V> };',
  'declare var Proxy: { new <T extends object>(target: T, handler: object): T };',
].join('\n');

/**
 * Analyses /p/src/a.ts of an in-memory program (see inMemoryProgram) and records what the checker was asked
 * on the way: `types`, the text of every node whose type it was asked; `methods`, every property access
 * whose member's symbol it was asked (which costs it the type of the object).
 */
function analyzeAsking(files: Record<string, string>, rootNames: string[], withLib = false) {
  const program = inMemoryProgram(files, rootNames, withLib);
  const checker = program.getTypeChecker();
  const types: string[] = [];
  const methods: string[] = [];
  const getTypeAtLocation = checker.getTypeAtLocation.bind(checker);
  checker.getTypeAtLocation = (node) => {
    types.push(node.getText());
    return getTypeAtLocation(node);
  };
  const getSymbolAtLocation = checker.getSymbolAtLocation.bind(checker);
  checker.getSymbolAtLocation = (node) => {
    if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) methods.push(node.parent.getText());
    return getSymbolAtLocation(node);
  };
  const result = analyzeFile(program.getSourceFile('/p/src/a.ts')!, { project: new AnalysisProject({ checker, program, catalogue }) });
  return { program, result, types, methods };
}

describe('incremental editing', () => {
  it('a document is reparsed whole once its earlier versions could hold REUSED_TEXT_LIMIT characters, then incrementally again', () => {
    const text = 'const a = 1;\n'.repeat(100_000);
    let snapshot = new DocumentSnapshot(text);
    const ranges: boolean[] = [];
    for (let i = 0; i < 120; i++) {
      const next = new DocumentSnapshot(i % 2 ? text : text + ' ');
      ranges.push(next.getChangeRange(snapshot) !== undefined);
      snapshot = next;
    }
    const whole = ranges.flatMap((incremental, i) => (incremental ? [] : [i]));
    const every = Math.floor(REUSED_TEXT_LIMIT / text.length);
    assert.ok(whole.length >= 2, `parsed whole at ${whole.join(', ')}`);
    assert.equal(whole[0], every);
    assert.equal(whole[1] - whole[0], every + 1);
  });

  it('changeRange turns the old text into the new one, and is as small as the edit', () => {
    const rng = mulberry32(7);
    // The smallest range, character by character: what the chunked comparison must find too.
    const smallest = (before: string, after: string) => {
      let prefix = 0;
      while (prefix < Math.min(before.length, after.length) && before[prefix] === after[prefix]) prefix++;
      let suffix = 0;
      while (suffix < Math.min(before.length, after.length) - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
      return { span: { start: prefix, length: before.length - suffix - prefix }, newLength: after.length - suffix - prefix };
    };
    // Short texts, and texts of many chunks, with edits at chunk boundaries too.
    for (const base of ['const a = 1;\nconst b = "two";\nfunction f() { return a + b; }\n'.repeat(5), 'const a = 1;\n'.repeat(1000)]) {
      for (let i = 0; i < 300; i++) {
        const start = i % 3 === 0 ? Math.min(base.length, rng.int(1, 12) * 1024 + rng.int(-2, 2)) : rng.int(0, base.length);
        const end = start + rng.int(0, Math.min(12, base.length - start));
        const insert = rng.pick(['', 'x', 'ab', '\n', 'const', ';']);
        const after = base.slice(0, start) + insert + base.slice(end);
        const range = changeRange(base, after);
        assert.deepEqual(range, smallest(base, after));
        assert.equal(applyChange(base, range, after), after);
        assert.ok(range.span.length <= end - start, `replaced ${range.span.length} > ${end - start}`);
        assert.ok(range.newLength <= insert.length);
      }
    }
    assert.deepEqual(changeRange('same', 'same'), { span: { start: 4, length: 0 }, newLength: 0 });
  });

  it('a document snapshot reports its change only against another document snapshot', () => {
    const older = new DocumentSnapshot('let x = 1;');
    const newer = new DocumentSnapshot('let xy = 1;');
    assert.deepEqual(newer.getChangeRange(older), { span: { start: 5, length: 0 }, newLength: 1 });
    assert.equal(newer.getChangeRange(ts.ScriptSnapshot.fromString('let x = 1;')), undefined);
  });

  it('after many edits, the language service analysis equals a fresh analysis of the same text', function () {
    this.timeout(60_000);
    // The document is open over a real workspace file: the edits live in memory only, never on disk.
    const file = path.join(WORKSPACE, 'src/services/checkout-service.ts');
    const text = fs.readFileSync(file, 'utf8');
    const projects = new Projects(() => undefined);
    projects.roots = [WORKSPACE];
    let doc = TextDocument.create(pathToFileURL(file).href, 'typescript', 1, text);
    {
      const rng = mulberry32(11);
      for (let i = 0; i < 40; i++) {
        const current = doc.getText();
        const start = rng.int(0, current.length);
        const end = Math.min(current.length, start + rng.int(0, 6));
        const insert = rng.pick(['', 'x', '(', '}', '\n', "'", 'SpanKind.CLIENT']);
        doc = TextDocument.update(doc, [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: insert }], doc.version + 1);
        const ctx = projects.contextFor(doc, catalogue);
        assert.ok(ctx);
        assert.equal(ctx.sourceFile.text, doc.getText());
        const fresh = parseSource(file, doc.getText());
        const kinds = (sf: ts.SourceFile) => {
          const out: string[] = [];
          const visit = (n: ts.Node) => {
            out.push(`${ts.SyntaxKind[n.kind]}@${n.pos}-${n.end}`);
            ts.forEachChild(n, visit);
          };
          visit(sf);
          return out.join(' ');
        };
        assert.equal(kinds(ctx.sourceFile), kinds(fresh), `edit ${i}: the reparsed tree differs from a fresh parse`);
        const typed = analyzeFile(ctx.sourceFile, { project: ctx.project }).findings.map((f) => `${f.start} ${f.ruleId} ${f.suggestedKind}`);
        const again = projects.contextFor(doc, catalogue);
        assert.deepEqual(analyzeFile(again!.sourceFile, { project: new AnalysisProject({ checker: again!.project.options.checker }) }).findings.map((f) => `${f.start} ${f.ruleId} ${f.suggestedKind}`), typed);
      }
    }
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  });

  it('an analysis names the other files it read functions from, so editors know what to re-check', () => {
    const rel = (files: string[]) => files.map((f) => path.relative(WORKSPACE, f).split(path.sep).join('/')).sort();
    const analysisOf = (name: string) => {
      const file = path.join(WORKSPACE, name);
      const program = programFor(file);
      return analyzeFile(program.getSourceFile(file)!, { project: new AnalysisProject({ checker: program.getTypeChecker(), program }) });
    };
    // `fetchExchangeRate` and `RatesClient` are followed into the rates client; the wrapper `withSpan` is read from tracing.ts.
    assert.deepEqual(rel(analysisOf('src/services/checkout-service.ts').dependencies), ['src/clients/rates-api.ts']);
    assert.deepEqual(rel(analysisOf('src/services/notifications.ts').dependencies), ['src/tracing.ts']);
    // Per file, nothing outside the file is read.
    assert.deepEqual(analyzeFile(parseSource('x.ts', fs.readFileSync(path.join(WORKSPACE, 'src/services/checkout-service.ts'), 'utf8'))).dependencies, []);
  });

  it('spanFunctionNamesOf lists the names a call can use for a function that starts a span', () => {
    const sf = parseSource(
      'w.ts',
      `import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
export function traced(name: string) { return tracer.startSpan(name); }
export const viaArrow = (n: string) => tracer.startActiveSpan(n, (s) => s.end());
class Repo { save() { const s = tracer.startSpan('save'); s.end(); } plain() { return 1; } }
const helpers = { run: function () { tracer.startSpan('run').end(); } };
export function untraced() { return 2; }
export default function () { tracer.startSpan('anon').end(); }
`,
    );
    assert.deepEqual([...spanFunctionNamesOf(sf)].sort(), ['*', 'run', 'save', 'traced', 'viaArrow']);
    assert.deepEqual(spanFunctionNamesOf(parseSource('n.ts', 'export const x = 1;')), []);
  });

  it('walkTree visits what a plain recursive walk visits, in the same order, past its recursion limit too', () => {
    const depth = 700;
    const text = `const deep = ${'['.repeat(depth)}f(x)${']'.repeat(depth)};\nfunction g() { return h(1, [k(2)]); }\n`;
    const sf = ts.createSourceFile('deep.ts', text, ts.ScriptTarget.Latest, true);
    const expected: ts.SyntaxKind[] = [];
    const visit = (node: ts.Node): void => {
      expected.push(node.kind);
      ts.forEachChild(node, visit);
    };
    visit(sf);
    const seen: ts.SyntaxKind[] = [];
    walkTree(sf, (node) => void seen.push(node.kind));
    assert.deepEqual(seen, expected);
    // 'skip' leaves a node's children out, 'stop' ends the walk, at any depth.
    const calls: string[] = [];
    walkTree(sf, (node) => {
      if (ts.isCallExpression(node)) calls.push(node.expression.getText(sf));
      if (ts.isFunctionDeclaration(node)) return 'skip';
    });
    assert.deepEqual(calls, ['f']);
    let visited = 0;
    walkTree(sf, (node) => {
      visited++;
      if (ts.isCallExpression(node)) return 'stop';
    });
    assert.equal(visited, expected.indexOf(ts.SyntaxKind.CallExpression) + 1);
  });

  it("a finding's fixes are built when first read, once, and are part of it as data", () => {
    let builds = 0;
    const finding = withFixes({ ruleId: 'spankind/x', message: 'm', severity: 'warning' as const, start: 0, end: 1, currentKinds: [], evidence: [] }, () => {
      builds++;
      return { title: 't', changes: [], preferred: true };
    });
    assert.equal(builds, 0);
    assert.equal(finding.fixes, finding.fixes);
    assert.equal(builds, 1);
    assert.deepEqual(JSON.parse(JSON.stringify(finding)).fixes, [{ title: 't', changes: [], preferred: true }]);
    finding.fixes = [];
    assert.deepEqual(finding.fixes, []);
    assert.equal(builds, 1);
  });

  it('files parsed without parent pointers have them on every node once the shared project binds them', () => {
    const files = fixtureFiles();
    const parsed = files.map((f) => parseSource(f, fs.readFileSync(f, 'utf8'), false));
    const shared = sharedSyntacticProject(parsed, { catalogue });
    assert.ok(shared && shared.files.size > files.length / 2, 'most fixtures share one project');
    let checked = 0;
    const check = (node: ts.Node, parent: ts.Node): void => {
      assert.equal(node.parent, parent, `${ts.SyntaxKind[node.kind]} in ${node.getSourceFile().fileName}`);
      checked++;
      ts.forEachChild(node, (child) => check(child, node));
      for (const doc of (node as { jsDoc?: ts.Node[] }).jsDoc ?? []) check(doc, node);
    };
    for (const sf of shared.files) ts.forEachChild(sf, (child) => check(child, sf));
    assert.ok(checked > 10_000, `only ${checked} nodes`);
  });

  it('identifiersNamedIn and within find in an index what a walk of the subtree finds (type-only subtrees left out)', () => {
    let compared = 0;
    for (const file of fixtureFiles().filter((f) => !f.endsWith('.fixed.ts'))) {
      const sf = parseSource(file, fs.readFileSync(file, 'utf8'));
      const calls: ts.CallExpression[] = [];
      walkTree(sf, (node) => {
        if (ts.isCallExpression(node)) calls.push(node);
      });
      // Every block and function body, and the file itself.
      const roots: ts.Node[] = [sf];
      walkTree(sf, (node) => {
        if (ts.isBlock(node) || (isFunctionLike(node) && node.body)) roots.push(ts.isBlock(node) ? node : node.body!);
      });
      for (const root of roots) {
        const inRoot: ts.Node[] = [];
        const inTypes: ts.Node[] = [];
        walkTree(root, (node) => {
          inRoot.push(node);
          if (isTypeOnly(node)) walkTree(node, (n) => void inTypes.push(n));
        });
        assert.deepEqual(within(calls, root), inRoot.filter(ts.isCallExpression), `${file}: calls in ${root.pos}`);
        // Nothing a type describes runs: no call, no function.
        assert.deepEqual(inTypes.filter((n) => ts.isCallExpression(n) || ts.isNewExpression(n) || isFunctionLike(n)), [], `${file}: code in types in ${root.pos}`);
        const ids = inRoot.filter((n): n is ts.Identifier => ts.isIdentifier(n) && !inTypes.includes(n));
        for (const text of new Set(ids.map((id) => id.text))) {
          assert.deepEqual(identifiersNamedIn(sf, text, root), ids.filter((id) => id.text === text), `${file}: ${text} in ${root.pos}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 1000, `only ${compared} compared`);
  });

  it("rowsFor gives each list's rows for a module, in order, as filtering every row does", () => {
    const lists = [catalogue.calls, catalogue.commands, catalogue.handlers, catalogue.entries, catalogue.local] as readonly (readonly { modules?: readonly string[] }[])[];
    const patterns = lists.flatMap((rows) => rows.flatMap((r) => r.modules ?? []));
    const specifiers = [...new Set([...patterns.map((p) => (p.endsWith('*') ? p.slice(0, -1) + 'x' : p)), './db', 'node:http', 'left-pad'])];
    let matched = 0;
    for (const rows of lists) {
      for (const specifier of specifiers) {
        const found = rowsFor(rows, specifier);
        assert.deepEqual(found, rows.filter((r) => moduleMatches(r.modules ?? [], specifier)), specifier);
        assert.equal(rowsFor(rows, specifier), found, 'computed once');
        matched += found.length;
      }
    }
    assert.ok(matched > patterns.length / 2, `only ${matched} rows matched`);
  });

  it('what is read out of a response is plain data: neither its type nor its methods are asked for, and clients a call returns still trace', () => {
    const files: Record<string, string> = {
      '/p/node_modules/pg/index.d.ts': [
        'export interface QueryResult<R> { rows: R[]; rowCount: number }',
        'export declare class PoolClient { query<R = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>; release(): void }',
        'export declare class Pool { query<R = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>; connect(): PoolClient }',
      ].join('\n'),
      '/p/src/db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
      '/p/src/a.ts': [
        "import { trace } from '@opentelemetry/api';",
        "import { pool } from './db';",
        "const tracer = trace.getTracer('t');",
        'export async function list() {',
        "  return tracer.startActiveSpan('list', async (span) => {",
        "    const { rows } = await pool.query<{ id: string }>('SELECT id FROM t');",
        '    span.end();',
        '    return rows.map((r) => r.id).filter(Boolean);',
        '  });',
        '}',
        'export async function move() {',
        "  const span = tracer.startSpan('move');",
        '  const client = pool.connect();',
        "  await client.query('BEGIN');",
        '  client.release();',
        '  span.end();',
        '}',
      ].join('\n'),
    };
    const { result, types, methods } = analyzeAsking(files, ['/p/src/a.ts', '/p/src/db.ts']);
    // A method's symbol costs the checker the type of its object: both count.
    const asked = [...types, ...methods];
    const evidence = (name: string) => result.spans.find((s) => (s.span.nameArg as ts.StringLiteral).text === name)!.inference.evidence.map((e) => e.label);
    assert.deepEqual(evidence('list'), ['pool.query']);
    assert.deepEqual(evidence('move'), ['pool.connect', 'client.query']);
    // A client that a call returns is known by its type, so its queries count too.
    const begin = result.walk.calls.find((c) => c.getText() === "client.query('BEGIN')")!;
    assert.deepEqual(result.model.matchOutbound(begin), { kind: 'CLIENT', library: 'pg' });
    // `pool` is traced in db.ts, where `new Pool()` shows what it is; `client` (what a call returns) by its type.
    assert.ok(!asked.includes('pool') && asked.includes('client'), `types asked: ${asked.join(', ')}`);
    for (const data of ['rows', 'rows.map', 'rows.map((r) => r.id)', 'rows.map((r) => r.id).filter']) assert.ok(!asked.includes(data), `the checker was asked the type of ${data}`);
  });

  it('an imported variable is traced in the module that declares it; the checker is asked its type only where that syntax leads nowhere', () => {
    const files: Record<string, string> = {
      '/p/node_modules/pg/index.d.ts': [
        'export interface QueryResult { rowCount: number }',
        'export declare class Pool { query(text: string): Promise<QueryResult> }',
      ].join('\n'),
      '/p/src/db.ts': [
        "import { Pool } from 'pg';",
        "import { settings } from './settings';",
        'export const pool = new Pool();',
        'function makePool(): Pool { return new Pool(); }',
        'export const made = makePool();',
        'export let later = settings.pool ?? pool;',
      ].join('\n'),
      '/p/src/settings.ts': "import { pool } from './db';\nexport const settings = { pool };\n",
      '/p/src/a.ts': [
        "import { trace } from '@opentelemetry/api';",
        "import { pool, made, later } from './db';",
        "const tracer = trace.getTracer('t');",
        "export function a() { return tracer.startActiveSpan('a', async (span) => { await pool.query('x'); span.end(); }); }",
        "export function b() { return tracer.startActiveSpan('b', async (span) => { await made.query('x'); span.end(); }); }",
        "export function c() { return tracer.startActiveSpan('c', async (span) => { await later.query('x'); span.end(); }); }",
      ].join('\n'),
    };
    const { result, types: asked } = analyzeAsking(files, ['/p/src/a.ts']);
    const evidence = (name: string) => result.spans.find((s) => (s.span.nameArg as ts.StringLiteral).text === name)!.inference.evidence.map((e) => `${e.label} ${e.library}`);
    assert.deepEqual(evidence('a'), ['pool.query pg']);
    // makePool() is a workspace function: its result is known by its type (asked in db.ts); `later` goes
    // through a cycle back to db.ts.
    assert.deepEqual(evidence('b'), ['made.query pg']);
    assert.deepEqual(evidence('c'), ['later.query pg']);
    assert.ok(!asked.includes('pool'), `types asked: ${asked.join(', ')}`);
    assert.ok(asked.includes('makePool()'), `types asked: ${asked.join(', ')}`);
  });

  it("the checker is not asked the type of what the JavaScript runtime alone makes, and still is for what a runtime call passes through", () => {
    const files: Record<string, string> = {
      '/lib.d.ts': SMALL_LIB,
      '/p/node_modules/pg/index.d.ts': 'export declare class Pool { query(text: string): Promise<{ rowCount: number }> }',
      '/p/src/db.ts': "import { Pool } from 'pg';\nexport function makePool(): Pool { return new Pool(); }\n",
      '/p/src/a.ts': [
        "import { trace } from '@opentelemetry/api';",
        "import { makePool } from './db';",
        "const tracer = trace.getTracer('t');",
        'const seen = new Map<string, number>();',
        "export function a(v: unknown) { return tracer.startActiveSpan('a', async (span) => {",
        '  seen.set(JSON.stringify(v), Date.now());',
        '  const at = new Date().toISOString();',
        '  const pool = new Proxy(makePool(), {});',
        '  await pool.query(at);',
        '  span.end();',
        '}); }',
      ].join('\n'),
    };
    const { program, result, types: asked } = analyzeAsking(files, ['/p/src/a.ts'], true);
    assert.ok(program.isSourceFileDefaultLibrary(program.getSourceFile('/lib.d.ts')!));
    assert.deepEqual(result.spans[0].inference.evidence.map((e) => `${e.label} ${e.library}`), ['pool.query pg']);
    for (const runtime of ['seen', 'seen.set', 'JSON', 'JSON.stringify', 'Date', 'Date.now', 'new Date().toISOString', 'Map']) {
      assert.ok(!asked.includes(runtime), `the checker was asked the type of ${runtime}`);
    }
    // A proxy is what it wraps: only its type tells.
    assert.ok(asked.includes('pool'), `types asked: ${asked.join(', ')}`);
  });

  it('a variable that refers back to itself (code being typed) is traced without looping', () => {
    const files: Record<string, string> = {
      '/p/src/a.ts': [
        "import { trace } from '@opentelemetry/api';",
        "const tracer = trace.getTracer('t');",
        'const loop = loop.next;',
        'const one = two.head, two = one.tail;',
        "export function a() { return tracer.startActiveSpan('a', async (span) => {",
        '  await loop.send();',
        '  await one.get();',
        '  span.end();',
        '}); }',
      ].join('\n'),
    };
    for (const withLib of [false, true]) {
      const { result } = analyzeAsking(files, ['/p/src/a.ts'], withLib);
      assert.equal(result.spans.length, 1);
      assert.equal(result.spans[0].inference.kind, 'INTERNAL');
    }
  });

  it('without the default library (as the analysis builds its programs), names it would declare are never type-checked', () => {
    const files: Record<string, string> = {
      '/p/node_modules/pg/index.d.ts': 'export declare class Pool { query(text: string): Promise<{ rowCount: number }> }',
      '/p/src/a.ts': [
        "import { trace } from '@opentelemetry/api';",
        "import { Pool } from 'pg';",
        "const tracer = trace.getTracer('t');",
        'const pool = new Pool();',
        'const seen = new Map<string, number>();',
        "export function a(v: unknown) { return tracer.startActiveSpan('a', async (span) => {",
        '  seen.set(JSON.stringify(v), Date.now());',
        "  await pool.query(new Date().toISOString() + Object.freeze({ v }).v);",
        '  span.end();',
        '}); }',
      ].join('\n'),
    };
    const { program, result, types: asked } = analyzeAsking(files, ['/p/src/a.ts']);
    assert.equal(program.getCompilerOptions().noLib, true);
    assert.deepEqual(result.spans[0].inference.evidence.map((e) => `${e.label} ${e.library}`), ['pool.query pg']);
    assert.deepEqual(asked, []);
  });

  it("a method is looked up in the checker only where it can be workspace code: not on a package's object, nor on the runtime's", () => {
    const files: Record<string, string> = {
      '/lib.d.ts': SMALL_LIB,
      '/p/node_modules/pg/index.d.ts': [
        'export declare class PoolClient { query(text: string): Promise<unknown>; release(): void }',
        'export declare class Pool { query(text: string): Promise<unknown>; connect(): Promise<PoolClient> }',
      ].join('\n'),
      '/p/src/db.ts': "import { Pool, PoolClient } from 'pg';\nconst pool = new Pool();\nexport function checkout(): Promise<PoolClient> { return pool.connect(); }\n",
      '/p/src/repo.ts': "import { Pool } from 'pg';\nconst pool = new Pool();\nexport class Repo { async save() { await pool.query('x'); } }\nexport const repo = new Repo();\n",
      '/p/src/a.ts': [
        "import { trace } from '@opentelemetry/api';",
        "import type { PoolClient } from 'pg';",
        "import { checkout } from './db';",
        "import { repo } from './repo';",
        "const tracer = trace.getTracer('t');",
        "export function a(client: PoolClient) { return tracer.startActiveSpan('a', async (span) => {",
        '  client.release();',
        '  const other = await checkout();',
        '  other.release();',
        '  await repo.save();',
        '  span.setAttribute("at", new Date().toISOString() + JSON.stringify(Date.now()));',
        '  span.end();',
        '}); }',
      ].join('\n'),
    };
    const { result, methods: asked } = analyzeAsking(files, ['/p/src/a.ts'], true);
    assert.deepEqual(
      result.spans[0].inference.evidence.map((e) => `${[...(e.via ?? []), e.label].join(' > ')} ${e.library}`),
      ['checkout > pool.connect pg', 'save > pool.query pg'],
    );
    // `client` is a PoolClient by its import from 'pg'; `other` by its type, declared in pg; the rest the runtime's.
    assert.deepEqual(asked, ['repo.save']);
  });

  it("a value reference's declaration is found in its scopes, the same one the checker's symbol for it names, in every fixture", function () {
    this.timeout(120_000);
    const projects = new Map<ts.Program, AnalysisProject>();
    let compared = 0;
    for (const file of fixtureFiles().filter((f) => /\.[cm]?[jt]sx?$/.test(f) && !f.endsWith('.fixed.ts'))) {
      const program = programFor(file);
      const checker = program.getTypeChecker();
      const sf = program.getSourceFile(file);
      if (!sf) continue;
      let project = projects.get(program);
      if (!project) projects.set(program, (project = new AnalysisProject({ checker, program, catalogue })));
      const model = project.modelOf(sf);
      walkTree(sf, (node) => {
        if (!ts.isIdentifier(node) || ts.isShorthandPropertyAssignment(node.parent)) return;
        const symbol = checker.getSymbolAtLocation(node);
        let expected = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
        if (expected?.getSourceFile().isDeclarationFile && !ts.findAncestor(expected, ts.isImportDeclaration)) expected = undefined;
        const found = model.declarationOf(node);
        assert.equal(found, expected, `${path.relative(WORKSPACE, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.text}`);
        compared++;
      });
    }
    assert.ok(compared > 5000, `compared ${compared} names`);
  });

  it("programs leave @types/node out, and every fixture's findings stay the same", function () {
    this.timeout(120_000);
    const options = workspaceProgram().getCompilerOptions();
    const files = fixtureFiles().filter((f) => !f.endsWith('.fixed.ts') && path.relative(WORKSPACE, f).startsWith('src'));
    const withNode = ts.createProgram({ rootNames: files, options });
    const without = ts.createProgram({ rootNames: files, options, host: analysisCompilerHost(options) });
    assert.ok(withNode.getSourceFiles().some((sf) => isLeftOut(sf.fileName)), 'the plain program holds @types/node (installed in this repository)');
    assert.deepEqual(without.getSourceFiles().filter((sf) => isLeftOut(sf.fileName)).map((sf) => sf.fileName), []);
    const findings = (program: ts.Program, file: string) => {
      const project = new AnalysisProject({ checker: program.getTypeChecker(), program, instrumentation: instrumentationOf(file), catalogue });
      return analyzeFile(program.getSourceFile(file)!, { project }).findings.map((f) => `${f.ruleId}@${f.start}: ${f.message}`);
    };
    let compared = 0;
    for (const file of files) {
      assert.deepEqual(findings(without, file), findings(withNode, file), file);
      compared += findings(withNode, file).length;
    }
    assert.ok(compared > 20, `only ${compared} findings compared`);
  });
});
