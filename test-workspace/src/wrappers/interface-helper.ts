// A tracing helper reached through a field typed as an interface: the class that implements it starts the
// span, so a call of the interface's method is a span call (the type-aware analysis finds the class).
import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('wrapper-interface');

export interface SpanHelper {
  inChildSpan<T>(name: string, work: () => Promise<T>): Promise<T>;
}

export class OtelSpanHelper implements SpanHelper {
  inChildSpan<T>(name: string, work: () => Promise<T>): Promise<T> {
    return tracer.startActiveSpan(name, async (span) => { // expect: none
      try {
        return await work();
      } finally {
        span.end();
      }
    });
  }
}

export class QuoteClient {
  constructor(private readonly helper: SpanHelper) {}

  latest() {
    return this.helper.inChildSpan('GET /quote/latest', async () => fetch('https://quotes.internal/latest')); // expect: CLIENT (typed)
  }
}
