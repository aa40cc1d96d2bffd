// The service's tracer. The SDK (exporter, resource, propagator) is registered by the process entry point.
import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';

export const tracer = trace.getTracer('orders-service');

/** Marks a span as failed with the error that ended it. */
export function recordFailure(span: Span, error: unknown): void {
  const exception = error instanceof Error ? error : new Error(String(error));
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}
