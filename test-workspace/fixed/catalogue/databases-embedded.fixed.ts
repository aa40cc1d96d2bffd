// Embedded stores and in-memory caches run inside the process: a span around them is INTERNAL, and a
// look-alike method on a local object is not a database call.
import { SpanKind, trace } from '@opentelemetry/api';
import Database from 'better-sqlite3';
import { DatabaseSync } from 'node:sqlite';
import initSqlJs from 'sql.js';
import { LRUCache } from 'lru-cache';
import { HierarchicalNSW } from 'hnswlib-node';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import mongoose from 'mongoose';
import { DataSource } from 'typeorm';

const tracer = trace.getTracer('catalogue');

const sqlite = new Database('app.db');

export function listUsers() {
  return tracer.startActiveSpan('SELECT users', { kind: SpanKind.INTERNAL }, (span) => { // expect: INTERNAL @wrong-kind
    try {
      return sqlite.prepare('SELECT * FROM users').all();
    } finally {
      span.end();
    }
  });
}

export function userById(id: number) {
  return tracer.startActiveSpan('SELECT user', (span) => { // expect: none
    try {
      return sqlite.prepare('SELECT * FROM users WHERE id = ?').get(id);
    } finally {
      span.end();
    }
  });
}

const settings = new DatabaseSync(':memory:');

export function setting(key: string) {
  const span = tracer.startSpan('read setting'); // expect: none
  try {
    return settings.prepare('SELECT value FROM settings WHERE key = ?').get(key);
  } finally {
    span.end();
  }
}

export async function inBrowserDb() {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  return tracer.startActiveSpan('sql.js exec', (span) => { // expect: none
    try {
      return db.exec('SELECT 1');
    } finally {
      span.end();
    }
  });
}

const prices = new LRUCache<string, number>({ max: 500 });

export function cachedPrice(sku: string) {
  return tracer.startActiveSpan('price cache', { kind: SpanKind.INTERNAL }, (span) => { // expect: INTERNAL @wrong-kind
    try {
      return prices.get(sku);
    } finally {
      span.end();
    }
  });
}

const index = new HierarchicalNSW('cosine', 384);

export function nearest(vector: number[]) {
  return tracer.startActiveSpan('vector search', { kind: SpanKind.INTERNAL }, (span) => { // expect: none
    try {
      return index.searchKnn(vector, 5);
    } finally {
      span.end();
    }
  });
}

const notes = sqliteTable('notes', { id: integer('id').primaryKey(), body: text('body') });
const local = drizzle('notes.db');

export function allNotes() {
  return tracer.startActiveSpan('SELECT notes', (span) => { // expect: none
    try {
      return local.select().from(notes).all();
    } finally {
      span.end();
    }
  });
}

/** An in-memory repository with the method names of a database driver. */
class InMemoryRepository<T extends { id: string }> {
  private readonly rows = new Map<string, T>();
  find(predicate: (row: T) => boolean): T[] {
    return [...this.rows.values()].filter(predicate);
  }
  findOne(id: string): T | undefined {
    return this.rows.get(id);
  }
  query(text: string): T[] {
    return [...this.rows.values()].filter((row) => JSON.stringify(row).includes(text));
  }
  save(row: T): void {
    this.rows.set(row.id, row);
  }
}

const repo = new InMemoryRepository<{ id: string; name: string }>();

export function searchLocal(text: string) {
  return tracer.startActiveSpan('search local', (span) => { // expect: none
    try {
      repo.save({ id: text, name: text });
      return [...repo.find((r) => r.name === text), repo.findOne(text), ...repo.query(text)];
    } finally {
      span.end();
    }
  });
}

const memo = {
  store: new Map<string, string>(),
  get(key: string) {
    return this.store.get(key);
  },
  set(key: string, value: string) {
    this.store.set(key, value);
  },
};

export function memoized(key: string, compute: () => string) {
  return tracer.startActiveSpan('memo', { kind: SpanKind.INTERNAL }, (span) => { // expect: none
    try {
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      const value = compute();
      memo.set(key, value);
      return value;
    } finally {
      span.end();
    }
  });
}

export function defineModels() {
  return tracer.startActiveSpan('define models', (span) => { // expect: none
    try {
      const schema = new mongoose.Schema({ email: String });
      schema.index({ email: 1 }, { unique: true });
      return mongoose.model('Subscriber', schema);
    } finally {
      span.end();
    }
  });
}

class Draft {
  title!: string;
}
const drafts = new DataSource({ type: 'postgres' }).getRepository(Draft);

export function newDraft(title: string) {
  return tracer.startActiveSpan('new draft', (span) => { // expect: none
    try {
      return drafts.create({ title });
    } finally {
      span.end();
    }
  });
}
