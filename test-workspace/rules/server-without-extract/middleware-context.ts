// An admin API whose middleware makes the caller's context active for every route: the routes' spans
// start inside it, so they need no extract of their own.
import express from 'express';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('admin-api');
const admin = express();

admin.use((req, res, next) => {
  context.with(propagation.extract(context.active(), req.headers), next);
});

admin.get('/admin/health', (req, res) => {
  tracer.startActiveSpan('GET /admin/health', { kind: SpanKind.SERVER }, (span) => { // expect: none
    try {
      res.json({ ok: true });
    } finally {
      span.end();
    }
  });
});

export { admin };
