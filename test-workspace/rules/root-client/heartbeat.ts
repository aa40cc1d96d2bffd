// Reports this instance to the fleet registry every 30 seconds.
import { SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('heartbeat');
const REGISTRY_URL = process.env.REGISTRY_URL ?? 'http://registry.internal:8080';
const instanceId = process.env.HOSTNAME ?? 'local';

setInterval(async () => {
  await tracer.startActiveSpan('PUT /instances/:id', async (span) => { // expect: CLIENT, @root-client
    try {
      await fetch(`${REGISTRY_URL}/instances/${instanceId}`, { method: 'PUT', body: JSON.stringify({ at: Date.now() }) });
    } finally {
      span.end();
    }
  });
}, 30_000);

// Started when the process starts, this one waits on purpose under a job span of its own.
setTimeout(async () => {
  await tracer.startActiveSpan('register instance', { kind: SpanKind.INTERNAL }, async (job) => { // expect: none
    try {
      await tracer.startActiveSpan('POST /instances', { kind: SpanKind.CLIENT }, async (span) => { // expect: none
        try {
          await fetch(`${REGISTRY_URL}/instances`, { method: 'POST', body: JSON.stringify({ id: instanceId }) });
        } finally {
          span.end();
        }
      });
    } finally {
      job.end();
    }
  });
}, 1_000);
