// `npm run reindex`: rebuilds the search index. The command has its own span, so its calls have a parent.
import { SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('reindex');
const SEARCH_URL = process.env.SEARCH_URL ?? 'http://search.internal:9200';

async function main() {
  await tracer.startActiveSpan('reindex', async (command) => { // expect: none
    try {
      await tracer.startActiveSpan('POST /products/_bulk', { kind: SpanKind.CLIENT }, async (span) => { // expect: none
        try {
          await fetch(`${SEARCH_URL}/products/_bulk`, { method: 'POST', body: '' });
        } finally {
          span.end();
        }
      });
    } finally {
      command.end();
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
