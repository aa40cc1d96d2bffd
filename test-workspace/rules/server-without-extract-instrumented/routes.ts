// With the HTTP instrumentation registered, the request's SERVER span already exists and was started from
// the caller's context: a span in a route is a step inside it, and extracting again is not needed.
import express from 'express';
import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('catalog-api');
const app = express();

app.get('/products/:sku', async (req, res) => {
  await tracer.startActiveSpan('load product', async (span) => { // expect: none
    try {
      res.json({ sku: req.params.sku });
    } finally {
      span.end();
    }
  });
});

export { app };
