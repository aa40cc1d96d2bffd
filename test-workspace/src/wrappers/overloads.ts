// A tracing wrapper declared with overloads: its calls are span calls, read through the implementation.
import { trace, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('wrapper-overloads');

type Work<T> = () => Promise<T>;

export function timed<T>(name: string, work: Work<T>): Promise<T>;
export function timed<T>(name: string, kind: SpanKind, work: Work<T>): Promise<T>;
export function timed<T>(name: string, kindOrWork: SpanKind | Work<T>, maybeWork?: Work<T>): Promise<T> {
  let work: Work<T>;
  if (typeof kindOrWork === 'function') work = kindOrWork;
  else work = maybeWork as Work<T>;
  return tracer.startActiveSpan(name, async (span) => { // expect: none
    try {
      return await work();
    } finally {
      span.end();
    }
  });
}

export const fetchQuote = () =>
  timed('GET /quote', async () => fetch('https://quotes.internal/today')); // expect: CLIENT

export const tally = () =>
  timed('tally', async () => [1, 2, 3].reduce((a, b) => a + b, 0)); // expect: none
