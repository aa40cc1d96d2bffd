// Timing and error-reporting helpers that are not OpenTelemetry: their `startSpan` must never be flagged.

/** In-process timings, printed by the `--profile` flag of the catalog sync job. */
class Profiler {
  readonly timings = new Map<string, number>();

  constructor(readonly label: string) {}

  startSpan(name: string): { end(): void } {
    const startedAt = performance.now();
    return { end: () => this.timings.set(name, performance.now() - startedAt) };
  }
}

/** The slice of the error-reporting SDK this module uses (the SDK is injected by the job runner). */
interface ErrorReporter {
  startSpan<T>(context: { name: string; op?: string }, callback: (span: unknown) => T): T;
  captureException(error: unknown): void;
}
declare const Sentry: ErrorReporter;

const profiler = new Profiler('catalog-sync');
const requestTracer = new Profiler('carrier-requests');

export async function downloadCatalog(url: string): Promise<unknown> {
  const timing = profiler.startSpan('download catalog'); // expect: none
  try {
    const response = await fetch(url);
    return await response.json();
  } finally {
    timing.end();
  }
}

export function checkCarrierStatus(statusUrl: string): Promise<boolean> {
  return Sentry.startSpan({ name: 'GET carrier status', op: 'http.client' }, async () => { // expect: none
    try {
      const response = await fetch(statusUrl);
      return response.ok;
    } catch (error) {
      Sentry.captureException(error);
      return false;
    }
  });
}

export async function pingCarrier(url: string): Promise<number> {
  const timing = requestTracer.startSpan('ping carrier'); // expect: none
  try {
    const response = await fetch(url, { method: 'HEAD' });
    return response.status;
  } finally {
    timing.end();
  }
}
