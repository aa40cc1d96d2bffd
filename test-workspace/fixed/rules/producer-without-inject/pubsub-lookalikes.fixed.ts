// Catalog updates on Google Pub/Sub: message attributes carry the context. Calls named like a broker's
// (`add`, `send`) on other objects are left alone.
import { PubSub } from '@google-cloud/pubsub';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { outbox } from './outbox';

const tracer = trace.getTracer('catalog');
const topic = new PubSub().topic('catalog-updates');

class Mailer {
  readonly sent: string[] = [];
  send(to: string): void {
    this.sent.push(to);
  }
}
const mailer = new Mailer();

export async function publishPriceChange(sku: string, price: number): Promise<void> {
  await tracer.startActiveSpan('catalog-updates send', { kind: SpanKind.PRODUCER }, async (span) => { // expect: @producer-without-inject
    try {
      const attributes: Record<string, string> = {};
      propagation.inject(context.active(), attributes);
      await topic.publishMessage({ data: Buffer.from(JSON.stringify({ sku, price })), attributes });
    } finally {
      span.end();
    }
  });
}

export async function publishRestock(sku: string, quantity: number): Promise<void> {
  // Besides the publish (whose attributes carry the context), the span adds to a Set, sends through a
  // mailer class and an outbox module: look-alikes of `queue.add` and `producer.send` that are not checked.
  await tracer.startActiveSpan('catalog-updates send', { kind: SpanKind.PRODUCER }, async (span) => { // expect: none
    try {
      const attributes: Record<string, string> = { event: 'restock' };
      propagation.inject(context.active(), attributes);
      await topic.publishMessage({ data: Buffer.from(JSON.stringify({ sku, quantity })), attributes });
      const pending = new Set<string>();
      pending.add(sku);
      mailer.send(`catalog+${sku}@example.com`);
      await outbox.send({ sku });
    } finally {
      span.end();
    }
  });
}
