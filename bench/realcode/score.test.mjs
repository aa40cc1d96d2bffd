// Unit tests of the real-code scoring (score.mjs) on small rows and reports made up for each case.
import assert from 'node:assert/strict';
import { describe as describeFigures, misalignment, normalisePath, scoreRows, summarize } from './score.mjs';

let nextId = 1;
/** A labelled row; by default an undisputed `none` → INTERNAL row in a.ts. */
function row(fields) {
  return { id: `T${nextId++}`, repo: 'o/r', commit: 'c', path: 'src/a.ts', author_kind: 'none', expected_kind: 'INTERNAL', note: null, call: '', ...fields };
}
function span(line, kindInferred = 'INTERNAL', file = 'src/a.ts') {
  return { file, line, column: 3, kindInferred, confidence: 'high' };
}
function finding(line, code, suggestedKind, file = 'src/a.ts') {
  return { file, line, column: 5, code: `spankind/${code}`, suggestedKind, message: `${code} here` };
}
const one = (r, report) => scoreRows([r], report, '/repo')[0];

describe('real-code scoring (bench/realcode/score.mjs)', () => {
  describe('finding the row', () => {
    it('takes the closest span on the line or up to 3 lines above', () => {
      const v = one(row({ line: 10 }), { findings: [], spans: [span(7, 'CLIENT'), span(9, 'SERVER'), span(11, 'PRODUCER')] });
      assert.equal(v.found, true);
      assert.equal(v.spanLine, 9);
      assert.equal(v.kindInferred, 'SERVER');
      assert.equal(one(row({ line: 10 }), { findings: [], spans: [span(10, 'CLIENT'), span(8)] }).spanLine, 10);
    });

    it('does not take a span 4 lines above, below the line, or in another file', () => {
      assert.equal(one(row({ line: 10 }), { findings: [], spans: [span(6), span(11), span(10, 'CLIENT', 'src/b.ts')] }).found, false);
      assert.equal(one(row({ line: 10 }), { findings: [], spans: [span(7)] }).found, true);
    });

    it('reads absolute, ./ and backslash paths as repository-relative', () => {
      assert.equal(one(row({ line: 5 }), { findings: [], spans: [span(5, 'CLIENT', '/repo/src/a.ts')] }).found, true);
      assert.equal(one(row({ line: 5 }), { findings: [], spans: [span(5, 'CLIENT', './src/a.ts')] }).found, true);
      assert.equal(one(row({ line: 5 }), { findings: [], spans: [span(5, 'CLIENT', 'src\\a.ts')] }).found, true);
      assert.equal(normalisePath('C:\\w\\repo\\src\\a.ts', 'C:\\w\\repo'), 'src/a.ts');
      assert.equal(normalisePath('/repo2/src/a.ts', '/repo'), '/repo2/src/a.ts');
    });

    it('finds nothing without a report (the CLI failed)', () => {
      const v = one(row({ line: 3, author_kind: 'none', expected_kind: 'CLIENT' }), undefined);
      assert.equal(v.found, false);
      assert.deepEqual(v.figures.detection, { counted: true, hit: false });
    });
  });

  describe('findings', () => {
    it('belong to the span up to 6 lines above them, not 7', () => {
      const r = row({ line: 10, author_kind: 'none', expected_kind: 'CLIENT' });
      assert.equal(one(r, { spans: [span(10)], findings: [finding(16, 'missing-kind', 'CLIENT')] }).figures.detection.hit, true);
      assert.equal(one(r, { spans: [span(10)], findings: [finding(17, 'missing-kind', 'CLIENT')] }).figures.detection.hit, false);
    });

    it('belong to the closest span only', () => {
      const rows = [row({ line: 10, expected_kind: 'CLIENT' }), row({ line: 14, expected_kind: 'CLIENT' })];
      const [first, second] = scoreRows(rows, { spans: [span(10), span(14)], findings: [finding(15, 'missing-kind', 'CLIENT')] }, '/repo');
      assert.equal(first.findings.length, 0);
      assert.equal(second.findings.length, 1);
      assert.equal(first.figures.detection.hit, false);
      assert.equal(second.figures.detection.hit, true);
    });

    it('of a row found 3 lines below its span are the span\'s (a finding on the row\'s line counts)', () => {
      const v = one(row({ line: 13, expected_kind: 'PRODUCER' }), { spans: [span(10)], findings: [finding(13, 'missing-kind', 'PRODUCER')] });
      assert.equal(v.spanLine, 10);
      assert.equal(v.figures.detection.hit, true);
    });
  });

  describe('figures', () => {
    it('leave disputed and ambiguous rows out of everything but coverage', () => {
      const report = { spans: [span(1, 'CLIENT'), span(20, 'CLIENT')], findings: [finding(1, 'missing-kind', 'CLIENT'), finding(20, 'wrong-kind', 'CLIENT')] };
      const rows = [
        row({ line: 1, expected_kind: 'CLIENT', note: 'disputed: a registered instrumentation already spans it' }),
        row({ line: 20, author_kind: 'SERVER', expected_kind: 'CLIENT', note: 'wrapper inner; ambiguous: pass-through' }),
        row({ line: 40, note: 'trap: nested in the framework SERVER span' }),
      ];
      const figures = summarize(scoreRows(rows, report, '/repo'));
      assert.deepEqual(figures.coverage, { n: 2, d: 3 });
      assert.deepEqual(figures.accuracy, { n: 0, d: 0 });
      assert.deepEqual(figures.detection, { n: 0, d: 0 });
      assert.deepEqual(figures.kindFalseAlarms, { n: 0, d: 1 }); // the trap row is scored
      assert.deepEqual(figures.kindsRightBefore, { n: 1, d: 1 });
      assert.deepEqual(figures.kindsRightAfter, { n: 1, d: 1 });
    });

    it('count `none` as INTERNAL: a kind finding on it is a false alarm, any other finding an any-finding one', () => {
      const rows = [row({ line: 1 }), row({ line: 20 }), row({ line: 40 })];
      const report = {
        spans: [span(1, 'CLIENT'), span(20), span(40)],
        findings: [finding(1, 'missing-kind', 'CLIENT'), finding(21, 'span-not-ended', undefined)],
      };
      const verdicts = scoreRows(rows, report, '/repo');
      const figures = summarize(verdicts);
      assert.deepEqual(figures.kindFalseAlarms, { n: 1, d: 3 });
      assert.deepEqual(figures.anyFalseAlarms, { n: 2, d: 3 });
      assert.deepEqual(figures.detection, { n: 0, d: 0 });
      assert.deepEqual(figures.accuracy, { n: 2, d: 3 });
      assert.deepEqual(figures.kindsRightBefore, { n: 3, d: 3 });
      assert.deepEqual(figures.kindsRightAfter, { n: 2, d: 3 }); // the false alarm's suggestion made it wrong
      assert.equal(verdicts[0].kindAfter, 'CLIENT');
    });

    it('leave `variable` out of detection and kinds right, but not out of coverage and accuracy', () => {
      const r = row({ line: 5, author_kind: 'variable', expected_kind: 'CLIENT' });
      const v = one(r, { spans: [span(5, 'CLIENT')], findings: [finding(5, 'wrong-kind', 'CLIENT')] });
      assert.equal(v.figures.detection.counted, false);
      assert.equal(v.figures.kindsRightBefore.counted, false);
      assert.equal(v.figures.kindsRightAfter.counted, false);
      assert.equal(v.figures.kindFalseAlarms.counted, false);
      assert.deepEqual(v.figures.coverage, { counted: true, hit: true });
      assert.deepEqual(v.figures.accuracy, { counted: true, hit: true });
    });

    it('apply the kind findings\' suggestions: right where they suggest the expected kind, else the author\'s kind', () => {
      const rows = [
        row({ line: 1, author_kind: 'none', expected_kind: 'CLIENT' }), // fixed by missing-kind
        row({ line: 20, author_kind: 'SERVER', expected_kind: 'INTERNAL' }), // wrong-kind suggests CLIENT: still wrong
        row({ line: 40, author_kind: 'CONSUMER', expected_kind: 'PRODUCER' }), // no finding: stays wrong
        row({ line: 60, author_kind: 'CLIENT', expected_kind: 'CLIENT' }), // only a non-kind finding: stays right
      ];
      const report = {
        spans: [span(1, 'CLIENT'), span(20, 'CLIENT'), span(40, 'CONSUMER'), span(60, 'CLIENT')],
        findings: [finding(2, 'missing-kind', 'CLIENT'), finding(20, 'wrong-kind', 'CLIENT'), finding(60, 'client-not-active', undefined)],
      };
      const verdicts = scoreRows(rows, report, '/repo');
      assert.deepEqual(verdicts.map((v) => v.kindAfter), ['CLIENT', 'CLIENT', 'CONSUMER', 'CLIENT']);
      const figures = summarize(verdicts);
      assert.deepEqual(figures.kindsRightBefore, { n: 1, d: 4 });
      assert.deepEqual(figures.kindsRightAfter, { n: 2, d: 4 });
      assert.deepEqual(figures.detection, { n: 1, d: 3 });
      assert.deepEqual(figures.kindFalseAlarms, { n: 0, d: 1 });
      assert.deepEqual(figures.anyFalseAlarms, { n: 1, d: 1 });
      assert.deepEqual(figures.accuracy, { n: 2, d: 4 });
      assert.match(describeFigures(figures), /^coverage 4\/4, accuracy 2\/4, kind false alarms 0\/1 .* kinds right 1\/4 as written → 2\/4 after the suggestions$/);
    });
  });

  it('checks a row\'s call text against its line, trimmed', () => {
    const text = 'a\n  const span = tracer.startSpan("x");\r\nb';
    assert.equal(misalignment({ line: 2, call: 'const span = tracer.startSpan("x");  ' }, text), undefined);
    assert.match(misalignment({ line: 3, call: 'const span' }, text), /line 3 is "b"/);
    assert.match(misalignment({ line: 9, call: 'x' }, text), /3 lines/);
    assert.equal(misalignment({ line: 1, call: 'a' }, undefined), 'file missing');
  });
});
