// Invoice jobs on BullMQ: the context travels in the job data (`traceContext`).
import { Worker, type Job } from 'bullmq';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('invoice-worker');
const connection = { host: 'redis', port: 6379 };

interface InvoiceJob {
  orderId: string;
  traceContext?: Record<string, string>;
}

async function renderInvoice(orderId: string): Promise<void> {
  await Promise.resolve(orderId);
}

export function startInvoiceWorker(): Worker<InvoiceJob> {
  return new Worker<InvoiceJob>(
    'invoices',
    async (job: Job<InvoiceJob>) => {
      await tracer.startActiveSpan('invoices process', { kind: SpanKind.CONSUMER }, async (span) => { // expect: @consumer-without-context
        try {
          await renderInvoice(job.data.orderId);
        } finally {
          span.end();
        }
      });
    },
    { connection },
  );
}

export function startReminderWorker(): Worker<InvoiceJob> {
  return new Worker<InvoiceJob>(
    'reminders',
    async (job: Job<InvoiceJob>) => {
      const parent = propagation.extract(context.active(), job.data.traceContext ?? {});
      await tracer.startActiveSpan('reminders process', { kind: SpanKind.CONSUMER }, parent, async (span) => { // expect: none
        try {
          await renderInvoice(job.data.orderId);
        } finally {
          span.end();
        }
      });
    },
    { connection },
  );
}

/** Processes one job; the caller decides the context it runs in. */
export async function processInvoice(job: Job<InvoiceJob>): Promise<void> {
  await tracer.startActiveSpan('invoices process', { kind: SpanKind.CONSUMER }, async (span) => { // expect: none
    try {
      await renderInvoice(job.data.orderId);
    } finally {
      span.end();
    }
  });
}
