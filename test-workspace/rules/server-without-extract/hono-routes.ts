// Edge routes on hono: `c.req.header()` without a name returns every request header as a record.
import { Hono } from 'hono';
import { SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('edge-api');
export const edge = new Hono();

edge.get('/quotes/:id', async (c) => {
  return tracer.startActiveSpan('GET /quotes/:id', { kind: SpanKind.SERVER }, async (span) => { // expect: @server-without-extract
    try {
      return c.json({ id: c.req.param('id') });
    } finally {
      span.end();
    }
  });
});
