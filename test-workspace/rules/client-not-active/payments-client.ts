// The payments gateway client: CLIENT spans started with startSpan, with and without their context active.
import { context, propagation, SpanKind, trace, type Span } from '@opentelemetry/api';
import axios from 'axios';
import { Pool } from 'pg';

const tracer = trace.getTracer('payments-client');
const GATEWAY = process.env.GATEWAY_URL ?? 'https://payments.example.com';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export async function authorize(orderId: string, amountCents: number): Promise<string> {
  const span = tracer.startSpan('POST /authorizations', { kind: SpanKind.CLIENT }); // expect: @client-not-active
  try {
    const response = await axios.post(`${GATEWAY}/authorizations`, { orderId, amountCents });
    return response.data.id as string;
  } finally {
    span.end();
  }
}

export async function refundStatus(refundId: string): Promise<string> {
  const span = tracer.startSpan('GET /refunds/{id}'); // expect: CLIENT, @client-not-active
  try {
    const response = await fetch(`${GATEWAY}/refunds/${refundId}`);
    return ((await response.json()) as { status: string }).status;
  } finally {
    span.end();
  }
}

export async function ledgerBalance(accountId: string): Promise<number> {
  const span = tracer.startSpan('SELECT ledger', { kind: SpanKind.CLIENT }); // expect: @client-not-active
  try {
    const { rows } = await pool.query('SELECT balance FROM ledger WHERE account_id = $1', [accountId]);
    return rows[0]?.balance ?? 0;
  } finally {
    span.end();
  }
}

export async function capture(authorizationId: string, amount: () => Promise<number>): Promise<void> {
  const span = tracer.startSpan('POST /captures', { kind: SpanKind.CLIENT }); // expect: @client-not-active
  try {
    // The body awaits inside the call's arguments: no single expression to wrap, so no fix.
    await axios.post(`${GATEWAY}/captures`, { authorizationId, amount: await amount() });
  } finally {
    span.end();
  }
}

// The call runs under the span's context, or takes it: silent.

export async function voidAuthorization(authorizationId: string): Promise<void> {
  const span = tracer.startSpan('DELETE /authorizations/{id}', { kind: SpanKind.CLIENT }); // expect: none
  try {
    await context.with(trace.setSpan(context.active(), span), () => axios.delete(`${GATEWAY}/authorizations/${authorizationId}`));
  } finally {
    span.end();
  }
}

export async function listDisputes(merchantId: string): Promise<unknown[]> {
  const span = tracer.startSpan('GET /disputes', { kind: SpanKind.CLIENT }); // expect: none
  const ctx = trace.setSpan(context.active(), span);
  try {
    return await context.with(ctx, async () => {
      const response = await axios.get(`${GATEWAY}/disputes`, { params: { merchantId } });
      return response.data as unknown[];
    });
  } finally {
    span.end();
  }
}

export async function notifyMerchant(merchantId: string, event: string): Promise<void> {
  const span = tracer.startSpan('POST /merchant-hooks', { kind: SpanKind.CLIENT }); // expect: none
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  propagation.inject(trace.setSpan(context.active(), span), headers);
  try {
    await fetch(`${GATEWAY}/merchants/${merchantId}/hooks`, { method: 'POST', headers, body: JSON.stringify({ event }) });
  } finally {
    span.end();
  }
}

export async function settle(batchId: string, run: (span: Span) => Promise<void>): Promise<void> {
  const span = tracer.startSpan('POST /settlements', { kind: SpanKind.CLIENT }); // expect: none
  // The span is handed to code that may make it active itself.
  await run(span);
  try {
    await axios.post(`${GATEWAY}/settlements/${batchId}`);
  } finally {
    span.end();
  }
}

export async function fees(orderId: string): Promise<number> {
  return tracer.startActiveSpan('GET /fees', { kind: SpanKind.CLIENT }, async (span) => { // expect: none
    try {
      const response = await axios.get(`${GATEWAY}/fees/${orderId}`);
      return response.data.cents as number;
    } finally {
      span.end();
    }
  });
}
