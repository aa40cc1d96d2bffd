import * as assert from 'node:assert/strict';
import { analyze, inferred, OTEL } from './helpers';

describe('span attributes as evidence', () => {
  it('url.full at start means CLIENT; by string key or semantic-conventions constant', () => {
    assert.deepEqual(inferred(`${OTEL}export function f(u: string, g: () => Promise<void>) { return tracer.startActiveSpan('GET', { attributes: { 'url.full': u } }, async (s) => { await g(); s.end(); }); }`), ['CLIENT/high']);
    const withConst = `${OTEL}import { ATTR_URL_FULL } from '@opentelemetry/semantic-conventions';
export function f(u: string, g: () => Promise<void>) { return tracer.startActiveSpan('GET', { attributes: { [ATTR_URL_FULL]: u } }, async (s) => { await g(); s.end(); }); }`;
    assert.deepEqual(inferred(withConst), ['CLIENT/high']);
  });

  it('setAttribute in scope counts: db.* means CLIENT, legacy SEMATTRS_ constants too', () => {
    const code = `${OTEL}import { SEMATTRS_DB_SYSTEM } from '@opentelemetry/semantic-conventions';
export function q(run: () => Promise<void>) {
  const span = tracer.startSpan('query', { kind: SpanKind.INTERNAL });
  span.setAttribute(SEMATTRS_DB_SYSTEM, 'postgresql');
  return run().finally(() => span.end());
}`;
    const [f] = analyze(code).findings;
    assert.equal(f.ruleId, 'spankind/wrong-kind');
    assert.match(f.message, /^This span sets `db\.system`, so its kind should be CLIENT, not INTERNAL\.$/);
  });

  it('http.request.method and server.address alone decide nothing', () => {
    const code = `${OTEL}export function f(g: () => Promise<void>) { return tracer.startActiveSpan('x', { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'GET', 'server.address': 'a' } }, async (s) => { await g(); s.end(); }); }`;
    assert.deepEqual(analyze(code).findings, []);
    assert.deepEqual(inferred(code), ['CLIENT/unverified']);
  });

  it('messaging.operation.type by value; receive on a CONSUMER span is an information note', () => {
    const send = `${OTEL}export function f(g: () => Promise<void>) { return tracer.startActiveSpan('send', { attributes: { 'messaging.operation.type': 'send' } }, async (s) => { await g(); s.end(); }); }`;
    assert.deepEqual(inferred(send), ['PRODUCER/high']);
    const receive = `${OTEL}import { ATTR_MESSAGING_OPERATION_TYPE, MESSAGING_OPERATION_TYPE_VALUE_RECEIVE } from '@opentelemetry/semantic-conventions/incubating';
export function f(g: () => Promise<void>) { return tracer.startActiveSpan('receive', { kind: SpanKind.CONSUMER, attributes: { [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_RECEIVE } }, async (s) => { await g(); s.end(); }); }`;
    const [f] = analyze(receive).findings;
    assert.equal(f.severity, 'information');
    assert.equal(f.suggestedKind, 'CLIENT');
    assert.match(f.message, /pull receive is CLIENT since semantic conventions 1\.28/);
  });

  it('gen_ai execute_tool means INTERNAL only when no call says otherwise', () => {
    const tool = (body: string) => `${OTEL}export function f() { return tracer.startActiveSpan('execute_tool lookup', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'execute_tool' } }, async (s) => { ${body} s.end(); }); }`;
    assert.equal(analyze(tool('const x = 1 + 1;')).findings[0]?.suggestedKind, 'INTERNAL');
    assert.deepEqual(analyze(tool("await fetch('https://api.weather');")).findings, []);
  });

  it('graphql.operation.* is SERVER, or INTERNAL nested under another span', () => {
    const top = `${OTEL}export function f(g: () => Promise<void>) { return tracer.startActiveSpan('query Orders', { attributes: { 'graphql.operation.type': 'query' } }, async (s) => { await g(); s.end(); }); }`;
    assert.deepEqual(inferred(top), ['SERVER/high']);
    const nested = `${OTEL}export function f(g: () => Promise<void>) { return tracer.startActiveSpan('POST /graphql', { kind: SpanKind.SERVER }, async (outer) => {
  await tracer.startActiveSpan('query Orders', { kind: SpanKind.SERVER, attributes: { 'graphql.operation.type': 'query' } }, async (s) => { await g(); s.end(); });
  outer.end();
}); }`;
    assert.equal(analyze(nested).findings[0]?.suggestedKind, 'INTERNAL');
  });
});
