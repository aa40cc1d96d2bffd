// Fuzzing with a fixed seed: every fixture of test-workspace, mutated (deleted and duplicated tokens,
// truncations at multiples of 97 bytes, unbalanced braces and template strings, emoji, RTL marks, lone
// surrogates, NUL bytes, CRLF/LF/CR mixes, a BOM, 10,000-character lines, swapped and duplicated lines).
// For every text: the engine returns without throwing in bounded time (refusing a pathologically nested
// file with its FileTooDeepError counts as an answer, except for an unmutated fixture); every fix offered
// parses with no more syntax errors than the input and changes nothing outside its own edits; fix-all is
// idempotent; a file with nothing to fix comes out of fix-all unchanged.
// Deeper runs: `npm run fuzz -- --count N [--seed S]`.
import * as assert from 'node:assert/strict';
import { fixtureCorpus } from './fuzz/files';
import { formatFailure, formatSummary, groupFailures, runFuzz } from './fuzz/harness';

/** Fixed, so that a failure here is a regression that replays the same way on every machine. */
const SEED = 20240611;
/** Mutations per fixture file: about 1,600 texts and 10,000 fixes in all, some 30 s on two cores. */
const COUNT = 32;

describe('fuzz (fixed seed)', function () {
  this.timeout(180_000);

  it(`${COUNT} mutations of every fixture: no throw, bounded time, fixes stay inside their edits and keep the syntax, fix-all idempotent`, () => {
    const files = fixtureCorpus();
    assert.ok(files.length >= 5, `only ${files.length} fixture files`);
    const summary = runFuzz(files, { seed: SEED, count: COUNT, typedEvery: 4, maxMsPerFile: 2000 });
    console.log(`      ${formatSummary(summary)}`);
    assert.ok(summary.fixesVerified > 0, 'no fix was offered on any mutated text: the harness checks nothing');
    const groups = groupFailures(summary.failures);
    const shown = groups.map((g) => `${g.key} x${g.count}, first:\n${formatFailure(g.first)}`).join('\n');
    assert.equal(summary.failures.length, 0, `${summary.failures.length} fuzz failures (all: node scripts/fuzz.js --seed ${SEED} --count ${COUNT}):\n${shown}`);
  });
});
