// An express service running under auto-instrumentation: the HTTP instrumentation already records each
// request's SERVER span, so spans inside handlers are INTERNAL steps (or CLIENT around a remote call).
import express from 'express';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('auto-instrumented');
const app = express();

app.get('/orders/:id', (req, res) => {
  tracer.startActiveSpan('load order', (span) => { // expect: none
    res.json({ id: req.params.id });
    span.end();
  });
});

app.get('/orders/:id/summary', (req, res) => {
  tracer.startActiveSpan('GET /orders/:id/summary', { kind: SpanKind.INTERNAL }, (span) => { // expect: INTERNAL @wrong-kind
    res.json({ id: req.params.id, summary: true });
    span.end();
  });
});

app.post('/webhooks/partner', (req, res) => {
  // This endpoint is called with the partner's own trace context, on purpose taken as the parent.
  const parent = propagation.extract(context.active(), req.headers);
  tracer.startActiveSpan('POST /webhooks/partner', { kind: SpanKind.SERVER }, parent, (span) => { // expect: none
    res.sendStatus(204);
    span.end();
  });
});

app.get('/stock/:sku', async (req, res) => {
  const span = tracer.startSpan('GET inventory stock', { kind: SpanKind.CLIENT }); // expect: none
  const upstream = await fetch(`http://inventory.internal/stock/${req.params.sku}`);
  span.end();
  res.json(await upstream.json());
});
