import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import { analyzeFile } from '../src/analysis/analyzeFile';
import { applyFixes } from '../src/analysis/applyFixes';
import type { InstrumentationFact } from '../src/analysis/instrumentation';
import { parseSource } from '../src/analysis/program';
import { AnalysisProject } from '../src/analysis/project';
import {
  type ParentPath,
  buildParentSpanFix,
  jobFunctionOf,
  pathsTo,
  rootPathsOf,
  serverParentOf,
  serverSpansCalledFrom,
  spanParentPaths,
} from '../src/analysis/spanParents';
import type { SpanCall } from '../src/analysis/types';
import { rules } from '../src/rules';
import { OTEL } from './helpers';
import { inMemoryProgram } from './programs';

/** The rules under test alone (other rules also run on these snippets). */
const only = (...ids: string[]) => rules.filter((r) => ids.includes(r.id));

const HTTP: InstrumentationFact[] = [{ family: 'http', module: '@opentelemetry/instrumentation-http', where: 'instrumentation.ts:3' }];

/** The file's unit in a per-file project, and its span calls by name. */
function load(code: string, fileName = 'test.ts', instrumentation: InstrumentationFact[] = []) {
  const project = new AnalysisProject({ instrumentation });
  const unit = project.unitOf(parseSource(fileName, code));
  const span = (name: string): SpanCall => {
    const found = unit.walk.spans.find((s) => s.nameArg && ts.isStringLiteralLike(s.nameArg) && s.nameArg.text === name);
    assert.ok(found, `no span '${name}'`);
    return found;
  };
  return { project, unit, span };
}

/** `span:outer`, `root:top-level<main`, `handler:app.get`, `remote`, `unknown`: a path in short. */
function describe_(path: ParentPath): string {
  const end = path.end;
  const steps = path.steps.map((s) => s.name ?? s.runBy).join('<');
  const tail = [steps && `<${steps}`, path.loop ? ' loop' : '', path.inactiveSpans.length ? ' inactive' : ''].join('');
  switch (end.kind) {
    case 'span':
      return `span:${end.span?.nameArg?.getText().replace(/'/g, '') ?? '?'}${tail}`;
    case 'handler':
      return `handler:${end.handler.label}${tail}`;
    case 'root':
      return `root:${end.entry.kind}${end.entry.library ? `(${end.entry.library})` : ''}${tail}`;
    default:
      return `${end.kind}${tail}`;
  }
}

const paths = (code: string, name: string, fileName?: string) => {
  const { unit, span } = load(code, fileName);
  return spanParentPaths(span(name), unit).map(describe_);
};

describe('spanParents', () => {
  describe('the parent of a span', () => {
    it('is the span whose startActiveSpan callback holds it, callbacks of timers, promises and arrays included', () => {
      const code = `${OTEL}export function f(items: string[]) {
  tracer.startActiveSpan('outer', (o) => {
    tracer.startActiveSpan('direct', (s) => s.end());
    items.forEach(() => tracer.startActiveSpan('in forEach', (s) => s.end()));
    Promise.resolve().then(() => tracer.startActiveSpan('in then', (s) => s.end()));
    setTimeout(() => tracer.startActiveSpan('in timer', (s) => s.end()), 10);
    o.end();
  });
}`;
      assert.deepEqual(paths(code, 'direct'), ['span:outer']);
      assert.deepEqual(paths(code, 'in forEach'), ['span:outer<.forEach']);
      assert.deepEqual(paths(code, 'in then'), ['span:outer<.then']);
      assert.deepEqual(paths(code, 'in timer'), ['span:outer<setTimeout']);
    });

    it('is not a span started with startSpan, unless context.with makes it active', () => {
      const code = `${OTEL}export function f() {
  const outer = tracer.startSpan('outer');
  tracer.startActiveSpan('sibling', (s) => s.end());
  context.with(trace.setSpan(context.active(), outer), () => {
    tracer.startActiveSpan('child', (s) => s.end());
  });
  outer.end();
}`;
      assert.deepEqual(paths(code, 'sibling'), ['unknown inactive']);
      assert.deepEqual(paths(code, 'child'), ['span:outer']);
    });

    it('is the context given explicitly: extracted (remote), ROOT_CONTEXT (a new root), or the active one', () => {
      const code = `${OTEL}import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
export function f(headers: Record<string, string>) {
  tracer.startActiveSpan('outer', (o) => {
    const parent = propagation.extract(context.active(), headers);
    tracer.startActiveSpan('remote', {}, parent, (s) => s.end());
    tracer.startSpan('remote too', {}, propagation.extract(context.active(), headers)).end();
    tracer.startActiveSpan('new root', {}, ROOT_CONTEXT, (s) => s.end());
    tracer.startActiveSpan('active', {}, context.active(), (s) => s.end());
    context.with(propagation.extract(context.active(), headers), () => tracer.startActiveSpan('remote by with', (s) => s.end()));
    o.end();
  });
}`;
      assert.deepEqual(paths(code, 'remote'), ['remote']);
      assert.deepEqual(paths(code, 'remote too'), ['remote']);
      assert.deepEqual(paths(code, 'new root'), ['root:root-context']);
      assert.deepEqual(paths(code, 'active'), ['span:outer']);
      assert.deepEqual(paths(code, 'remote by with'), ['remote']);
    });

    it('follows the callers of a function in the file; an exported one is also called from elsewhere', () => {
      const code = `${OTEL}function helper() {
  tracer.startActiveSpan('inner', (s) => s.end());
}
export function run() {
  tracer.startActiveSpan('outer', (o) => { helper(); o.end(); });
  helper();
}`;
      assert.deepEqual(paths(code, 'inner'), ['span:outer<helper', 'unknown<helper']);
    });

    it('ends at a request handler, and unknown for callbacks handed to a library or uncalled functions', () => {
      const code = `${OTEL}import express from 'express';
import { EventEmitter } from 'node:events';
const app = express();
const events = new EventEmitter();
app.get('/a', (req, res) => { tracer.startActiveSpan('in handler', (s) => { res.end(); s.end(); }); });
events.on('tick', () => tracer.startActiveSpan('in listener', (s) => s.end()));
function neverCalled() { tracer.startActiveSpan('dead', (s) => s.end()); }`;
      assert.deepEqual(paths(code, 'in handler'), ['handler:app.get']);
      assert.deepEqual(paths(code, 'in listener'), ['unknown']);
      assert.deepEqual(paths(code, 'dead'), ['unknown']);
    });

    it('follows this.method() within a class; a public method may also be called from outside', () => {
      const code = `${OTEL}export class Gateway {
  handle() {
    tracer.startActiveSpan('outer', { kind: SpanKind.SERVER }, (o) => { this.legacy(); this.audit(); o.end(); });
  }
  private legacy() { tracer.startActiveSpan('private', (s) => s.end()); }
  audit() { tracer.startActiveSpan('public', (s) => s.end()); }
  #poll = async () => { await tracer.startActiveSpan('bound', (s) => s.end()); };
  start() { setInterval(this.#poll.bind(this), 1000); }
}`;
      assert.deepEqual(paths(code, 'private'), ['span:outer<legacy']);
      assert.deepEqual(paths(code, 'public'), ['unknown', 'span:outer<audit']);
      assert.deepEqual(paths(code, 'bound'), ['unknown<#poll']);
    });

    it('`root: true` in the options starts a new trace, whatever is active', () => {
      const code = `${OTEL}export function f() {
  tracer.startActiveSpan('outer', { kind: SpanKind.SERVER }, (o) => {
    tracer.startActiveSpan('detached', { kind: SpanKind.SERVER, root: true }, (s) => s.end());
    o.end();
  });
}`;
      assert.deepEqual(paths(code, 'detached'), ['root:root-option']);
      const { unit, span } = load(code);
      assert.equal(serverParentOf(span('detached'), unit, []), undefined);
    });

    it('a class field initializer runs when the class is instantiated, not at the top level', () => {
      const code = `${OTEL}class Warmup {
  ready = tracer.startActiveSpan('GET config', { kind: SpanKind.CLIENT }, async (s) => { await fetch('https://c'); s.end(); });
}
new Warmup();`;
      assert.deepEqual(paths(code, 'GET config'), ['unknown']);
    });

    it('does not loop on recursion', () => {
      const code = `${OTEL}function poll(n: number): void {
  tracer.startActiveSpan('tick', (s) => s.end());
  if (n > 0) poll(n - 1);
}
poll(3);`;
      assert.deepEqual(paths(code, 'tick'), ['unknown<poll', 'root:top-level<poll']);
    });
  });

  describe('root entries', () => {
    it('the top level, main() called there, a require.main guard, an IIFE and a timer set there', () => {
      const code = `${OTEL}await tracer.startActiveSpan('top', async (s) => s.end());
async function main() { await tracer.startActiveSpan('in main', async (s) => s.end()); }
main().catch(() => undefined);
(async () => { await tracer.startActiveSpan('in iife', async (s) => s.end()); })();
setInterval(async () => { await tracer.startActiveSpan('in interval', async (s) => s.end()); }, 1000);
async function cli() { await tracer.startActiveSpan('in cli', async (s) => s.end()); }
if (require.main === module) {
  void cli();
}`;
      assert.deepEqual(paths(code, 'top'), ['root:top-level']);
      assert.deepEqual(paths(code, 'in main'), ['root:top-level<main']);
      assert.deepEqual(paths(code, 'in iife'), ['root:top-level<call']);
      assert.deepEqual(paths(code, 'in interval'), ['root:top-level<setInterval']);
      assert.deepEqual(paths(code, 'in cli'), ['root:main-guard<cli']);
    });

    it('scheduler jobs: node-cron, cron (new CronJob, CronJob.from), node-schedule, @nestjs/schedule', () => {
      const code = `${OTEL}import cron from 'node-cron';
import { CronJob } from 'cron';
import * as schedule from 'node-schedule';
import { Cron } from '@nestjs/schedule';
export function start() {
  cron.schedule('* * * * *', async () => { await tracer.startActiveSpan('node-cron', async (s) => s.end()); });
  new CronJob('0 * * * *', async () => { await tracer.startActiveSpan('new CronJob', async (s) => s.end()); });
  CronJob.from({ cronTime: '0 0 * * *', onTick: sweep });
  schedule.scheduleJob('0 0 * * *', async () => { await tracer.startActiveSpan('node-schedule', async (s) => s.end()); });
}
async function sweep() { await tracer.startActiveSpan('onTick', async (s) => s.end()); }
export class Jobs {
  @Cron('0 0 * * *')
  async nightly() { await tracer.startActiveSpan('nest', async (s) => s.end()); }
}`;
      assert.deepEqual(paths(code, 'node-cron'), ['root:scheduler(node-cron)']);
      assert.deepEqual(paths(code, 'new CronJob'), ['root:scheduler(cron)']);
      assert.deepEqual(paths(code, 'onTick'), ['root:scheduler(cron)']);
      assert.deepEqual(paths(code, 'node-schedule'), ['root:scheduler(node-schedule)']);
      assert.deepEqual(paths(code, 'nest'), ['root:scheduler(@nestjs/schedule)']);
    });

    it('marks an endless polling loop, and a startSpan span left open around the code', () => {
      const code = `${OTEL}async function poll() {
  for (;;) {
    await tracer.startActiveSpan('receive', async (s) => s.end());
  }
}
async function job() {
  const run = tracer.startSpan('run');
  await tracer.startActiveSpan('under inactive', async (s) => s.end());
  run.end();
}
void poll();
void job();`;
      assert.deepEqual(paths(code, 'receive'), ['root:top-level<poll loop']);
      assert.deepEqual(paths(code, 'under inactive'), ['root:top-level<job inactive']);
      const { unit, span } = load(code);
      assert.equal(rootPathsOf(span('under inactive'), unit), undefined);
      const receive = rootPathsOf(span('receive'), unit);
      assert.ok(receive);
      assert.equal(jobFunctionOf(receive[0]), undefined, 'no job span around an endless loop');
    });

    it('rootPathsOf needs every path to be a root entry', () => {
      const code = `${OTEL}async function load() { await tracer.startActiveSpan('load', async (s) => s.end()); }
export async function handler() { await load(); }
void load();`;
      const { unit, span } = load(code);
      assert.equal(rootPathsOf(span('load'), unit), undefined);
      assert.ok(pathsTo(span('load').call, unit).some((p) => p.end.kind === 'root'));
    });
  });

  describe('SERVER above a SERVER span', () => {
    it('looks past INTERNAL spans, not past a CLIENT span or an extracted context', () => {
      const code = `${OTEL}export function f(h: Record<string, string>) {
  tracer.startActiveSpan('outer', { kind: SpanKind.SERVER }, (o) => {
    tracer.startActiveSpan('step', (s) => {
      tracer.startActiveSpan('deep', { kind: SpanKind.SERVER }, (d) => d.end());
      s.end();
    });
    tracer.startActiveSpan('call', { kind: SpanKind.CLIENT }, (c) => {
      tracer.startActiveSpan('under client', { kind: SpanKind.SERVER }, (d) => d.end());
      c.end();
    });
    o.end();
  });
}`;
      const { unit, span } = load(code);
      const deep = serverParentOf(span('deep'), unit, []);
      assert.equal(deep?.span, span('outer'));
      assert.deepEqual(deep?.through, [span('step')]);
      assert.equal(serverParentOf(span('under client'), unit, []), undefined);
      assert.equal(serverParentOf(span('outer'), unit, []), undefined);
    });

    it('an instrumented handler counts as a SERVER span only with its instrumentation registered', () => {
      const code = `${OTEL}import express from 'express';
const app = express();
function audit() { tracer.startActiveSpan('audit', { kind: SpanKind.SERVER }, (s) => s.end()); }
app.post('/a', (req, res) => { audit(); res.end(); });`;
      assert.equal(serverParentOf(load(code).span('audit'), load(code).unit, []), undefined);
      const { unit, span } = load(code, 'test.ts', HTTP);
      const parent = serverParentOf(span('audit'), unit, HTTP);
      assert.equal(parent?.handler?.match.label, 'app.post');
      assert.equal(parent?.steps[0].name, 'audit');
    });

    it('type-aware: a SERVER span in a function of another file, called from the span', () => {
      const { project, program } = typedProject({
        '/p/gateway.ts': `${OTEL}import { legacy } from './legacy';
export function handle() {
  tracer.startActiveSpan('outer', { kind: SpanKind.SERVER }, (o) => { legacy(); o.end(); });
  tracer.startActiveSpan('no', { kind: SpanKind.SERVER }, (o) => { o.end(); });
  legacy();
}`,
        '/p/legacy.ts': `${OTEL}export function legacy() { inner(); }
function inner() { tracer.startActiveSpan('legacy', { kind: SpanKind.SERVER }, (s) => s.end()); }`,
      });
      const unit = project.unitOf(program.getSourceFile('/p/gateway.ts')!);
      const [outer, no] = unit.walk.spans;
      const hits = serverSpansCalledFrom(outer, unit, project);
      assert.deepEqual(
        hits.map((h) => [h.call.getText(), h.via.map((f) => f.name?.getText()), h.span.nameArg?.getText()]),
        [['legacy()', ['legacy', 'inner'], "'legacy'"]],
      );
      assert.deepEqual(serverSpansCalledFrom(no, unit, project), []);
      const findings = analyzeFile(program.getSourceFile('/p/gateway.ts')!, { project, rules: only('nested-server', 'wrong-kind') }).findings;
      assert.deepEqual(findings.map((f) => f.ruleId), ['spankind/nested-server']);
      assert.match(findings[0].message, /^`legacy` → `inner` starts the SERVER span 'legacy' \(p\/legacy\.ts:4\)/);
    });
  });

  describe('the job span fix', () => {
    const job = (body: string, head = `${OTEL}import cron from 'node-cron';\n`) => `${head}cron.schedule('* * * * *', async () => {\n${body}\n});\n`;
    const fixOf = (code: string, name = 'GET /x', fileName = 'rates.ts') => {
      const { unit, span, project } = load(code, fileName);
      const s = span(name);
      const root = rootPathsOf(s, unit);
      assert.ok(root, 'a root span');
      const fn = jobFunctionOf(root[0]);
      return fn && buildParentSpanFix(s, fn, project.unitOf(unit.model.sourceFile).model);
    };
    const CLIENT_SPAN = `  await tracer.startActiveSpan('GET /x', { kind: SpanKind.CLIENT }, async (span) => {
    try {
      await fetch(\`https://x.example.com/\${'a'}
second line of the template\`);
    } finally {
      span.end();
    }
  });`;

    it('wraps the job body, re-indented except inside multi-line templates, named after the file', () => {
      const code = job(CLIENT_SPAN);
      const fix = fixOf(code);
      assert.ok(fix);
      assert.equal(fix.preferred, false);
      assert.equal(fix.title, "Start an INTERNAL span 'rates' around the job");
      assert.equal(
        applyFixes(code, [fix]).slice(OTEL.length),
        `import cron from 'node-cron';
cron.schedule('* * * * *', async () => {
  return tracer.startActiveSpan('rates', async (jobSpan) => {
    try {
      await tracer.startActiveSpan('GET /x', { kind: SpanKind.CLIENT }, async (span) => {
        try {
          await fetch(\`https://x.example.com/\${'a'}
second line of the template\`);
        } finally {
          span.end();
        }
      });
    } finally {
      jobSpan.end();
    }
  });
});
`,
      );
      const again = analyzeFile(parseSource('rates.ts', applyFixes(code, [fix])), { rules: only('root-client') });
      assert.deepEqual(again.findings, [], 'the span now has a parent');
    });

    it('keeps a semicolon-less style and a named job function', () => {
      const code = `import { trace, SpanKind } from '@opentelemetry/api'
const tracer = trace.getTracer('t')
async function syncRates() {
  await tracer.startActiveSpan('GET /x', { kind: SpanKind.CLIENT }, async (span) => {
    await fetch('https://x.example.com')
    span.end()
  })
}
syncRates()
`;
      const fixed = applyFixes(code, [fixOf(code)!]);
      assert.match(fixed, /return tracer\.startActiveSpan\('syncRates', async \(jobSpan\) => \{\n/);
      assert.match(fixed, / {6}jobSpan\.end\(\)\n {4}\}\n {2}\}\)\n\}/);
    });

    it('offers none for a sync job, a shadowed or non-module tracer, or a one-line body', () => {
      assert.equal(fixOf(job(CLIENT_SPAN).replace('async () => {', '() => {').replace("await tracer.startActiveSpan('GET /x'", "void tracer.startActiveSpan('GET /x'")), undefined);
      assert.equal(fixOf(job(`  const tracer = trace.getTracer('job');\n${CLIENT_SPAN}`)), undefined);
      assert.equal(fixOf(job(`  const jobSpan = 1;\n${CLIENT_SPAN}`)), undefined);
      const oneLine = `${OTEL}import cron from 'node-cron';\ncron.schedule('* * * * *', async () => { await tracer.startActiveSpan('GET /x', { kind: SpanKind.CLIENT }, async (s) => { await fetch('https://x'); s.end(); }); });`;
      assert.equal(fixOf(oneLine), undefined);
    });
  });

  describe('the rules', () => {
    it('nested-server: preferred fix in the outer callback, not through a function; silent where wrong-kind reports', () => {
      const code = `${OTEL}import express from 'express';
const app = express();
function helper() { tracer.startActiveSpan('helper', { kind: SpanKind.SERVER }, (s) => s.end()); }
app.get('/a', (req, res) => {
  tracer.startActiveSpan('GET /a', { kind: SpanKind.SERVER }, (span) => {
    tracer.startActiveSpan('nested', { kind: SpanKind.SERVER }, (s) => s.end());
    helper();
    res.end();
    span.end();
  });
});`;
      const plain = analyzeFile(parseSource('test.ts', code), { rules: only('nested-server', 'wrong-kind') });
      assert.deepEqual(
        plain.findings.map((f) => [f.ruleId, code.slice(f.start, f.end), f.fixes.map((x) => x.preferred)]),
        [
          ['spankind/nested-server', "'helper'", [false]],
          ['spankind/nested-server', "'nested'", [true]],
        ],
      );
      // Under HTTP instrumentation the route's own SERVER span is wrong-kind's (INTERNAL); the others stay nested-server's.
      const instrumented = analyzeFile(parseSource('test.ts', code), { instrumentation: HTTP, rules: only('nested-server', 'wrong-kind') });
      assert.deepEqual(
        instrumented.findings.map((f) => `${f.ruleId} ${code.slice(f.start, f.end)}`),
        ["spankind/nested-server 'helper'", "spankind/wrong-kind 'GET /a'", "spankind/nested-server 'nested'"],
      );
    });

    it('root-client: CLIENT or PRODUCER, set or inferred; not SERVER, CONSUMER, or an exported function', () => {
      const code = `${OTEL}async function main() {
  await tracer.startActiveSpan('inferred', async (s) => { await fetch('https://a'); s.end(); });
  await tracer.startActiveSpan('consumer', { kind: SpanKind.CONSUMER }, async (s) => { s.end(); });
  await tracer.startActiveSpan('producer', { kind: SpanKind.PRODUCER }, async (s) => { s.end(); });
}
export async function library() {
  await tracer.startActiveSpan('exported', { kind: SpanKind.CLIENT }, async (s) => { await fetch('https://a'); s.end(); });
}
main();`;
      const a = analyzeFile(parseSource('test.ts', code), { rules: only('missing-kind', 'root-client') });
      assert.deepEqual(
        a.findings.map((f) => `${f.ruleId} ${code.slice(f.start, f.end)}`),
        ["spankind/missing-kind 'inferred'", "spankind/root-client 'inferred'", "spankind/root-client 'producer'"],
      );
      assert.match(a.findings[1].message, /^This CLIENT span can only start a trace: it runs in `main`, run only from the module's top level \(line 11\)/);
    });
  });
});

/** A program over in-memory files (imports between them resolve), and its project. */
function typedProject(files: Record<string, string>) {
  const program = inMemoryProgram(files);
  return { program, project: new AnalysisProject({ checker: program.getTypeChecker() }) };
}
