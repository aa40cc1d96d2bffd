// A Next.js App Router route handler: exported HTTP-method functions of a route file are entry points.
import { trace, SpanKind } from '@opentelemetry/api';

const tracer = trace.getTracer('catalogue');

export async function GET(request: Request) {
  return tracer.startActiveSpan('GET /api/orders', { kind: SpanKind.SERVER }, async (span) => { // expect: SERVER
    try {
      const limit = new URL(request.url).searchParams.get('limit') ?? '10';
      return Response.json({ orders: [], limit: Number(limit) });
    } finally {
      span.end();
    }
  });
}

export function normalise(id: string) {
  return tracer.startActiveSpan('normalise order id', (span) => { // expect: none
    span.end();
    return id.trim();
  });
}
