import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import { applyFixes, mergeFixes } from '../src/analysis/applyFixes';
import { fixAll } from './helpers';

const KAFKA = `import { Kafka } from 'kafkajs';\nconst producer = new Kafka({ brokers: [] }).producer();\n`;
const SEND = `await producer.send({ topic: 't', messages: [] })`;

function parses(text: string, fileName = 'x.ts'): boolean {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length === 0;
}

describe('kind fixes', () => {
  it('startActiveSpan(name, fn) gains an options argument; SpanKind joins the named import', () => {
    const before = `import { trace } from '@opentelemetry/api';\n${KAFKA}const tracer = trace.getTracer('t');\ntracer.startActiveSpan('p', async (span) => { ${SEND}; span.end(); });\n`;
    const after = fixAll(before);
    assert.equal(
      after,
      `import { trace, SpanKind } from '@opentelemetry/api';\n${KAFKA}const tracer = trace.getTracer('t');\ntracer.startActiveSpan('p', { kind: SpanKind.PRODUCER }, async (span) => { ${SEND}; span.end(); });\n`,
    );
    assert.ok(parses(after));
  });

  it('adds kind as the first property of existing options, keeping multi-line layout', () => {
    const before = `import { trace, SpanKind } from '@opentelemetry/api';\n${KAFKA}const tracer = trace.getTracer('t');\ntracer.startActiveSpan(\n  'p',\n  {\n    attributes: { a: 1 },\n  },\n  async (span) => { ${SEND}; span.end(); },\n);\n`;
    const after = fixAll(before);
    assert.ok(after.includes(`  {\n    kind: SpanKind.PRODUCER,\n    attributes: { a: 1 },\n  },`), after);
    assert.ok(!after.includes('import { trace, SpanKind, SpanKind }'));
  });

  it('replaces a wrong SpanKind member or number in place', () => {
    const base = `import { trace, SpanKind } from '@opentelemetry/api';\n${KAFKA}const tracer = trace.getTracer('t');\n`;
    assert.ok(fixAll(`${base}tracer.startActiveSpan('p', { kind: SpanKind.CLIENT }, async (s) => { ${SEND}; s.end(); });`).includes('{ kind: SpanKind.PRODUCER }'));
    assert.ok(fixAll(`${base}tracer.startActiveSpan('p', { kind: 2 }, async (s) => { ${SEND}; s.end(); });`).includes('{ kind: SpanKind.PRODUCER }'));
  });

  it('uses a namespace import and an alias as they are', () => {
    const ns = `import * as api from '@opentelemetry/api';\n${KAFKA}api.trace.getTracer('t').startActiveSpan('p', async (s) => { ${SEND}; s.end(); });\n`;
    const fixedNs = fixAll(ns);
    assert.ok(fixedNs.includes("startActiveSpan('p', { kind: api.SpanKind.PRODUCER }, async"));
    assert.ok(fixedNs.startsWith(`import * as api from '@opentelemetry/api';\nimport { Kafka }`), 'no new import');
    const alias = `import { trace, SpanKind as K } from '@opentelemetry/api';\n${KAFKA}trace.getTracer('t').startActiveSpan('p', async (s) => { ${SEND}; s.end(); });\n`;
    assert.ok(fixAll(alias).includes('{ kind: K.PRODUCER }'));
  });

  it('adds an import in the file\'s quote and semicolon style when none exists', () => {
    const before = `import { tracer } from "./tracing"\n${KAFKA.replace("'kafkajs';", '"kafkajs"').replace(';\n', '\n')}tracer.startActiveSpan("p", async (s) => { ${SEND}; s.end() })\n`;
    const after = fixAll(before);
    assert.ok(after.includes('import { SpanKind } from "@opentelemetry/api"\n'), after);
    assert.ok(parses(after));
  });

  it('CommonJS: extends `const { trace } = require(...)`, or adds a require', () => {
    const destructured = `const { trace } = require('@opentelemetry/api');\nconst { Kafka } = require('kafkajs');\nconst producer = new Kafka({ brokers: [] }).producer();\nasync function f() { return trace.getTracer('t').startActiveSpan('p', async (s) => { ${SEND}; s.end(); }); }\n`;
    assert.ok(fixAll(destructured, 'a.js').startsWith("const { trace, SpanKind } = require('@opentelemetry/api');"));
    const none = `'use strict';\nconst { tracer } = require('./tracing');\nconst { Kafka } = require('kafkajs');\nconst producer = new Kafka({ brokers: [] }).producer();\nasync function f() { return tracer.startActiveSpan('p', async (s) => { ${SEND}; s.end(); }); }\n`;
    const after = fixAll(none, 'a.js');
    assert.ok(after.includes("const { Kafka } = require('kafkajs');\nconst { SpanKind } = require('@opentelemetry/api');\n"), after);
    assert.ok(parses(after, 'a.js'));
  });

  it('a multi-line named import with a trailing comma keeps its layout', () => {
    const before = `import {\n  context,\n  trace,\n} from '@opentelemetry/api';\n${KAFKA}trace.getTracer('t').startActiveSpan('p', async (s) => { ${SEND}; s.end(); });\n`;
    assert.ok(fixAll(before).startsWith(`import {\n  context,\n  trace,\n  SpanKind,\n} from '@opentelemetry/api';`));
  });

  it('offers no fix when the options are not an object literal', () => {
    const before = `import { trace } from '@opentelemetry/api';\n${KAFKA}const opts = { attributes: {} };\ntrace.getTracer('t').startActiveSpan('p', opts, async (s) => { ${SEND}; s.end(); });\n`;
    assert.equal(fixAll(before), before);
  });

  it('fixes several spans with one import edit', () => {
    const before = `import { trace } from '@opentelemetry/api';\n${KAFKA}const t = trace.getTracer('t');\nt.startActiveSpan('a', async (s) => { ${SEND}; s.end(); });\nt.startActiveSpan('b', async (s) => { await fetch('https://x'); s.end(); });\n`;
    const after = fixAll(before);
    assert.equal(after.match(/SpanKind/g)?.length, 3);
    assert.ok(after.includes("'a', { kind: SpanKind.PRODUCER }") && after.includes("'b', { kind: SpanKind.CLIENT }"));
  });
});

describe('kind fixes on code being written (found by fuzzing)', () => {
  it('a require() without arguments does not stop the analysis', () => {
    const code = `const helpers = require();\nconst { trace } = require('@opentelemetry/api');\nconst tracer = trace.getTracer('t');\ntracer.startActiveSpan('load', async (span) => { await fetch('u'); span.end(); });\n`;
    assert.ok(fixAll(code, 'a.js').includes("const { trace, SpanKind } = require('@opentelemetry/api');"));
  });

  it('startActiveSpan(name, options) without a callback yet: fixing it once is enough', () => {
    const code = `import { trace } from '@opentelemetry/api';\nconst tracer = trace.getTracer('t');\nexport function f(u: string) { return tracer.startActiveSpan('GET', { attributes: { 'url.full': u } }); }\n`;
    const once = fixAll(code);
    assert.ok(once.includes("startActiveSpan('GET', { kind: SpanKind.CLIENT, attributes:"), once);
    assert.equal(fixAll(once), once);
  });

  it('a comment after the brace stays where it was, not copied', () => {
    const code = `import { trace } from '@opentelemetry/api';\ntrace.getTracer('t').startActiveSpan('load', { /* options */ attributes: {} }, async (s) => { await fetch('u'); s.end(); });\n`;
    assert.ok(fixAll(code).includes("{ /* options */ kind: SpanKind.CLIENT, attributes: {} }"), fixAll(code));
  });

  it('no fix while the span name is still missing, or the import is half-typed', () => {
    const noName = `import { trace, SpanKind } from '@opentelemetry/api';\ntrace.getTracer('t').startActiveSpan(, async (s) => { await fetch('u'); s.end(); });\n`;
    assert.equal(fixAll(noName), noName);
    const halfImport = `import { from '@opentelemetry/api';\nimport { trace } from './t';\ntrace.getTracer('t').startActiveSpan('x', async (s) => { await fetch('u'); s.end(); });\n`;
    assert.equal(fixAll(halfImport), halfImport);
  });
});

describe('applyFixes', () => {
  it('applies changes back to front and drops a fix that overlaps an earlier one', () => {
    const text = 'abcdef';
    const fixes = [
      { title: 'x', preferred: true, changes: [{ start: 1, end: 3, newText: 'X' }] },
      { title: 'y', preferred: true, changes: [{ start: 2, end: 4, newText: 'Y' }, { start: 5, end: 5, newText: '!' }] },
      { title: 'z', preferred: true, changes: [{ start: 4, end: 5, newText: 'Z' }] },
    ];
    assert.equal(applyFixes(text, fixes), 'aXdZf');
    assert.equal(mergeFixes(fixes).length, 2);
  });

  it('keeps identical changes once', () => {
    const change = { start: 0, end: 0, newText: '>' };
    assert.equal(applyFixes('a', [{ title: '', preferred: true, changes: [change] }, { title: '', preferred: true, changes: [{ ...change }] }]), '>a');
  });
});
