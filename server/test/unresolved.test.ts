import * as assert from 'node:assert/strict';
import { analyzeFile } from '../src/analysis/analyzeFile';
import { parseSource } from '../src/analysis/program';
import { unresolvedWrapperMessage } from '../src/analysis/unresolved';

describe('unresolved wrapper-like calls', () => {
  const unresolvedIn = (code: string) => {
    const analysis = analyzeFile(parseSource('jobs.ts', code));
    return analysis.unresolvedWrappers.map((u) => [u.callee, code.slice(u.start, u.calleeEnd)]);
  };

  it('are found with the callee as their range, and worded once for every report', () => {
    const code = "import { otel } from '@acme/telemetry';\nexport const a = otel.withSpan<number>('load', async () => 1);\n";
    assert.deepEqual(unresolvedIn(code), [['otel.withSpan', 'otel.withSpan']]);
    assert.equal(unresolvedWrapperMessage('otel.withSpan'), '`otel.withSpan` looks like a tracing wrapper but could not be followed: the spans it starts are not checked. Declare it in spanKind.wrappers or make its module resolvable.');
  });

  it('are silenced by the comments that silence a span', () => {
    const code = "import { withSpan } from '@acme/telemetry';\nexport const a = withSpan('a', async () => 1);\n";
    assert.equal(unresolvedIn(code).length, 1);
    assert.deepEqual(unresolvedIn(code.replace('export const a', '// spankind-ignore-next-line\nexport const a')), []);
    assert.deepEqual(unresolvedIn(code.replace('async () => 1);', 'async () => 1); /* spankind-ignore */')), []);
    // Two lines above, it silences another line.
    assert.equal(unresolvedIn(code.replace('export const a', '// spankind-ignore-next-line\n\nexport const a')).length, 1);
  });
});
