// Public API of the catalog service on express, without the HTTP auto-instrumentation: each route's SERVER
// span is the request's entry span, so it takes its parent from the caller's trace context.
import express from 'express';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('catalog-api');
const app = express();

function findProduct(sku: string): { sku: string; name: string } | undefined {
  return sku.startsWith('SKU-') ? { sku, name: 'Sample' } : undefined;
}

app.get('/products/:sku', async (req, res) => {
  await tracer.startActiveSpan('GET /products/:sku', { kind: SpanKind.SERVER }, propagation.extract(context.active(), req.headers), async (span) => { // expect: @server-without-extract
    try {
      const product = findProduct(req.params.sku);
      res.status(product ? 200 : 404).json(product ?? { error: 'not found' });
    } finally {
      span.end();
    }
  });
});

app.get('/products', (req, res) => {
  const span = tracer.startSpan('GET /products', { kind: SpanKind.SERVER, attributes: { 'http.route': '/products' } }, propagation.extract(context.active(), req.headers)); // expect: @server-without-extract
  try {
    res.json([findProduct(String(req.query.sku ?? ''))]);
  } finally {
    span.end();
  }
});

app.put('/products/:sku', async (req, res) => {
  const parent = propagation.extract(context.active(), req.headers);
  await tracer.startActiveSpan('PUT /products/:sku', { kind: SpanKind.SERVER }, parent, async (span) => { // expect: none
    try {
      res.status(204).end();
    } finally {
      span.end();
    }
  });
});

app.delete('/products/:sku', async (request, response) => {
  const span = tracer.startSpan('DELETE /products/:sku', { kind: SpanKind.SERVER }, propagation.extract(context.active(), request.headers)); // expect: none
  try {
    response.status(204).end();
  } finally {
    span.end();
  }
});

export function startApi(port: number) {
  return app.listen(port);
}
