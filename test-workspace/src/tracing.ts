// The service's tracer. The SDK (exporter, resource, propagator) is registered by the process entry point.
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';

export const tracer = trace.getTracer('orders-service');

/** Marks a span as failed with the error that ended it. */
export function recordFailure(span: Span, error: unknown): void {
  const exception = error instanceof Error ? error : new Error(String(error));
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}

/** Runs `work` inside a span of the given kind; callers choose the kind. */
export async function withSpan<T>(name: string, kind: SpanKind, work: () => Promise<T>): Promise<T> {
  const span = tracer.startSpan(name, { kind }); // expect: none
  try {
    return await work();
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}
