// Reuse of an earlier analysis after an edit (analysis/reuse.ts): what an incremental analysis reports
// after any sequence of edits equals a fresh analysis of the same text, fixes included, in both modes;
// and edits away from a span do leave its results to be reused.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile, type FileAnalysis } from '../src/analysis/analyzeFile';
import { applyFixes } from '../src/analysis/applyFixes';
import { parseSource } from '../src/analysis/program';
import { AnalysisProject } from '../src/analysis/project';
import type { ReuseState } from '../src/analysis/reuse';
import { catalogue } from '../src/catalogue';
import { Projects } from '../src/lsp/projects';
import { fixtureFiles, WORKSPACE } from './fixtures';
import { mulberry32, type Rng } from './fuzz/rng';

/** Everything an analysis shows: findings with their fixes, each span's inference, the files it read. */
function shown(analysis: FileAnalysis): string {
  const sorted = (o: object) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({
    findings: analysis.findings.map((f) => sorted({ ...f, fixes: f.fixes })),
    spans: analysis.spans.map(({ span, inference }) => [span.call.pos, inference]),
    dependencies: [...analysis.dependencies].sort(),
    walk: walkShown(analysis),
  });
}

/** The walk behind an analysis: every call, span call (with its scope), handler and wrapper, by position. */
function walkShown({ walk }: FileAnalysis): unknown {
  const { calls, taggedTemplates, spans, handlers, wrappers, wrapperFiles } = walk;
  return {
    calls: calls.map((c) => c.pos),
    taggedTemplates: taggedTemplates.map((t) => t.pos),
    spans: spans.map((s) => [s.call.pos, s.api, s.tracerMatch, s.tracerText, s.scope, s.scopeComplete, s.kindSet.state, s.spanName, s.callback?.pos, s.wrapper?.name]),
    handlers: [...handlers].map(([fn, h]) => [fn.pos, h.kind, h.library, h.registration.pos, h.label, h.byName]),
    wrappers: [...wrappers].map(([fn, w]) => [fn.pos, w.name, w.nameIndex, w.kindIndex, w.optionsIndex, w.callbackIndices]),
    wrapperFiles: [...wrapperFiles].sort(),
  };
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/** One edit as people make them: typing, deleting, renaming, moving lines, silencing, calling another function. */
function randomEdit(text: string, rng: Rng): { start: number; end: number; text: string } {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const line = () => rng.pick(lineStarts);
  const words = [...text.matchAll(IDENTIFIER)];
  const word = () => rng.pick(words);
  const at = rng.int(0, text.length);
  switch (rng.int(0, 8)) {
    case 0:
      return { start: at, end: at, text: rng.pick(['x', ' ', ';', '(', ')', '{', '}', "'", '.', 'fetch']) };
    case 1:
      return { start: at, end: Math.min(text.length, at + rng.int(1, 6)), text: '' };
    case 2: {
      // Rename one mention to another name of the file: calls, handlers and helpers change places.
      const w = word();
      return { start: w.index!, end: w.index! + w[0].length, text: word()[0] };
    }
    case 3: {
      const start = line();
      return { start, end: start, text: rng.pick(['// spankind-ignore-next-line\n', '\n', '/* spankind-ignore */ ']) };
    }
    case 4: {
      const start = line();
      const end = text.indexOf('\n', start);
      return { start, end: start, text: text.slice(start, end < 0 ? text.length : end + 1) };
    }
    case 5: {
      const start = line();
      const end = text.indexOf('\n', start);
      return { start, end: end < 0 ? text.length : end + 1, text: '' };
    }
    case 6: {
      const start = line();
      return { start, end: start, text: `${word()[0]}();\n` };
    }
    case 7: {
      const start = line();
      return { start, end: start, text: rng.pick(['await fetch(url);\n', "producer.send({ topic: 't', messages: [] });\n", 'return;\n']) };
    }
    default:
      return { start: at, end: at, text: '\n' };
  }
}

describe('reuse of an earlier analysis after an edit', () => {
  const files = fixtureFiles().filter((f) => !f.endsWith('.fixed.ts'));

  it('per file: after random edits, the incremental analysis equals a fresh one of every fixture file', function () {
    // Eight edits of every fixture, each analysed twice: the work grows with the fixtures (20-45 s on 2 cores).
    this.timeout(240_000);
    let reused = 0;
    for (const [n, file] of files.entries()) {
      const rng = mulberry32(1000 + n);
      let text = fs.readFileSync(file, 'utf8');
      let previous: ReuseState | undefined = analyzeFile(parseSource(file, text), { incremental: {} }).reuse;
      for (let i = 0; i < 8; i++) {
        const edit = randomEdit(text, rng);
        text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
        const incremental = analyzeFile(parseSource(file, text), { incremental: { previous } });
        const fresh = analyzeFile(parseSource(file, text));
        assert.equal(shown(incremental), shown(fresh), `${path.relative(WORKSPACE, file)}, edit ${i} ${JSON.stringify(edit)}`);
        reused += incremental.reusedSpans ?? 0;
        previous = incremental.reuse;
      }
    }
    assert.ok(reused > 100, `spans reused: ${reused}`);
  });

  it('type-aware: after random edits in the language service, the incremental analysis equals a fresh one', function () {
    this.timeout(240_000);
    const projects = new Projects(() => undefined);
    projects.roots = [WORKSPACE];
    let reused = 0;
    for (const [n, file] of files.entries()) {
      const rng = mulberry32(2000 + n);
      let doc = TextDocument.create(pathToFileURL(file).href, /\.[cm]?jsx?$/.test(file) ? 'javascript' : 'typescript', 1, fs.readFileSync(file, 'utf8'));
      let previous: ReuseState | undefined;
      for (let i = 0; i < 6; i++) {
        if (i > 0) {
          const text = doc.getText();
          const edit = randomEdit(text, rng);
          doc = TextDocument.update(doc, [{ range: { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) }, text: edit.text }], doc.version + 1);
        }
        const ctx = projects.contextFor(doc, catalogue);
        assert.ok(ctx, file);
        const incremental = analyzeFile(ctx.sourceFile, { project: ctx.project, incremental: { previous } });
        const { checker, program, instrumentation } = ctx.project.options;
        const fresh = analyzeFile(ctx.sourceFile, { project: new AnalysisProject({ checker, program, instrumentation, catalogue }) });
        assert.equal(shown(incremental), shown(fresh), `${path.relative(WORKSPACE, file)}, version ${doc.version}`);
        reused += incremental.reusedSpans ?? 0;
        previous = incremental.reuse;
      }
      projects.close(doc.uri);
    }
    assert.ok(reused > 50, `spans reused: ${reused}`);
  });

  it('type-aware: an edit in one function walks that function again, and takes the walk of the others as it was', () => {
    const projects = new Projects(() => undefined);
    projects.roots = [WORKSPACE];
    const file = path.join(WORKSPACE, 'src/services/checkout-service.ts');
    const text = fs.readFileSync(file, 'utf8');
    let doc = TextDocument.create(pathToFileURL(file).href, 'typescript', 1, text);
    const first = projects.contextFor(doc, catalogue)!;
    const before = analyzeFile(first.sourceFile, { project: first.project, incremental: {} });
    // Inside the last span's name: a unit near the end of the file.
    const at = text.lastIndexOf("startActiveSpan('") + "startActiveSpan('".length;
    doc = TextDocument.update(doc, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: 'x' }], 2);
    const ctx = projects.contextFor(doc, catalogue)!;
    const after = analyzeFile(ctx.sourceFile, { project: ctx.project, incremental: { previous: before.reuse } });
    const kept = [...after.walk.parts.values()].filter((part) => [...before.walk.parts.values()].some((old) => old.calls === part.calls));
    assert.ok(kept.length > 0 && kept.length < after.walk.parts.size, `${kept.length} of ${after.walk.parts.size} parts kept`);
    const { checker, program, instrumentation } = ctx.project.options;
    assert.equal(shown(after), shown(analyzeFile(ctx.sourceFile, { project: new AnalysisProject({ checker, program, instrumentation, catalogue }) })));
    projects.close(doc.uri);
  });

  const SOURCE = [
    "import { trace, SpanKind } from '@opentelemetry/api';",
    "const tracer = trace.getTracer('t');",
    'export async function load(id: string) {',
    "  return tracer.startActiveSpan('load', async (span) => {",
    '    const r = await lookup(id);',
    '    span.end();',
    '    return r;',
    '  });',
    '}',
    'export function price(n: number) {',
    "  const span = tracer.startSpan('price');",
    '  const v = n * 2;',
    '  span.end();',
    '  return v;',
    '}',
    'function lookup(id: string) {',
    '  return Promise.resolve(id);',
    '}',
    '',
  ].join('\n');

  function edited(before: string, find: string, replace: string): FileAnalysis {
    const first = analyzeFile(parseSource('a.ts', before), { incremental: {} });
    const after = before.replace(find, replace);
    assert.notEqual(after, before);
    return analyzeFile(parseSource('a.ts', after), { incremental: { previous: first.reuse } });
  }

  it('an edit inside one function leaves the spans of functions that neither call it nor are called by it as they were', () => {
    const analysis = edited(SOURCE, 'n * 2', 'n * 3');
    assert.equal(analysis.reusedSpans, 1);
    assert.equal(analysis.spans[0].inference.kind, 'INTERNAL');
  });

  it('an edit of a helper analyses again the spans that call it, so a new outgoing call there changes their kind', () => {
    const analysis = edited(SOURCE, 'return Promise.resolve(id);', 'return fetch(`https://x/${id}`);');
    assert.equal(analysis.reusedSpans, 1);
    assert.deepEqual(analysis.spans.map((s) => s.inference.kind), ['CLIENT', 'INTERNAL']);
    assert.ok(analysis.findings.some((f) => f.ruleId === 'spankind/missing-kind' && f.suggestedKind === 'CLIENT'));
  });

  it('an edit that adds or removes lines keeps the spans below it that name no line, and makes again those that do', () => {
    const before = [
      "import { trace } from '@opentelemetry/api';",
      "const tracer = trace.getTracer('t');",
      'export function first(n: number) {',
      "  const span = tracer.startSpan('first');",
      '  const v = n * 2;',
      '  span.end();',
      '  return v;',
      '}',
      'export function leaky(n: number) {',
      "  const span = tracer.startSpan('leaky');",
      '  if (n > 1) return n;',
      '  span.end();',
      '  return 0;',
      '}',
      'export function clean(n: number) {',
      "  const span = tracer.startSpan('clean');",
      '  span.end();',
      '  return n;',
      '}',
      '',
    ].join('\n');
    const leakMessage = (a: FileAnalysis) => a.findings.find((f) => f.ruleId === 'spankind/span-not-ended')?.message ?? '';
    const first = analyzeFile(parseSource('a.ts', before), { incremental: {} });
    assert.match(leakMessage(first), /returns at line 11\b/);
    const after = before.replace('  const v = n * 2;', '  const v = n * 2;\n');
    const analysis = analyzeFile(parseSource('a.ts', after), { incremental: { previous: first.reuse } });
    // `first` holds the edit; `leaky`'s message names a line below it; `clean` names none and is kept.
    assert.equal(analysis.reusedSpans, 1);
    assert.match(leakMessage(analysis), /returns at line 12\b/);
    assert.equal(shown(analysis), shown(analyzeFile(parseSource('a.ts', after))));
  });

  it('nothing is reused across other settings, another file, or a global declaration', () => {
    const first = analyzeFile(parseSource('a.ts', SOURCE), { incremental: {} });
    const changed = SOURCE.replace('n * 2', 'n * 3');
    assert.equal(analyzeFile(parseSource('b.ts', changed), { incremental: { previous: first.reuse } }).reusedSpans, 0);
    assert.equal(analyzeFile(parseSource('a.ts', changed), { incremental: { previous: first.reuse }, rules: [] }).reusedSpans, 0);
    const global = analyzeFile(parseSource('a.ts', `${SOURCE}declare global { interface X { a: string } }\n`), { incremental: {} });
    const again = analyzeFile(parseSource('a.ts', `${SOURCE}declare global { interface X { a: number } }\n`), { incremental: { previous: global.reuse } });
    assert.equal(again.reusedSpans, 0);
    assert.equal(analyzeFile(parseSource('a.ts', SOURCE)).reusedSpans, undefined);
  });

  it('reused findings build their fixes from the new text, at the moved positions', () => {
    const before = [
      "import { trace } from '@opentelemetry/api';",
      "const tracer = trace.getTracer('t');",
      'function scale(n: number) { return n * 2; }',
      'export async function get(url: string) {',
      "  return tracer.startActiveSpan('get', async (span) => {",
      '    const res = await fetch(url);',
      '    span.end();',
      '    return res;',
      '  });',
      '}',
      '',
    ].join('\n');
    const first = analyzeFile(parseSource('a.ts', before), { incremental: {} });
    const after = before.replace('n * 2', 'n * 2000');
    const analysis = analyzeFile(parseSource('a.ts', after), { incremental: { previous: first.reuse } });
    assert.equal(analysis.reusedSpans, 1);
    const finding = analysis.findings.find((f) => f.ruleId === 'spankind/missing-kind');
    assert.ok(finding, 'the CLIENT span without a kind is reported');
    assert.equal(after.slice(finding.start, finding.end), "'get'");
    const fix = finding.fixes.find((f) => f.preferred);
    assert.ok(fix);
    assert.deepEqual(fix, analyzeFile(parseSource('a.ts', after)).findings.find((f) => f.ruleId === 'spankind/missing-kind')!.fixes.find((f) => f.preferred));
    const fixed = applyFixes(after, [fix]);
    assert.match(fixed, /kind: SpanKind\.CLIENT/);
    assert.match(fixed, /n \* 2000/);
  });
});
