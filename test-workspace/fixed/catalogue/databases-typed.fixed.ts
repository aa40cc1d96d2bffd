// A client made in another file: only the type-aware analysis follows it, through its declared type
// (pg's Pool, from @types/pg, which is installed in this workspace).
import { trace, SpanKind } from '@opentelemetry/api';
import type { PoolClient } from 'pg';
import { pool } from './databases-sql';

const tracer = trace.getTracer('catalogue');

export function activeUsers() {
  return tracer.startActiveSpan('SELECT active users', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT (typed)
    try {
      const { rows } = await pool.query('SELECT id FROM users WHERE active');
      return rows;
    } finally {
      span.end();
    }
  });
}

/** A checked-out client handed in, annotated with its package type: both analyses see it. */
export function lockAccount(client: PoolClient, id: string) {
  return tracer.startActiveSpan('SELECT FOR UPDATE', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await client.query('SELECT * FROM accounts WHERE id = $1 FOR UPDATE', [id]);
    } finally {
      span.end();
    }
  });
}
