// Run before traffic is switched to a new deployment: `node warm-cache.mjs`. Fills the CDN with the hot pages.
import { SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('warm-cache');
const pages = ['/', '/sale', '/new-in'];

// Top-level await: the script itself is the only thing running, so each span is the root of its own trace.
await tracer.startActiveSpan('GET hot pages', { kind: SpanKind.CLIENT }, async (span) => { // expect: @root-client
  try {
    await Promise.all(pages.map((page) => fetch(`https://shop.example.com${page}`)));
  } finally {
    span.end();
  }
});
