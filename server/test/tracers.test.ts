import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts = require('typescript');
import { analyzeFile } from '../src/analysis/analyzeFile';
import { mayContainSpanCalls } from '../src/analysis/analyzeFile';
import { parseSettings } from '../src/analysis/settings';
import { catalogue } from '../src/catalogue';
import { analysisCompilerHost, parseProjectConfig } from '../src/host/tsconfig';
import { analyze } from './helpers';

/** `api:how the tracer was recognised` for each span call of the file. */
function found(code: string): string[] {
  return analyze(code).spans.map(({ span }) => `${span.api}:${span.tracerMatch}`);
}

describe('tracers', () => {
  it('from a path alias or a workspace package, named like a tracer', () => {
    assert.deepEqual(found(`import { tasksTracer } from '@/tasks/tracer';\ntasksTracer.startActiveSpan('a', (s) => s.end());`), ['startActiveSpan:name']);
    assert.deepEqual(found(`import { tracer } from '~/lib/otel';\ntracer.startSpan('a');`), ['startSpan:name']);
  });

  it('from getTracer on anything that is not deny-listed (a package re-exporting the API, an SDK provider)', () => {
    assert.deepEqual(found(`import { otelTrace as trace } from '@acme/telemetry';\nconst t = trace.getTracer('x');\nt.startSpan('a');`), ['startSpan:getTracer']);
    assert.deepEqual(found(`import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';\nconst provider = new NodeTracerProvider();\nprovider.getTracer('x').startSpan('a');`), ['startSpan:getTracer']);
    assert.deepEqual(found(`import { trace } from '@opentelemetry/api';\ntrace.getTracerProvider().getTracer('x').startSpan('a');`), ['startSpan:getTracer']);
  });

  it('returned by a function, a thunk, a method or a getter', () => {
    const code = `import { trace } from '@opentelemetry/api';
function makeIt() { return trace.getTracer('x'); }
const lazy = () => trace.getTracer('y');
class Service {
  get t() { return trace.getTracer('z'); }
  private obtain() { return trace.getTracer('w'); }
  run() {
    this.t.startSpan('a');
    this.obtain().startSpan('b');
  }
}
makeIt().startSpan('c');
lazy().startSpan('d');`;
    assert.deepEqual(found(code), ['startSpan:getTracer', 'startSpan:getTracer', 'startSpan:getTracer', 'startSpan:getTracer']);
  });

  it('from a getter or thunk that cannot be read, by its name', () => {
    assert.deepEqual(found(`import { getAppTracer, otel } from './otel';\ngetAppTracer().startSpan('a');\notel.tracer.startSpan('b');\notel.tracer().startSpan('c');`), [
      'startSpan:name',
      'startSpan:name',
      'startSpan:name',
    ]);
  });

  it('typed Tracer, whatever module re-exports the type', () => {
    const code = `import type { Tracer } from '@acme/observability';
import * as api from '@opentelemetry/api';
export function run(t: Tracer, u: api.Tracer) {
  t.startSpan('a');
  u.startSpan('b');
}
class Job { constructor(private readonly tr: Tracer) {} go() { this.tr.startSpan('c'); } }`;
    assert.deepEqual(found(code), ['startSpan:type', 'startSpan:type', 'startSpan:type']);
  });

  it('but never one from a deny-listed package, however it is reached', () => {
    const code = `import tracer from 'dd-trace';
import type { Tracer } from 'dd-trace';
import apm from 'elastic-apm-node';
import * as opentracing from 'opentracing';
function f(t: Tracer) { t.startSpan('a'); }
tracer.startSpan('b');
tracer.getTracer?.('x');
apm.startSpan('c');
opentracing.globalTracer().startSpan('d');
const ot = opentracing.globalTracer();
ot.startSpan('e');`;
    assert.deepEqual(found(code), []);
  });

  it('the deny-list is catalogue data', () => {
    assert.ok(catalogue.nonOtelTracers.includes('dd-trace'));
    assert.ok(catalogue.nonOtelTracers.includes('@sentry/*'));
  });
});

describe('SDK span functions', () => {
  const spanOf = (code: string) =>
    analyze(code).spans.map(({ span, inference }) => ({
      api: span.api,
      how: span.tracerMatch,
      name: span.nameArg?.getText(),
      callback: !!span.callback,
      inferred: inference.kind,
      kind: span.kindSet.state,
    }));

  it('Laminar observe and Laminar.startSpan', () => {
    const got = spanOf(`import { observe, Laminar } from '@lmnr-ai/lmnr';
await observe({ name: 'ask' }, async () => fetch('https://example.com'));
const span = Laminar.startSpan({ name: 'manual' });
span.end();`);
    assert.deepEqual(got.map((s) => `${s.api}:${s.how}:${s.callback}`), ['observe:wrapper:true', 'startSpan:wrapper:false']);
    assert.equal(got[0].inferred, 'CLIENT');
  });

  it('an import renamed at the call site still matches', () => {
    assert.deepEqual(spanOf(`import { observe as traced } from '@lmnr-ai/lmnr';\ntraced({ name: 'x' }, () => 1);`).map((s) => s.api), ['observe']);
  });

  it('LangSmith traceable: the callback is the first argument, the config the second', () => {
    const [s] = spanOf(`import { traceable } from 'langsmith/traceable';\nexport const ask = traceable(async (q: string) => fetch('https://api.example.com/' + q), { name: 'ask', run_type: 'llm' });`);
    assert.deepEqual([s.api, s.callback, s.name, s.inferred], ['traceable', true, "{ name: 'ask', run_type: 'llm' }", 'CLIENT']);
  });

  it('Genkit runInNewSpan with or without the leading registry', () => {
    const got = spanOf(`import { runInNewSpan } from '@genkit-ai/core/tracing';
declare const registry: unknown;
runInNewSpan({ metadata: { name: 'a' } }, async () => 1);
runInNewSpan(registry, { metadata: { name: 'b' } }, async () => 2);`);
    assert.deepEqual(got.map((s) => `${s.api}:${s.callback}`), ['runInNewSpan:true', 'runInNewSpan:true']);
  });

  it('Sentry startSpan, startSpanManual and startInactiveSpan; the kind cannot be set there, so no fix', () => {
    const a = analyze(`import * as Sentry from '@sentry/node';
Sentry.startSpan({ name: 'load', op: 'http.client' }, () => fetch('https://example.com'));
Sentry.startSpanManual({ name: 'm' }, (span) => span.end());
const s = Sentry.startInactiveSpan({ name: 'i' });
s.end();`);
    assert.deepEqual(a.spans.map(({ span }) => span.api), ['startSpan', 'startSpanManual', 'startInactiveSpan']);
    assert.deepEqual(a.findings.flatMap((f) => f.fixes), []);
  });

  it('LangWatch withActiveSpan reads OpenTelemetry options, with or without them', () => {
    const got = spanOf(`import { getLangWatchTracer } from 'langwatch';
import { SpanKind } from '@opentelemetry/api';
const tracer = getLangWatchTracer('svc');
tracer.withActiveSpan('a', async () => 1);
tracer.withActiveSpan('b', { kind: SpanKind.CLIENT }, async () => fetch('https://example.com'));`);
    assert.deepEqual(got.map((s) => `${s.api}:${s.kind}:${s.callback}`), ['withActiveSpan:absent:true', 'withActiveSpan:known:true']);
  });

  it('Langfuse startActiveObservation and observe', () => {
    const got = spanOf(`import { startActiveObservation, observe } from '@langfuse/tracing';
startActiveObservation('a', async () => 1);
export const f = observe(async () => 2, { name: 'f' });`);
    assert.deepEqual(got.map((s) => s.api), ['startActiveObservation', 'observe']);
  });

  it('a function of the same name from another module is not one', () => {
    assert.deepEqual(spanOf(`import { observe } from './mine';\nimport { traceable } from 'other-lib';\nobserve({ name: 'x' }, () => 1);\ntraceable(() => 1, {});`), []);
  });

  it('the pre-filter passes every file that calls one', () => {
    for (const row of catalogue.wrappers) {
      assert.ok(mayContainSpanCalls(`import { ${row.function} } from 'x';\n${row.function}(() => 1);`), row.function);
    }
    assert.ok(!mayContainSpanCalls('export const a = 1;'));
  });

  it('a declared wrapper of the same name in the settings wins over the built-in row', () => {
    const { settings } = parseSettings({ wrappers: [{ function: 'observe', nameArg: 0, kindArg: 1, callbackArg: 2 }] });
    const a = analyze(`import { observe } from '@lmnr-ai/lmnr';\nimport { SpanKind } from '@opentelemetry/api';\nobserve('x', SpanKind.CLIENT, () => 1);`, 'test.ts', settings);
    assert.deepEqual(a.spans.map(({ span }) => span.kindSet.state), ['known']);
  });
});

describe('tsconfig without node_modules', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-tsconfig-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };

  it('a tsconfig extending a missing package keeps its own paths and baseUrl', () => {
    write('app/tsconfig.json', `{ "extends": "@acme/tsconfig-missing/base.json", "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["./src/*"] } }, }`);
    const config = parseProjectConfig(path.join(dir, 'app/tsconfig.json'));
    assert.deepEqual(config.options.paths, { '~/*': ['./src/*'] });
    assert.equal(path.resolve(config.options.baseUrl!), path.join(dir, 'app'));
  });

  it('a tsconfig extending a workspace package reads it from the package folder', () => {
    write('package.json', JSON.stringify({ private: true, workspaces: ['packages/*', 'apps/*'] }));
    write('packages/tsconfig/package.json', JSON.stringify({ name: '@acme/tsconfig' }));
    write('packages/tsconfig/base.json', JSON.stringify({ compilerOptions: { strict: true, paths: { '#lib/*': ['./lib/*'] } } }));
    write('apps/web/tsconfig.json', JSON.stringify({ extends: '@acme/tsconfig/base.json', compilerOptions: { baseUrl: '.' } }));
    const config = parseProjectConfig(path.join(dir, 'apps/web/tsconfig.json'));
    assert.equal(config.options.strict, true);
    assert.deepEqual(config.errors, []);
  });

  it('a workspace package import resolves to its source folder (package.json workspaces and pnpm-workspace.yaml)', () => {
    for (const layout of ['npm', 'pnpm'] as const) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir);
      if (layout === 'npm') write('package.json', JSON.stringify({ private: true, workspaces: { packages: ['libs/*', 'services/*'] } }));
      else write('pnpm-workspace.yaml', "packages:\n  - 'libs/*'\n  - \"services/*\"\n");
      write('libs/telemetry/package.json', JSON.stringify({ name: '@acme/telemetry', main: 'dist/index.js', types: 'dist/index.d.ts' }));
      write('libs/telemetry/src/index.ts', `import { trace } from '@opentelemetry/api';\nexport const appTracer = trace.getTracer('acme');\n`);
      write('services/api/tsconfig.json', JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }));
      write('services/api/src/main.ts', `import { appTracer } from '@acme/telemetry';\nappTracer.startSpan('a');\n`);
      const config = parseProjectConfig(path.join(dir, 'services/api/tsconfig.json'));
      const host = analysisCompilerHost(config.options);
      const main = path.join(dir, 'services/api/src/main.ts');
      const program = ts.createProgram({ rootNames: [main], options: config.options, host });
      assert.ok(program.getSourceFile(path.join(dir, 'libs/telemetry/src/index.ts')), `${layout}: the workspace package's source is in the program`);
      const a = analyzeFile(program.getSourceFile(main)!, { checker: program.getTypeChecker() });
      assert.deepEqual(a.spans.map(({ span }) => span.tracerMatch), ['getTracer'], layout);
    }
  });
});
