// Every fixture of test-workspace/ against its inline expectations, in both analysis modes: per file
// from syntax, and type-aware over the workspace's program (real type packages from node_modules).
// The `.fixed` twins are the expected result of applying the type-aware quick-fixes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { analyzeFile, type FileAnalysis } from '../src/analysis/analyzeFile';
import { catalogue } from '../src/catalogue';
import { applyFixes } from '../src/analysis/applyFixes';
import { parseSource } from '../src/analysis/program';
import { AnalysisProject } from '../src/analysis/project';
import { compareKeys, expectationsOf, expectedFindings, findingKey, fixedTwinOf, fixtureFiles, instrumentationOf, type Mode, rulesCheckedIn, twinFixesOf, WORKSPACE } from './fixtures';
import { rules as allRules } from '../src/rules';
import { withFileText } from '../src/host/typedPrograms';
import { programFor, workspaceProgram } from './programs';

function syntaxErrors(file: string, text: string): number {
  return (parseSource(file, text) as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
}

const analyses = new Map<string, FileAnalysis>();

function rulesFor(file: string) {
  const checked = rulesCheckedIn(file);
  return checked === 'all' ? allRules : allRules.filter((r) => checked.includes(r.id));
}
const typedProjects = new Map<ts.Program, AnalysisProject>();

/** The analysis of a fixture in a mode (the typed program and project are built once). */
function analysisOf(file: string, mode: Mode): FileAnalysis {
  const key = `${mode}:${file}`;
  let analysis = analyses.get(key);
  if (!analysis) {
    if (mode === 'syntactic') {
      analysis = analyzeFile(parseSource(file, fs.readFileSync(file, 'utf8')), { project: new AnalysisProject({ instrumentation: instrumentationOf(file) }), rules: rulesFor(file) });
    } else {
      const program = programFor(file);
      let project = typedProjects.get(program);
      if (!project) {
        // As the editor and the CLI make it: with the program, which tells the names of wrappers and the classes implementing an interface.
        project = new AnalysisProject({ checker: program.getTypeChecker(), program, instrumentation: instrumentationOf(file) });
        typedProjects.set(program, project);
      }
      const sf = program.getSourceFile(file);
      assert.ok(sf, `${file} is not in its program`);
      analysis = analyzeFile(sf, { project, rules: rulesFor(file) });
    }
    analyses.set(key, analysis);
  }
  return analysis;
}

describe('test-workspace fixtures', function () {
  this.timeout(120_000);
  const files = fixtureFiles();

  it('has fixtures', () => assert.ok(files.length >= 5, `only ${files.length} fixture files`));

  for (const file of files) {
    const name = path.relative(WORKSPACE, file);
    const text = fs.readFileSync(file, 'utf8');
    describe(name, () => {
      for (const mode of ['syntactic', 'typed'] as const) {
        it(`${mode}: every finding matches an expectation, and every expectation is met`, () => {
          const analysis = analysisOf(file, mode);
          const lineOf = (offset: number) => analysis.sourceFile.getLineAndCharacterOfPosition(offset).line + 1;
          const actual = analysis.findings.map((f) => findingKey(lineOf(f.start), f)).sort(compareKeys);
          assert.deepEqual(actual, expectedFindings(text, mode));
        });
      }

      it('every span call carries an expectation on its name line', () => {
        const analysis = analysisOf(file, 'typed');
        const lineOf = (node: ts.Node) => analysis.sourceFile.getLineAndCharacterOfPosition(node.getStart(analysis.sourceFile)).line + 1;
        const annotated = new Set(expectationsOf(text).map((e) => e.line));
        const spanLines = new Set(analysis.spans.map(({ span }) => lineOf(span.nameArg ?? span.call)));
        for (const line of spanLines) assert.ok(annotated.has(line), `${name}:${line}: span call without an // expect: comment`);
        // `expect: none` may also mark a look-alike that is rightly not a span call (another library's startSpan).
        // `@rule` items of the context and lifecycle rules may sit where the problem is (e.g. a late `span.kind =`).
        for (const e of expectationsOf(text)) {
          if (e.kind !== 'none' && e.kind !== '-') assert.ok(spanLines.has(e.line), `${name}:${e.line}: expectation without a span call`);
        }
      });

      it('the type-aware fixes produce the .fixed twin, parse, and leave nothing fixable', () => {
        const fixes = twinFixesOf(file, analysisOf(file, 'typed').findings);
        const twin = fixedTwinOf(file);
        if (fixes.length === 0) {
          assert.ok(!fs.existsSync(twin), `${twin} exists but nothing is fixable`);
          return;
        }
        assert.ok(fs.existsSync(twin), `missing ${path.relative(WORKSPACE, twin)}; run npm run fixtures:update and review it`);
        const fixed = applyFixes(text, fixes);
        assert.equal(fixed, fs.readFileSync(twin, 'utf8'));
        assert.ok(syntaxErrors(file, fixed) <= syntaxErrors(file, text));
        const program = withFileText(programFor(file), path.resolve(file), fixed);
        const again = analyzeFile(program.getSourceFile(file)!, { project: new AnalysisProject({ checker: program.getTypeChecker(), instrumentation: instrumentationOf(file) }), rules: rulesFor(file) });
        assert.deepEqual(twinFixesOf(file, again.findings), [], 'fixing leaves nothing to fix');
      });
    });
  }

  it('every catalogue row is exercised by some fixture', () => {
    const seen = new Set<string>();
    for (const file of files) {
      for (const mode of ['syntactic', 'typed'] as const) {
        for (const { inference } of analysisOf(file, mode).spans) {
          for (const e of inference.evidence) {
            const kind = e.instrumentedBy?.entryKind ?? e.kind;
            seen.add(e.role === 'attribute' ? `attribute ${e.label.split(' = ')[0]}` : `${e.library} ${kind}`);
          }
        }
      }
    }
    const c = catalogue;
    const rows = [
      ...c.calls.map((r) => `${r.library} ${r.kind}`),
      ...c.globals.map((r) => `${r.library} ${r.kind}`),
      ...c.handlers.map((r) => `${r.library} ${r.kind}`),
      ...c.entries.map((r) => `${r.library} ${r.kind}`),
      ...c.commands.flatMap((r) => [...new Set([r.defaultKind, ...Object.values(r.commands)])].map((k) => `${r.library} ${k}`)),
      ...c.attributes.map((r) => `attribute ${r.key}`),
    ];
    const missing = [...new Set(rows)].filter((row) => !seen.has(row));
    assert.deepEqual(missing, [], 'catalogue rows without a fixture that produces their evidence');
  });

  it('the workspace type-checks against the real type packages', () => {
    const diagnostics = ts.getPreEmitDiagnostics(workspaceProgram()).map((d) => {
      const where = d.file ? `${path.relative(WORKSPACE, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    assert.deepEqual(diagnostics, []);
  });
});
