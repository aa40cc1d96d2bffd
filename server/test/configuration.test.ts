import * as assert from 'node:assert/strict';
import { parseSettings } from '../src/analysis/settings';
import { analyze, OTEL } from './helpers';

const settings = (raw: unknown) => {
  const { settings: s, problems } = parseSettings(raw);
  assert.deepEqual(problems, []);
  return s;
};

describe('user configuration', () => {
  it('a library added in the settings is evidence like a built-in row', () => {
    const code = `${OTEL}import { request } from '@acme/http';
import bus from '@acme/bus';
export const a = () => tracer.startActiveSpan('call partner', async (s) => { await request('/partners'); s.end(); });
export const b = () => tracer.startActiveSpan('publish event', async (s) => { await bus.emit('x', {}); s.end(); });`;
    assert.deepEqual(analyze(code).findings, []);
    const configured = settings({
      libraries: [
        { module: '@acme/http', member: 'request', kind: 'CLIENT' },
        { module: '@acme/bus', member: ['emit'], kind: 'PRODUCER' },
      ],
    });
    const found = analyze(code, 'test.ts', configured).findings;
    assert.deepEqual(found.map((f) => f.suggestedKind), ['CLIENT', 'PRODUCER']);
    assert.match(found[0].message, /`request` \(@acme\/http\) runs inside this span/);
  });

  it('a wrapper declared in the settings makes its call sites span calls', () => {
    const code = `${OTEL}import { traced } from '@acme/tracing';
export const f = () => traced('GET /stock', SpanKind.INTERNAL, async () => fetch('https://inventory/stock'));`;
    assert.deepEqual(analyze(code).findings, []);
    const configured = settings({ wrappers: [{ function: 'traced', module: '@acme/tracing', nameArg: 0, kindArg: 1, callbackArg: 2 }] });
    const [f] = analyze(code, 'test.ts', configured).findings;
    assert.equal(f.ruleId, 'spankind/wrong-kind');
    assert.equal(f.suggestedKind, 'CLIENT');
    const otherModule = settings({ wrappers: [{ function: 'traced', module: '@other/tracing', kindArg: 1 }] });
    assert.deepEqual(analyze(code, 'test.ts', otherModule).findings, []);
  });

  it('ignore comments silence a span', () => {
    const span = `tracer.startActiveSpan('GET /x', async (s) => { await fetch('https://x'); s.end(); });`;
    assert.equal(analyze(`${OTEL}${span}`).findings.length, 1);
    assert.deepEqual(analyze(`${OTEL}// spankind-ignore-next-line\n${span}`).findings, []);
    assert.deepEqual(analyze(`${OTEL}${span.replace("('GET /x'", "(/* spankind-ignore */ 'GET /x'")}`).findings, []);
    assert.equal(analyze(`${OTEL}// spankind-ignore-next-line\nconst unrelated = 1;\n${span}`).findings.length, 1, 'only the next line');
  });
});
