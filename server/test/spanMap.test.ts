// spanMap: the static service graph from real analyses of test-workspace files, and the request's service names.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeFile } from '../src/analysis/analyzeFile';
import { parseSource } from '../src/analysis/program';
import { buildSpanMap, type SpanMap, type SpanMapFile } from '../src/analysis/spanMap';
import { type SpanSummary, summarizeSpans } from '../src/analysis/spanSummary';
import { ServiceNames, spanMapRequest } from '../src/lsp/spanMapRequest';
import { edgeLabel, filterMap, layoutMap, nodeText, pathThrough } from '../../client/src/spanMap/layout';
import { WORKSPACE } from './fixtures';
import { analyze } from './helpers';
import { programFor } from './programs';

const SERVICE = 'orders-service';

function summariesOf(relative: string, typed = false): SpanSummary[] {
  const file = path.join(WORKSPACE, relative);
  if (typed) {
    const program = programFor(file);
    return summarizeSpans(analyzeFile(program.getSourceFile(file)!, { checker: program.getTypeChecker() }));
  }
  return summarizeSpans(analyzeFile(parseSource(file, fs.readFileSync(file, 'utf8'))));
}

function fileOf(relative: string, typed = false, service = SERVICE): SpanMapFile {
  return { uri: pathToFileURL(path.join(WORKSPACE, relative)).href, service, spans: summariesOf(relative, typed) };
}

const KIND_RULES = new Set(['spankind/missing-kind', 'spankind/wrong-kind']);

/**
 * `source -> target KIND (needs NEEDED) status ×spans @lines [kind rules]`, one line per edge. Only the kind
 * rules decide an edge's status, so only they are listed (the context and lifecycle rules come and go).
 */
function edgeLines(map: SpanMap): string[] {
  return map.edges.map((e) => {
    const rules = e.findings.filter((f) => KIND_RULES.has(f.ruleId)).map((f) => f.ruleId.replace('spankind/', ''));
    return `${e.source} -> ${e.target} ${e.kind} (needs ${e.needed}) ${e.status} ×${e.spans} @${e.locations.map((l) => l.line + 1).join(',')}${rules.length ? ` [${rules.join(', ')}]` : ''}`;
  });
}

describe('spanMap', () => {
  it('draws a Kafka producer file: one topic, the PRODUCER edge, the wrong CLIENT edge and the missing one', () => {
    const map = buildSpanMap([fileOf('src/events/kafka-producer.ts')]);
    assert.deepEqual(map.nodes, [
      { id: 'service:orders-service', type: 'service', name: SERVICE, libraries: [], spans: 3, localSpans: 0 },
      { id: 'topic:kafka:order-events', type: 'topic', name: 'order-events', system: 'kafka', libraries: ['kafkajs'], dynamic: undefined },
    ]);
    assert.deepEqual(edgeLines(map), [
      'service:orders-service -> topic:kafka:order-events CLIENT (needs PRODUCER) wrong ×1 @38 [wrong-kind]',
      'service:orders-service -> topic:kafka:order-events INTERNAL (needs PRODUCER) missing ×1 @26 [missing-kind]',
      'service:orders-service -> topic:kafka:order-events PRODUCER (needs PRODUCER) ok ×1 @55',
    ]);
    const missing = map.edges.find((e) => e.status === 'missing')!;
    assert.deepEqual(missing.spanNames, ['send order-events']);
    // Every finding of the span rides on its edge, whichever rule raised it.
    const span = summariesOf('src/events/kafka-producer.ts').find((s) => s.line === 25)!;
    assert.deepEqual(missing.findings.map((f) => f.message), span.findings.map((f) => f.message));
    assert.match(missing.findings[0].message, /so its kind should be PRODUCER; it sets no kind/);
    assert.deepEqual({ line: missing.locations[0].line, character: missing.locations[0].character }, { line: 25, character: 32 });
  });

  it('draws queues in and out of a service: a producer edge out, consumer edges in, a database reached by a consumer', () => {
    const map = buildSpanMap([fileOf('src/jobs/email-worker.ts'), fileOf('src/events/kafka-consumer.ts')]);
    assert.deepEqual(
      map.nodes.map((n) => `${n.id} ${n.libraries.join(',')}`),
      [
        'service:orders-service ',
        'database:postgresql:postgresql pg',
        'topic:kafka:payment-events kafkajs',
        'queue:bullmq:emails bullmq',
        'queue:bullmq:invoices bullmq',
      ],
    );
    assert.deepEqual(edgeLines(map), [
      'queue:bullmq:emails -> service:orders-service INTERNAL (needs CONSUMER) missing ×1 @73 [missing-kind]',
      'queue:bullmq:invoices -> service:orders-service INTERNAL (needs CONSUMER) missing ×1 @56 [missing-kind]',
      'service:orders-service -> database:postgresql:postgresql INTERNAL (needs CLIENT) missing ×1 @47 [missing-kind]',
      'service:orders-service -> queue:bullmq:emails INTERNAL (needs PRODUCER) missing ×1 @33 [missing-kind]',
      'topic:kafka:payment-events -> service:orders-service INTERNAL (needs CONSUMER) missing ×1 @43 [missing-kind]',
    ]);
    assert.equal(map.spanCount, 5);
    assert.equal(map.fileCount, 2);
  });

  it('type-aware: follows calls into other files to the hosts they reach', () => {
    const map = buildSpanMap([fileOf('src/services/checkout-service.ts', true)]);
    assert.deepEqual(edgeLines(map), [
      'service:orders-service -> database:postgresql:postgresql CLIENT (needs CLIENT) ok ×1 @31',
      'service:orders-service -> http:HTTP:rates.internal:8080 INTERNAL (needs CLIENT) missing ×2 @42,53 [missing-kind, missing-kind]',
      'service:orders-service -> queue:bullmq:bullmq (dynamic queue) INTERNAL (needs PRODUCER) missing ×1 @21 [missing-kind]',
    ]);
    const rates = map.nodes.find((n) => n.name === 'rates.internal:8080')!;
    assert.deepEqual(rates.libraries, ['axios', 'fetch']);
    assert.equal(map.nodes.find((n) => n.type === 'queue')?.dynamic, true);
  });

  it('joins services through a shared topic, one node per peer however many spans reach it', () => {
    const producer = analyze(
      `import { trace, SpanKind } from '@opentelemetry/api';\nimport { Kafka } from 'kafkajs';\nconst tracer = trace.getTracer('a');\nconst producer = new Kafka({ clientId: 'a', brokers: [] }).producer();\n` +
        `export const a = () => tracer.startActiveSpan('send orders', { kind: SpanKind.PRODUCER }, async (s) => { await producer.send({ topic: 'orders', messages: [] }); s.end(); });\n` +
        `export const b = () => tracer.startActiveSpan('send orders again', { kind: SpanKind.PRODUCER }, async (s) => { await producer.send({ topic: 'orders', messages: [] }); s.end(); });\n`,
    );
    const consumer = analyze(
      `import { trace, SpanKind } from '@opentelemetry/api';\nimport { Kafka } from 'kafkajs';\nconst tracer = trace.getTracer('b');\nconst consumer = new Kafka({ clientId: 'b', brokers: [] }).consumer({ groupId: 'b' });\n` +
        `await consumer.subscribe({ topic: 'orders' });\n` +
        `await consumer.run({ eachMessage: async () => { await tracer.startActiveSpan('process orders', { kind: SpanKind.CONSUMER }, async (s) => { s.end(); }); } });\n`,
    );
    const map = buildSpanMap([
      { uri: 'file:///b/consumer.ts', service: 'billing', spans: summarizeSpans(consumer) },
      { uri: 'file:///a/producer.ts', service: 'checkout', spans: summarizeSpans(producer) },
    ]);
    assert.deepEqual(map.nodes.map((n) => n.id), ['service:billing', 'service:checkout', 'topic:kafka:orders']);
    assert.deepEqual(edgeLines(map), [
      'service:checkout -> topic:kafka:orders PRODUCER (needs PRODUCER) ok ×2 @5,6',
      'topic:kafka:orders -> service:billing CONSUMER (needs CONSUMER) ok ×1 @6',
    ]);
    assert.deepEqual(map.edges[0].spanNames, ['send orders', 'send orders again']);
  });

  it('edge cases: no files, files without spans, spans without targets, a kind not known statically', () => {
    assert.deepEqual(buildSpanMap([]), { nodes: [], edges: [], spanCount: 0, fileCount: 0 });
    const local = analyze(`import { trace } from '@opentelemetry/api';\nconst tracer = trace.getTracer('t');\ntracer.startActiveSpan('local', (s) => { s.end(); });\n`);
    const map = buildSpanMap([
      { uri: 'file:///x/empty.ts', service: 'x', spans: [] },
      { uri: 'file:///x/local.ts', service: 'x', spans: summarizeSpans(local) },
    ]);
    assert.deepEqual(map.nodes, [{ id: 'service:x', type: 'service', name: 'x', libraries: [], spans: 1, localSpans: 1 }]);
    assert.deepEqual(map.edges, []);
    const conditional = analyze(
      `import { trace, SpanKind } from '@opentelemetry/api';\nconst tracer = trace.getTracer('t');\nexport const f = (remote: boolean) => tracer.startActiveSpan('maybe', { kind: remote ? SpanKind.CLIENT : SpanKind.INTERNAL }, async (s) => { await fetch('https://a.example.com'); s.end(); });\n`,
    );
    const unknown = buildSpanMap([{ uri: 'file:///x/c.ts', service: 'x', spans: summarizeSpans(conditional) }]);
    assert.deepEqual(edgeLines(unknown), ['service:x -> http:HTTP:a.example.com unknown (needs CLIENT) unknown ×1 @3']);
  });

  describe('the spanKind/spanMap request', () => {
    let root: string;
    before(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'span-map-'));
      fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'monorepo' }));
      fs.mkdirSync(path.join(root, 'services', 'billing', 'src'), { recursive: true });
      fs.writeFileSync(path.join(root, 'services', 'billing', 'package.json'), JSON.stringify({ name: '@acme/billing' }));
      fs.mkdirSync(path.join(root, 'services', 'broken'), { recursive: true });
      fs.writeFileSync(path.join(root, 'services', 'broken', 'package.json'), '{ not json');
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it('names each file by its nearest package.json inside the workspace folder', async () => {
      const names = new ServiceNames([root]);
      const uri = (...parts: string[]) => pathToFileURL(path.join(root, ...parts)).href;
      assert.equal(await names.of(uri('services', 'billing', 'src', 'a.ts')), '@acme/billing');
      assert.equal(await names.of(uri('services', 'broken', 'b.ts')), 'monorepo');
      assert.equal(await names.of(uri('c.ts')), 'monorepo');
      assert.equal(await new ServiceNames([path.join(root, 'services')]).of(uri('services', 'x.ts')), 'services');
      assert.equal(await names.of('untitled:Untitled-1'), 'this service');
    });

    it('builds the map from the index files, keeping its completeness', async () => {
      const spans = summariesOf('src/events/kafka-producer.ts');
      const result = await spanMapRequest({
        files: () => ({ files: [{ uri: pathToFileURL(path.join(root, 'services', 'billing', 'src', 'p.ts')).href, spans }], complete: false }),
        folders: () => [root],
      });
      assert.equal(result.complete, false);
      assert.deepEqual(result.nodes.map((n) => n.id), ['service:@acme/billing', 'topic:kafka:order-events']);
      assert.equal(result.edges.length, 3);
    });
  });

  describe('the webview\'s layout (client/src/spanMap/layout.ts)', () => {
    const map = () => buildSpanMap([fileOf('src/events/kafka-producer.ts'), fileOf('src/jobs/email-worker.ts')]);

    it('labels edges by kind, or by what is wrong with them, and nodes by name and system', () => {
      const m = map();
      assert.deepEqual(
        m.edges.map(edgeLabel),
        ['no kind · needs CONSUMER', 'no kind · needs CONSUMER', 'no kind · needs PRODUCER', 'CLIENT · needs PRODUCER', 'no kind · needs PRODUCER', 'PRODUCER'],
      );
      assert.deepEqual(m.nodes.map((n) => nodeText(n)), [
        { title: SERVICE, subtitle: 'service · 6 spans' },
        { title: 'order-events', subtitle: 'kafka topic' },
        { title: 'emails', subtitle: 'bullmq queue' },
        { title: 'invoices', subtitle: 'bullmq queue' },
      ]);
    });

    it('lays out left to right: consumed queues left of the service, what it sends to right of it; nothing overlaps', () => {
      const layout = layoutMap(map());
      const at = (id: string) => layout.nodes.find((n) => n.node.id === id)!;
      const service = at('service:orders-service');
      assert.ok(at('queue:bullmq:invoices').x < service.x, 'a consumed queue sits left of the service');
      assert.ok(at('topic:kafka:order-events').x > service.x, 'a topic it produces to sits right of it');
      for (const a of layout.nodes) {
        assert.ok(a.x - a.width / 2 >= 0 && a.x + a.width / 2 <= layout.width && a.y + a.height / 2 <= layout.height, `${a.node.id} is inside the drawing`);
        for (const b of layout.nodes) {
          if (a === b) continue;
          const apart = Math.abs(a.x - b.x) * 2 >= a.width + b.width || Math.abs(a.y - b.y) * 2 >= a.height + b.height;
          assert.ok(apart, `${a.node.id} overlaps ${b.node.id}`);
        }
      }
      assert.equal(layout.edges.length, 6);
      for (const e of layout.edges) {
        assert.ok(e.points.length >= 2, `${e.edge.id} has a path`);
        assert.match(pathThrough(e.points), /^M[\d.]+,[\d.]+( [QL][\d., ]+)+$/);
      }
    });

    it('filters by text (peer, span name or file) and to problems only, keeping the services', () => {
      const m = map();
      assert.deepEqual(filterMap(m, { text: 'KAFKA-producer', problemsOnly: false }).nodes.map((n) => n.id), ['service:orders-service', 'topic:kafka:order-events']);
      assert.equal(filterMap(m, { text: '', problemsOnly: true }).edges.length, 5);
      assert.deepEqual(filterMap(m, { text: 'invoices', problemsOnly: true }).edges.map((e) => e.spanNames[0]), ['process invoices']);
      assert.deepEqual(filterMap(m, { text: 'no such thing', problemsOnly: false }).nodes.map((n) => n.id), ['service:orders-service']);
    });
  });
});
