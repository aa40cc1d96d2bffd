// Tracing libraries, two lists of data. First, packages whose `startSpan` / `startActiveSpan` is not
// OpenTelemetry's Tracer API (another tracer's signature): a receiver traced to one of them is never taken
// for an OpenTelemetry tracer. Second, the span functions of SDKs built on OpenTelemetry: each call of one
// creates an OpenTelemetry span, with its name, options and callback at known argument positions.
import type { DeclaredWrapperRow } from './types';

/**
 * Modules whose tracers are not OpenTelemetry tracers (a trailing `*` matches by prefix). Anything else is
 * not evidence against a tracer: a workspace package, a path alias, or an SDK that re-exports the API.
 */
export const nonOtelTracerModules: readonly string[] = [
  // Datadog's own tracer: startSpan(name, { childOf, tags }) (its OpenTelemetry bridge is `tracer.TracerProvider`).
  'dd-trace',
  'dd-trace/*',
  // k6's tracing extension: spans of a load test, not of the service.
  'k6/x/otel',
  'k6/experimental/tracing',
  // Sentry's top-level startSpan({ name, op }, cb) is an options-first API with no kind option; since v8 it
  // creates OpenTelemetry spans, so its functions are span functions (below), never tracers.
  '@sentry/*',
  // Elastic APM agents: startSpan(name, type, subtype, action).
  'elastic-apm-node',
  'elastic-apm-node/*',
  '@elastic/apm-rum',
  '@elastic/apm-rum-core',
  // New Relic agent: startSegment / startBackgroundTransaction, its own tracer object.
  'newrelic',
  // OpenTracing and its tracers: startSpan(name, { childOf, references, tags }).
  'opentracing',
  'jaeger-client',
  'lightstep-tracer',
  'signalfx-tracing',
  'zipkin',
  // Honeycomb's beeline: startSpan({ name }) on its own event model.
  'honeycomb-beeline',
  // Application Insights' classic SDK and Instana's collector: their own span objects.
  'applicationinsights',
  '@instana/collector',
];

/**
 * A span function of an SDK built on OpenTelemetry, matched by the module it is imported from. Argument
 * positions are those at call sites; `callbackArg: 'last'` is the last argument (for overloads that take
 * optional leading arguments). Rows without `optionsArg` or `kindArg` are SDKs whose options have no
 * `kind`: the span's kind is OpenTelemetry's default (INTERNAL) and can only be read, never fixed there.
 */
export const sdkSpanFunctions: readonly DeclaredWrapperRow[] = [
  // Laminar: observe({ name, spanType }, fn, ...args) runs fn in a span that ends with it;
  // Laminar.startSpan / startActiveSpan({ name }) return a span the caller ends.
  { library: 'laminar', function: 'observe', modules: ['@lmnr-ai/lmnr'], nameArg: 0, callbackArg: 1, endsItself: true },
  { library: 'laminar', function: 'startSpan', modules: ['@lmnr-ai/lmnr'], nameArg: 0, endsItself: false },
  { library: 'laminar', function: 'startActiveSpan', modules: ['@lmnr-ai/lmnr'], nameArg: 0, endsItself: false },
  // LangSmith: traceable(fn, { name, run_type }) returns fn traced; each call runs in a span (OTel mode).
  { library: 'langsmith', function: 'traceable', modules: ['langsmith/traceable', 'langsmith'], nameArg: 1, callbackArg: 0, endsItself: true },
  // Genkit: runInNewSpan([registry,] { metadata: { name } }, fn).
  { library: 'genkit', function: 'runInNewSpan', modules: ['@genkit-ai/core/tracing', '@genkit-ai/core', 'genkit/tracing'], callbackArg: 'last', endsItself: true },
  // Sentry (v8+, spans are OpenTelemetry spans): startSpan({ name, op }, cb) ends with cb;
  // startSpanManual({ name }, cb) leaves the end to cb; startInactiveSpan({ name }) returns an open span.
  { library: 'sentry', function: 'startSpan', modules: ['@sentry/*'], nameArg: 0, callbackArg: 1, endsItself: true },
  { library: 'sentry', function: 'startSpanManual', modules: ['@sentry/*'], nameArg: 0, callbackArg: 1, endsItself: false },
  { library: 'sentry', function: 'startInactiveSpan', modules: ['@sentry/*'], nameArg: 0, endsItself: false },
  // LangWatch: its tracer's withActiveSpan(name, [options,] fn) is startActiveSpan that ends the span itself;
  // the options are OpenTelemetry SpanOptions (kind included).
  { library: 'langwatch', function: 'withActiveSpan', modules: ['langwatch', 'langwatch/*'], nameArg: 0, optionsArg: 1, callbackArg: 'last', endsItself: true },
  // Langfuse (v4, on OpenTelemetry): startActiveObservation(name, fn, { asType }), startObservation(name,
  // attributes, { asType }) returning an open observation, and observe(fn, { name }) like traceable.
  { library: 'langfuse', function: 'startActiveObservation', modules: ['@langfuse/tracing'], nameArg: 0, callbackArg: 1, endsItself: true },
  { library: 'langfuse', function: 'startObservation', modules: ['@langfuse/tracing'], nameArg: 0, endsItself: false },
  { library: 'langfuse', function: 'observe', modules: ['@langfuse/tracing'], nameArg: 1, callbackArg: 0, endsItself: true },
];
