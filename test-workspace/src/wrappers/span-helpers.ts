// The service's span helpers, each a different shape of tracing wrapper. The spans inside them are their
// implementation: the kind of each is checked where the helper is called.
import { SpanKind, trace, type Span, type SpanOptions } from '@opentelemetry/api';

const tracer = trace.getTracer('wrappers');

/** Named by the options' `name`; sets no kind. */
export async function inSpan<T>({ name }: { name: string }, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, async (span) => { // expect: none
    try {
      return await work(span);
    } finally {
      span.end();
    }
  });
}

/** Forwards the rest of its options (the kind among them) to the tracer. */
export async function runSpan<T>({ name, ...options }: SpanOptions & { name: string }, work: () => Promise<T>): Promise<T> {
  const run = async (span: Span) => {
    try {
      return await work();
    } finally {
      span.end();
    }
  };
  return tracer.startActiveSpan(name, options, run); // expect: none
}

/** The kind comes from an options property, INTERNAL when the caller gives none. */
export function traced<T>(spanName: string, options: { kind?: SpanKind }, work: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(spanName, { kind: options.kind ?? SpanKind.INTERNAL }, async (span) => { // expect: none
    try {
      return await work();
    } finally {
      span.end();
    }
  });
}

/** Always a CLIENT span: its callers cannot choose. */
export function outboundSpan<T>(name: string, work: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(`outbound ${name}`, { kind: SpanKind.CLIENT }, async (span) => { // expect: none
    try {
      return await work();
    } finally {
      span.end();
    }
  });
}

/** A wrapper of a wrapper: the job's name in a template, the work passed on. */
export const jobSpan = <T>(job: string, work: () => Promise<T>) => inSpan({ name: `job ${job}` }, () => work()); // expect: none

/** Makes a function that runs `handler` in a span each time it is called. */
export function withTracing<A extends unknown[]>(name: string, handler: (...args: A) => Promise<void>) {
  return async (...args: A): Promise<void> => {
    await traced(name, {}, () => handler(...args)); // expect: none
  };
}
