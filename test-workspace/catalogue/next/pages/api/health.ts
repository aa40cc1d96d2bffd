// A Next.js Pages Router API route: its default export handles the request.
import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('catalogue');

export default function handler(req: { method?: string }, res: { status(code: number): { json(body: unknown): void } }) {
  tracer.startActiveSpan('GET /api/health', (span) => { // expect: SERVER
    res.status(200).json({ ok: true, method: req.method });
    span.end();
  });
}
