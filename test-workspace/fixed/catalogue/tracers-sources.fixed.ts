// Where tracers come from in real code: path aliases and workspace packages (unresolved here: nothing is
// installed), thunks, getters and factories, Tracer-typed parameters and fields, SDK providers. A receiver
// from a package whose startSpan is another tracer's API (dd-trace, OpenTracing) is never taken for one.
import { trace, type Tracer, SpanKind } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { billingTracer } from '@/observability/tracer';
import { telemetry } from '@acme/telemetry';
import ddTracer from 'dd-trace';
import { globalTracer } from 'opentracing';

const provider = new BasicTracerProvider();
const lazyTracer = () => trace.getTracer('lazy');

export async function chargeCard(cardId: string) {
  return billingTracer.startActiveSpan('charge card', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await fetch(`https://payments.example.com/cards/${cardId}/charge`, { method: 'POST' });
    } finally {
      span.end();
    }
  });
}

export async function loadRates() {
  const span = telemetry.tracer.startSpan('load rates', { kind: SpanKind.CLIENT }); // expect: CLIENT
  const res = await fetch('https://rates.example.com/today');
  span.end();
  return res.json();
}

export async function refreshCache() {
  const span = lazyTracer().startSpan('refresh cache', { kind: SpanKind.CLIENT }); // expect: CLIENT
  await fetch('https://cache.example.com/refresh', { method: 'POST' });
  span.end();
}

export async function pingUpstream(tracer: Tracer) {
  const span = tracer.startSpan('ping upstream', { kind: SpanKind.CLIENT }); // expect: CLIENT
  await fetch('https://upstream.example.com/ping');
  span.end();
}

export class Exporter {
  constructor(private readonly otel: Tracer) {}

  private get tracer() {
    return provider.getTracer('exporter');
  }

  async push(batch: unknown[]) {
    const span = this.otel.startSpan('push batch', { kind: SpanKind.CLIENT }); // expect: CLIENT
    await fetch('https://collector.example.com/v1/batch', { method: 'POST', body: JSON.stringify(batch) });
    span.end();
  }

  async flush() {
    const span = this.tracer.startSpan('flush', { kind: SpanKind.CLIENT }); // expect: CLIENT
    await fetch('https://collector.example.com/v1/flush', { method: 'POST' });
    span.end();
  }
}

export async function legacyDatadog() {
  const span = ddTracer.startSpan('legacy call'); // expect: none
  await fetch('https://legacy.example.com/');
  span.finish();
}

export async function legacyOpenTracing() {
  const span = globalTracer().startSpan('opentracing call'); // expect: none
  await fetch('https://legacy.example.com/ot');
  span.finish();
}
