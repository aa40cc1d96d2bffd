// The cost of a span must not grow with the spans of its file: one file of N spans against one of 8N,
// analysed in the same run (all rules, every fix built, the CLI's JSON report), their time ratio bounded —
// never an absolute time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main as cliMain } from '../src/cli/main';

/** `spans` one-line spans around an HTTP call, ten to a function, as in the benchmark's series. */
export function manySpans(spans: number): string {
  const lines = ["import { trace } from '@opentelemetry/api';", "const tracer = trace.getTracer('many');", "const url = 'http://localhost:8080/ping';", ''];
  for (let f = 0; f * 10 < spans; f++) {
    lines.push(`export async function probe${f}(): Promise<void> {`);
    for (let i = f * 10; i < Math.min(spans, f * 10 + 10); i++) lines.push(`  await tracer.startActiveSpan('s${i}', async (span) => { await fetch(url); span.end(); });`);
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

describe('cost per span does not grow with the spans of a file', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-scaling-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Milliseconds of `spankind --no-types --format json FILE` in this process, output discarded. */
  function timeCli(spans: number): number {
    const file = path.join(dir, `many-${spans}.ts`);
    fs.writeFileSync(file, manySpans(spans));
    let written = 0;
    const started = process.hrtime.bigint();
    const code = cliMain(['--no-types', '--format', 'json', '--exit-zero', file], (s) => (written += s.length), () => undefined);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(code, 0);
    assert.ok(written > spans * 100, 'a report with every span');
    return ms;
  }

  it('8N spans cost at most 10x N spans (linear: 8x; the pairwise passes over the spans made it 19-39x)', () => {
    const n = 500;
    timeCli(n); // warm-up: the first run pays V8's compilation
    const small = Math.min(timeCli(n), timeCli(n));
    const large = timeCli(8 * n);
    const ratio = large / small;
    assert.ok(ratio <= 10, `${8 * n} spans ${large.toFixed(0)} ms, ${n} spans ${small.toFixed(0)} ms: ${ratio.toFixed(1)}x`);
  });
});
