// SQL drivers: every query leaves the process, so a span around one is CLIENT.
import { trace, SpanKind } from '@opentelemetry/api';
import { Pool } from 'pg';
import pgPromise from 'pg-promise';
import postgres from 'postgres';
import { neon, Pool as NeonPool } from '@neondatabase/serverless';
import { db as vercelDb } from '@vercel/postgres';
import mysql from 'mysql2/promise';
import * as mariadb from 'mariadb';
import sql from 'mssql';
import { Connection, Request } from 'tedious';
import oracledb from 'oracledb';

const tracer = trace.getTracer('catalogue');

export const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const pgp = pgPromise();
const pgdb = pgp(process.env.DATABASE_URL!);
const pgsql = postgres(process.env.DATABASE_URL!);
const neonSql = neon(process.env.NEON_URL!);
const neonPool = new NeonPool({ connectionString: process.env.NEON_URL });
const mysqlPool = mysql.createPool({ host: 'mysql', user: 'app', database: 'shop' });
const mariaPool = mariadb.createPool({ host: 'mariadb', user: 'app', connectionLimit: 5 });

export async function countUsers(): Promise<number> {
  return tracer.startActiveSpan('SELECT users', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM users');
      return rows[0].n;
    } finally {
      span.end();
    }
  });
}

export async function transfer(from: string, to: string, cents: number) {
  const span = tracer.startSpan('transfer', { kind: SpanKind.CLIENT }); // expect: CLIENT
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [cents, from]);
    await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [cents, to]);
    await client.query('COMMIT');
  } finally {
    client.release();
    span.end();
  }
}

export function findProduct(sku: string) {
  return tracer.startActiveSpan('SELECT products', { kind: SpanKind.CLIENT }, (span) => // expect: CLIENT
    pgdb.oneOrNone('SELECT * FROM products WHERE sku = $1', [sku]).finally(() => span.end()),
  );
}

export function archiveOrders(ids: string[]) {
  return tracer.startActiveSpan('archive orders', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      await pgdb.tx(async (t) => {
        await t.none('INSERT INTO archived_orders SELECT * FROM orders WHERE id IN ($1:csv)', [ids]);
        await t.none('DELETE FROM orders WHERE id IN ($1:csv)', [ids]);
      });
    } finally {
      span.end();
    }
  });
}

export function runReport(query: string) {
  return tracer.startActiveSpan('report', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await pgsql.unsafe(query);
    } finally {
      span.end();
    }
  });
}

export function renameUser(id: number, name: string) {
  return tracer.startActiveSpan('UPDATE users', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await pgsql.begin(async (tx) => {
        await tx`UPDATE users SET name = ${name} WHERE id = ${id}`;
        await tx`INSERT INTO audit (user_id, action) VALUES (${id}, 'rename')`;
      });
    } finally {
      span.end();
    }
  });
}

export function neonLookup(id: string) {
  return tracer.startActiveSpan('SELECT sessions', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const rows = await neonSql.query('SELECT * FROM sessions WHERE id = $1', [id]);
      await neonPool.query('UPDATE sessions SET seen_at = now() WHERE id = $1', [id]);
      return rows;
    } finally {
      span.end();
    }
  });
}

export function vercelPing() {
  return tracer.startActiveSpan('SELECT 1', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await vercelDb.query('SELECT 1');
    } finally {
      span.end();
    }
  });
}

export async function listOrders(customerId: number) {
  const span = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT }); // expect: CLIENT
  try {
    const [rows] = await mysqlPool.execute('SELECT * FROM orders WHERE customer_id = ?', [customerId]);
    return rows;
  } finally {
    span.end();
  }
}

export async function mysqlTransaction(id: number) {
  return tracer.startActiveSpan('reserve stock', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    const conn = await mysqlPool.getConnection();
    try {
      await conn.beginTransaction();
      await conn.query('UPDATE stock SET reserved = reserved + 1 WHERE id = ?', [id]);
      await conn.commit();
    } finally {
      conn.release();
      span.end();
    }
  });
}

export async function importContacts(contacts: [string, string][]) {
  return tracer.startActiveSpan('INSERT contacts', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await mariaPool.batch('INSERT INTO contacts (first_name, last_name) VALUES (?, ?)', contacts);
    } finally {
      span.end();
    }
  });
}

export async function mssqlInvoice(id: number) {
  const mssqlPool = await new sql.ConnectionPool({ server: 'mssql', database: 'billing' }).connect();
  return tracer.startActiveSpan('SELECT invoices', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const result = await mssqlPool.request().input('id', sql.Int, id).query('SELECT * FROM invoices WHERE id = @id');
      return result.recordset[0];
    } finally {
      span.end();
    }
  });
}

const tedious = new Connection({ server: 'mssql', authentication: { type: 'default', options: { userName: 'app', password: 'x' } } });

export function refreshTotals(done: (error?: Error) => void) {
  const span = tracer.startSpan('EXEC refresh_totals', { kind: SpanKind.CLIENT }); // expect: CLIENT
  const request = new Request('dbo.refresh_totals', (error) => {
    span.end();
    done(error ?? undefined);
  });
  tedious.callProcedure(request);
}

export async function oracleOrders(region: string) {
  return tracer.startActiveSpan('SELECT orders', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    let connection;
    try {
      connection = await oracledb.getPool('orders').getConnection();
      const result = await connection.execute('SELECT * FROM orders WHERE region = :region', { region });
      return result.rows;
    } finally {
      await connection?.close();
      span.end();
    }
  });
}

export async function oracleDirect() {
  return tracer.startActiveSpan('SELECT sysdate', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const conn = await oracledb.getConnection({ user: 'app', connectString: 'oracle/XEPDB1' });
      return await conn.execute('SELECT sysdate FROM dual');
    } finally {
      span.end();
    }
  });
}
