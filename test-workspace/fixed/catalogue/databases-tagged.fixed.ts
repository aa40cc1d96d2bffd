// Queries written as tagged templates: the tag is the call that reaches the database.
import { trace, SpanKind } from '@opentelemetry/api';
import postgres from 'postgres';
import { neon } from '@neondatabase/serverless';
import { sql as vercelSql } from '@vercel/postgres';

const tracer = trace.getTracer('catalogue');
const sql = postgres(process.env.DATABASE_URL ?? 'postgres://localhost/app');
const edge = neon(process.env.NEON_URL ?? '');

export function activeUsers() {
  return tracer.startActiveSpan('SELECT users', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await sql`SELECT id, email FROM users WHERE active`;
    } finally {
      span.end();
    }
  });
}

export function edgeCount() {
  return tracer.startActiveSpan('SELECT count', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await edge`SELECT count(*) FROM orders`;
    } finally {
      span.end();
    }
  });
}

export function vercelLatest() {
  return tracer.startActiveSpan('SELECT latest order', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await vercelSql`SELECT * FROM orders ORDER BY created_at DESC LIMIT 1`;
    } finally {
      span.end();
    }
  });
}

const html = (parts: TemplateStringsArray, ...values: unknown[]) => parts.join(String(values.length));

export function renderBanner(name: string) {
  return tracer.startActiveSpan('render banner', (span) => { // expect: none
    span.end();
    return html`<h1>${name}</h1>`;
  });
}
