// Email jobs on BullMQ: the API enqueues them; workers render invoices and send mail through the provider's API.
import { Queue, Worker, type Job } from 'bullmq';
import { context, propagation, ROOT_CONTEXT, trace, type Link } from '@opentelemetry/api';
import { recordFailure, tracer } from '../tracing';

export interface EmailJob {
  template: 'order-confirmation' | 'invoice';
  to: string;
  orderId: string;
  attachmentUrl?: string;
  traceContext?: Record<string, string>;
}

interface InvoiceJob {
  orderId: string;
  customerEmail: string;
  traceContext?: Record<string, string>;
}

const connection = { host: process.env.REDIS_HOST ?? 'localhost', port: Number(process.env.REDIS_PORT ?? 6379) };
const MAIL_API_URL = process.env.MAIL_API_URL ?? 'https://api.mailer.example.com/v1/messages';
const INVOICE_BASE_URL = process.env.INVOICE_BASE_URL ?? 'https://files.example.com/invoices';

const emailQueue = new Queue<EmailJob>('emails', { connection });

/** A link to the span that enqueued the job, when the job carries its context. */
function linksFrom(carrier: Record<string, string> | undefined): Link[] {
  const producer = carrier && trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier));
  return producer ? [{ context: producer }] : [];
}

export function enqueueEmail(email: Omit<EmailJob, 'traceContext'>): Promise<string | undefined> {
  return tracer.startActiveSpan('send emails', async (span) => { // expect: PRODUCER
    try {
      const traceContext: Record<string, string> = {};
      propagation.inject(context.active(), traceContext);
      const job = await emailQueue.add(email.template, { ...email, traceContext }, { attempts: 5, backoff: { type: 'exponential', delay: 2_000 } });
      span.setAttribute('messaging.message.id', job.id ?? 'unknown');
      return job.id;
    } finally {
      span.end();
    }
  });
}

async function sendEmail({ template, to, orderId, attachmentUrl }: EmailJob): Promise<void> {
  const response = await fetch(MAIL_API_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.MAIL_API_KEY ?? ''}` },
    body: JSON.stringify({ template, to, variables: { orderId }, attachments: attachmentUrl ? [attachmentUrl] : [] }),
  });
  if (!response.ok) throw new Error(`mail provider returned ${response.status}`);
}

async function processInvoiceJob(job: Job<InvoiceJob>): Promise<void> {
  await tracer.startActiveSpan('process invoices', { links: linksFrom(job.data.traceContext) }, async (span) => { // expect: CONSUMER
    try {
      const invoiceNumber = `INV-${new Date().getUTCFullYear()}-${job.data.orderId.slice(0, 8).toUpperCase()}`;
      span.setAttribute('invoice.number', invoiceNumber);
      await job.updateProgress(50);
      const attachmentUrl = `${INVOICE_BASE_URL}/${invoiceNumber}.pdf`;
      await enqueueEmail({ template: 'invoice', to: job.data.customerEmail, orderId: job.data.orderId, attachmentUrl });
    } finally {
      span.end();
    }
  });
}

export function startEmailWorkers(): Worker[] {
  const emails = new Worker<EmailJob>(
    'emails',
    async (job) => {
      await tracer.startActiveSpan(`process ${job.queueName}`, { links: linksFrom(job.data.traceContext) }, async (span) => { // expect: CONSUMER
        try {
          span.setAttribute('messaging.message.id', job.id ?? 'unknown');
          await sendEmail(job.data);
        } catch (error) {
          recordFailure(span, error);
          throw error;
        } finally {
          span.end();
        }
      });
    },
    { connection, concurrency: 10 },
  );
  const invoices = new Worker<InvoiceJob>('invoices', processInvoiceJob, { connection });
  return [emails, invoices];
}
