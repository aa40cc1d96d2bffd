// Refreshes exchange rates every 15 minutes and publishes them for the pricing service.
import cron from 'node-cron';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';

const tracer = trace.getTracer('rates-job');
const producer = new Kafka({ clientId: 'rates-job', brokers: ['kafka:9092'] }).producer();
const RATES_URL = process.env.RATES_URL ?? 'https://rates.example.com/latest';

async function fetchRates(): Promise<Record<string, number>> {
  return tracer.startActiveSpan('GET /latest', { kind: SpanKind.CLIENT }, async (span) => { // expect: @root-client
    try {
      const response = await fetch(RATES_URL);
      return (await response.json()) as Record<string, number>;
    } finally {
      span.end();
    }
  });
}

cron.schedule('*/15 * * * *', async () => {
  const rates = await fetchRates();
  await tracer.startActiveSpan('rates publish', { kind: SpanKind.PRODUCER }, async (span) => { // expect: @root-client
    try {
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      await producer.send({ topic: 'rates', messages: [{ key: 'latest', value: JSON.stringify(rates), headers }] });
    } finally {
      span.end();
    }
  });
});

// The job has its own span: the calls it makes are its children.
cron.schedule('0 3 * * *', async () => {
  await tracer.startActiveSpan('purge stale rates', async (job) => { // expect: none
    try {
      await tracer.startActiveSpan('DELETE /stale', { kind: SpanKind.CLIENT }, async (span) => { // expect: none
        try {
          await fetch(`${RATES_URL}/stale`, { method: 'DELETE' });
        } finally {
          span.end();
        }
      });
    } finally {
      job.end();
    }
  });
});

// Exported: the pricing service calls it while serving a request, so it may well have a parent.
export async function rateFor(currency: string): Promise<number> {
  return tracer.startActiveSpan('GET /latest/:currency', { kind: SpanKind.CLIENT }, async (span) => { // expect: none
    try {
      const response = await fetch(`${RATES_URL}/${encodeURIComponent(currency)}`);
      return ((await response.json()) as { rate: number }).rate;
    } finally {
      span.end();
    }
  });
}
