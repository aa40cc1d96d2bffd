// Query builders and ORMs over a database server: the query leaves the process, so the span is CLIENT.
import { trace, SpanKind } from '@opentelemetry/api';
import knex from 'knex';
import { Kysely, PostgresDialect } from 'kysely';
import { DataTypes, Sequelize } from 'sequelize';
import { DataSource, type Repository } from 'typeorm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { eq } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { PrismaClient } from '@prisma/client';
import { createClient } from '@supabase/supabase-js';

const tracer = trace.getTracer('catalogue');

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export function userByEmail(email: string) {
  return tracer.startActiveSpan('SELECT users', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await db('users').where({ email }).first();
    } finally {
      span.end();
    }
  });
}

export async function bumpVisits(id: number) {
  const span = tracer.startSpan('UPDATE pages', { kind: SpanKind.CLIENT }); // expect: CLIENT
  try {
    await db.raw('UPDATE pages SET visits = visits + 1 WHERE id = ?', [id]);
  } finally {
    span.end();
  }
}

interface Database {
  person: { id: number; first_name: string };
}
const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: {} as never }) });

export function person(id: number) {
  return tracer.startActiveSpan('SELECT person', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await kysely.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
    } finally {
      span.end();
    }
  });
}

const sequelize = new Sequelize(process.env.DATABASE_URL ?? 'postgres://localhost/app');
const Product = sequelize.define('Product', { name: DataTypes.STRING, price: DataTypes.INTEGER });

export function cheapProducts(max: number) {
  return tracer.startActiveSpan('SELECT products', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await Product.findAll({ where: { price: max } });
    } finally {
      span.end();
    }
  });
}

export function vacuum() {
  return tracer.startActiveSpan('VACUUM', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      await sequelize.query('VACUUM ANALYZE products');
    } finally {
      span.end();
    }
  });
}

class Account {
  id!: number;
  email!: string;
}
const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [Account] });

export function accountById(id: number) {
  return tracer.startActiveSpan('SELECT account', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await dataSource.getRepository(Account).findOneBy({ id });
    } finally {
      span.end();
    }
  });
}

export class AccountsService {
  constructor(private readonly accounts: Repository<Account>) {}

  register(email: string) {
    return tracer.startActiveSpan('INSERT account', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
      try {
        const account = this.accounts.create({ email });
        return await this.accounts.save(account);
      } finally {
        span.end();
      }
    });
  }
}

const users = pgTable('users', { id: integer('id').primaryKey(), name: text('name') });
const drizzleDb = drizzle(process.env.DATABASE_URL!);

export function userName(id: number) {
  return tracer.startActiveSpan('SELECT users', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const [row] = await drizzleDb.select({ name: users.name }).from(users).where(eq(users.id, id));
      return row?.name;
    } finally {
      span.end();
    }
  });
}

const prisma = new PrismaClient();

export function latestPosts() {
  return tracer.startActiveSpan('post.findMany', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await prisma.post.findMany({ orderBy: { createdAt: 'desc' }, take: 10 });
    } finally {
      span.end();
    }
  });
}

const supabase = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_ANON_KEY!);

export function countries() {
  return tracer.startActiveSpan('select countries', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const { data, error } = await supabase.from('countries').select('id, name').order('name');
      if (error) throw error;
      return data;
    } finally {
      span.end();
    }
  });
}

export function uploadAvatar(userId: string, file: Blob) {
  return tracer.startActiveSpan('upload avatar', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await supabase.storage.from('avatars').upload(`${userId}.png`, file, { upsert: true });
    } finally {
      span.end();
    }
  });
}
