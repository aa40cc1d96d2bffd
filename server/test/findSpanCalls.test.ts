import * as assert from 'node:assert/strict';
import { analyze, OTEL } from './helpers';

function spans(code: string, fileName = 'test.ts') {
  return analyze(code, fileName).spans.map(({ span }) => ({
    api: span.api,
    tracer: span.tracerMatch,
    kind: span.kindSet.state === 'known' ? span.kindSet.kinds.join('|') : span.kindSet.state,
  }));
}

describe('findSpanCalls', () => {
  describe('recognises OpenTelemetry tracers', () => {
    it('from trace.getTracer, directly and chained', () => {
      const found = spans(`${OTEL}tracer.startSpan('a');\ntrace.getTracer('x').startActiveSpan('b', (s) => s.end());`);
      assert.deepEqual(found.map((s) => `${s.api}:${s.tracer}`), ['startSpan:getTracer', 'startActiveSpan:getTracer']);
    });

    it('through a namespace import and a CommonJS require', () => {
      assert.equal(spans(`import * as api from '@opentelemetry/api';\napi.trace.getTracer('x').startSpan('a');`).length, 1);
      assert.equal(spans(`const opentelemetry = require('@opentelemetry/api');\nconst t = opentelemetry.trace.getTracer('x');\nt.startSpan('a');`, 'a.js').length, 1);
    });

    it('typed as Tracer from @opentelemetry/api, as a class field or parameter', () => {
      const code = `import type { Tracer } from '@opentelemetry/api';
class Svc { constructor(private readonly t: Tracer) {} run() { this.t.startSpan('a'); } }
function f(otel: Tracer) { otel.startSpan('b'); }`;
      assert.deepEqual(spans(code).map((s) => s.tracer), ['type', 'type']);
    });

    it('an identifier named like a tracer from the user\'s own module', () => {
      assert.deepEqual(spans(`import { tracer } from './tracing';\ntracer.startSpan('a');`).map((s) => s.tracer), ['name']);
    });

    it('but not other libraries\' startSpan methods', () => {
      const code = `import tracer from 'dd-trace';
import * as Sentry from '@sentry/node';
class Profiler { startSpan(n: string) { return n; } }
const profiler = new Profiler();
tracer.startSpan('a');
Sentry.startSpan({ name: 'b' }, () => 1);
profiler.startSpan('c');`;
      // Sentry's startSpan is an SDK span function (options first), never a tracer's.
      assert.deepEqual(spans(code).map((s) => `${s.api}:${s.tracer}`), ['startSpan:wrapper']);
    });
  });

  describe('reads the kind set', () => {
    const kindOf = (options: string, prelude = '') => spans(`${OTEL}${prelude}\ntracer.startSpan('a', ${options});`)[0].kind;

    it('absent, empty options and undefined', () => {
      assert.equal(spans(`${OTEL}tracer.startSpan('a');`)[0].kind, 'absent');
      assert.equal(kindOf('{}'), 'absent');
      assert.equal(kindOf('undefined'), 'absent');
      assert.equal(kindOf('{ attributes: { a: 1 } }'), 'absent');
    });

    it('SpanKind.X, aliases and namespaces', () => {
      assert.equal(kindOf('{ kind: SpanKind.CLIENT }'), 'CLIENT');
      assert.equal(spans(`import { trace, SpanKind as SK } from '@opentelemetry/api';\ntrace.getTracer('x').startSpan('a', { kind: SK.PRODUCER });`)[0].kind, 'PRODUCER');
      assert.equal(spans(`import * as otel from '@opentelemetry/api';\notel.trace.getTracer('x').startSpan('a', { kind: otel.SpanKind.SERVER });`)[0].kind, 'SERVER');
    });

    it('numeric literals in enum order', () => {
      assert.equal(kindOf('{ kind: 0 }'), 'INTERNAL');
      assert.equal(kindOf('{ kind: 1 }'), 'SERVER');
      assert.equal(kindOf('{ kind: 4 }'), 'CONSUMER');
      assert.equal(kindOf('{ kind: 7 }'), 'unknown');
    });

    it('consts, shorthand, option objects in variables, spreads and conditionals', () => {
      assert.equal(kindOf('{ kind: K }', 'const K = SpanKind.CONSUMER;'), 'CONSUMER');
      assert.equal(kindOf('{ kind }', 'const kind = SpanKind.CLIENT;'), 'CLIENT');
      assert.equal(kindOf('opts', 'const opts = { kind: SpanKind.PRODUCER };'), 'PRODUCER');
      assert.equal(kindOf('{ ...base, kind: SpanKind.CLIENT }', 'const base = { kind: SpanKind.SERVER };'), 'CLIENT');
      assert.equal(kindOf('{ kind: SpanKind.CLIENT, ...base }', 'const base = { kind: SpanKind.SERVER };'), 'SERVER');
      assert.equal(kindOf('{ kind: flag ? SpanKind.SERVER : SpanKind.CLIENT }', 'declare const flag: boolean;'), 'SERVER|CLIENT');
    });

    it('options returned by a helper of the file, when every return agrees', () => {
      assert.equal(kindOf('clientOptions()', 'function clientOptions() { return { kind: SpanKind.CLIENT, attributes: {} }; }'), 'CLIENT');
      assert.equal(kindOf('plain()', 'const plain = () => ({ attributes: {} });'), 'absent');
      assert.equal(kindOf('pick(1)', 'function pick(n: number) { if (n) return { kind: SpanKind.CLIENT }; return { kind: SpanKind.SERVER }; }'), 'CLIENT|SERVER');
      assert.equal(kindOf('mixed(1)', 'function mixed(n: number) { if (n) return { kind: SpanKind.CLIENT }; return {}; }'), 'unknown');
    });

    it('unknown when not static', () => {
      assert.equal(kindOf('{ kind: pick() }', 'declare function pick(): any;'), 'unknown');
      assert.equal(kindOf('{ ...opts }', 'declare const opts: any;'), 'unknown');
      assert.equal(kindOf('opts', 'let opts = {};'), 'unknown');
    });
  });

  it('startActiveSpan: options are the middle argument only with three or more arguments', () => {
    const found = analyze(`${OTEL}tracer.startActiveSpan('a', (s) => s.end());\ntracer.startActiveSpan('b', { kind: SpanKind.CLIENT }, (s) => s.end());`).spans;
    assert.equal(found[0].span.optionsArg, undefined);
    assert.ok(found[0].span.callback);
    assert.equal(found[1].span.kindSet.state, 'known');
  });
});
