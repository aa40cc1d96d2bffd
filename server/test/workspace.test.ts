// Every fixture of test-workspace/ against its inline expectations, and its `.fixed` twin.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { analyzeFile } from '../src/analysis/analyzeFile';
import { applyFixes } from '../src/analysis/applyFixes';
import { parseSource } from '../src/analysis/program';
import { expectationsOf, fixedTwinOf, fixtureFiles, WORKSPACE } from './fixtures';

function analyzeText(file: string, text: string) {
  return analyzeFile(parseSource(file, text));
}

function syntaxErrors(file: string, text: string): number {
  return (parseSource(file, text) as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
}

describe('test-workspace fixtures', () => {
  const files = fixtureFiles();

  it('has fixtures', () => assert.ok(files.length >= 5, `only ${files.length} fixture files`));

  for (const file of files) {
    const name = path.relative(WORKSPACE, file);
    describe(name, () => {
      const text = fs.readFileSync(file, 'utf8');
      const analysis = analyzeText(file, text);
      const lineOf = (offset: number) => analysis.sourceFile.getLineAndCharacterOfPosition(offset).line + 1;

      it('every finding matches an expectation, and every expectation is met', () => {
        const expected = expectationsOf(text).filter((e) => e.kind !== 'none').map((e) => `${e.line} ${e.kind} ${e.rule}`);
        const actual = analysis.findings.map((f) => `${lineOf(f.start)} ${f.suggestedKind} ${f.ruleId}`);
        assert.deepEqual(actual, expected);
      });

      it('every span call carries an expectation on its name line', () => {
        const annotated = new Set(expectationsOf(text).map((e) => e.line));
        for (const { span } of analysis.spans) {
          const line = lineOf((span.nameArg ?? span.call).getStart(analysis.sourceFile));
          assert.ok(annotated.has(line), `${name}:${line}: span call without an // expect: comment`);
        }
        const spanLines = new Set(analysis.spans.map(({ span }) => lineOf((span.nameArg ?? span.call).getStart(analysis.sourceFile))));
        // `expect: none` may also mark a look-alike that is rightly not a span call (another library's startSpan).
        for (const e of expectationsOf(text)) {
          if (e.kind !== 'none') assert.ok(spanLines.has(e.line), `${name}:${e.line}: expectation without a span call`);
        }
      });

      const fixes = analysis.findings.flatMap((f) => f.fixes.filter((x) => x.preferred));
      const twin = fixedTwinOf(file);
      if (fixes.length === 0) {
        it('has no .fixed twin (nothing to fix)', () => assert.ok(!fs.existsSync(twin), `${twin} exists but nothing is fixable`));
        return;
      }
      it('fixes produce the .fixed twin, parse, and leave nothing fixable', () => {
        assert.ok(fs.existsSync(twin), `missing ${path.relative(WORKSPACE, twin)}; run npm run fixtures:update and review it`);
        const fixed = applyFixes(text, fixes);
        assert.equal(fixed, fs.readFileSync(twin, 'utf8'));
        assert.ok(syntaxErrors(file, fixed) <= syntaxErrors(file, text));
        const again = analyzeText(file, fixed);
        assert.deepEqual(again.findings.filter((f) => f.fixes.length), []);
        assert.equal(applyFixes(fixed, again.findings.flatMap((f) => f.fixes)), fixed, 'fix-all is idempotent');
      });
    });
  }

  it('type-checks against the real type packages', function () {
    this.timeout(120_000);
    const config = ts.getParsedCommandLineOfConfigFile(path.join(WORKSPACE, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    });
    assert.ok(config);
    const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, noEmit: true } });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${path.relative(WORKSPACE, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    assert.deepEqual(diagnostics, []);
  });
});
