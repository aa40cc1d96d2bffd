// Span functions of SDKs built on OpenTelemetry: each call creates a span around its callback. Most of these
// SDKs have no kind option (the span is INTERNAL at run time): a span that needs another kind is reported,
// with no fix. LangWatch's withActiveSpan takes OpenTelemetry span options, kind included.
import { SpanKind } from '@opentelemetry/api';
import { observe, Laminar } from '@lmnr-ai/lmnr';
import { traceable } from 'langsmith/traceable';
import { runInNewSpan } from '@genkit-ai/core/tracing';
import * as Sentry from '@sentry/node';
import { getLangWatchTracer } from 'langwatch';
import { startActiveObservation } from '@langfuse/tracing';

declare const registry: object;
const lw = getLangWatchTracer('quotes');

export async function fetchQuote(symbol: string) {
  return observe({ name: 'fetch quote' }, async () => { // expect: CLIENT
    const res = await fetch(`https://quotes.example.com/${symbol}`);
    return res.json();
  });
}

export function summarise(text: string) {
  return observe({ name: 'summarise' }, () => text.split('.').slice(0, 2).join('.')); // expect: none
}

export const askModel = traceable(async (question: string) => (await fetch('https://llm.example.com/v1/chat', { method: 'POST', body: question })).json(), { name: 'ask model', run_type: 'llm' }); // expect: CLIENT

export async function callTool(url: string) {
  return runInNewSpan(registry, { metadata: { name: 'call tool' } }, async () => { // expect: CLIENT
    const res = await fetch(url);
    return res.text();
  });
}

export async function loadProfile(id: string) {
  return Sentry.startSpan({ name: 'load profile', op: 'http.client' }, async () => { // expect: CLIENT
    const res = await fetch(`https://profiles.example.com/${id}`);
    return res.json();
  });
}

export function backgroundWork() {
  const span = Sentry.startInactiveSpan({ name: 'background work' }); // expect: none
  span.end();
}

export async function manualLaminar() {
  const span = Laminar.startSpan({ name: 'tick' }); // expect: none
  span.end();
}

export async function quote(symbol: string) {
  return lw.withActiveSpan('quote', { kind: SpanKind.CLIENT }, async () => { // expect: CLIENT @wrong-kind
    const res = await fetch(`https://quotes.example.com/${symbol}/latest`);
    return res.json();
  });
}

export async function plan(goal: string) {
  return startActiveObservation('plan', async () => goal.toUpperCase()); // expect: none
}
