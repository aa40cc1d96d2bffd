// Document, wide-column, search and graph databases: a span around their calls is CLIENT.
import { trace } from '@opentelemetry/api';
import { MongoClient } from 'mongodb';
import mongoose, { Schema, model, type Model } from 'mongoose';
import { Client as CassandraClient, mapping } from 'cassandra-driver';
import { Client as ElasticClient } from '@elastic/elasticsearch';
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';
import neo4j from 'neo4j-driver';

const tracer = trace.getTracer('catalogue');

const mongo = new MongoClient(process.env.MONGO_URL ?? 'mongodb://mongo:27017');
const orders = mongo.db('shop').collection('orders');

export function recentOrders(customerId: string) {
  return tracer.startActiveSpan('orders.find', async (span) => { // expect: CLIENT
    try {
      return await orders.find({ customerId }).sort({ createdAt: -1 }).limit(20).toArray();
    } finally {
      span.end();
    }
  });
}

export async function placeOrder(order: { id: string; total: number }) {
  const span = tracer.startSpan('orders.insertOne'); // expect: CLIENT
  try {
    await mongo.db('shop').collection('orders').insertOne({ _id: order.id, total: order.total } as never);
  } finally {
    span.end();
  }
}

interface User {
  email: string;
  name: string;
}
const User = model<User>('User', new Schema<User>({ email: String, name: String }));
const Invoice = mongoose.model('Invoice', new mongoose.Schema({ number: String, paid: Boolean }));

export function findUser(email: string) {
  return tracer.startActiveSpan('users.findOne', async (span) => { // expect: CLIENT
    try {
      return await User.findOne({ email }).lean().exec();
    } finally {
      span.end();
    }
  });
}

export function register(email: string, name: string) {
  return tracer.startActiveSpan('users.save', async (span) => { // expect: CLIENT
    try {
      return await new User({ email, name }).save();
    } finally {
      span.end();
    }
  });
}

export function markPaid(id: string) {
  return tracer.startActiveSpan('invoices.findByIdAndUpdate', async (span) => { // expect: CLIENT
    try {
      return await Invoice.findByIdAndUpdate(id, { paid: true }, { new: true });
    } finally {
      span.end();
    }
  });
}

/** A NestJS-style service: the model arrives through the constructor, typed with mongoose's Model. */
export class UsersService {
  constructor(private readonly users: Model<User>) {}

  byName(name: string) {
    return tracer.startActiveSpan('users.find', async (span) => { // expect: CLIENT
      try {
        return await this.users.find({ name });
      } finally {
        span.end();
      }
    });
  }
}

const cassandra = new CassandraClient({ contactPoints: ['cassandra'], localDataCenter: 'dc1', keyspace: 'shop' });

export async function loadUser(id: string) {
  return tracer.startActiveSpan('SELECT users', async (span) => { // expect: CLIENT
    try {
      return await cassandra.execute('SELECT * FROM users WHERE id = ?', [id], { prepare: true });
    } finally {
      span.end();
    }
  });
}

export function streamEvents(day: string, onRow: (row: unknown) => void) {
  const span = tracer.startSpan('SELECT events'); // expect: CLIENT
  cassandra.eachRow('SELECT * FROM events WHERE day = ?', [day], { prepare: true }, (_n, row) => onRow(row), () => span.end());
}

const mapper = new mapping.Mapper(cassandra, { models: { Video: { tables: ['videos'] } } });
const videos = mapper.forModel('Video');

export function videosOf(userId: string) {
  return tracer.startActiveSpan('videos.find', async (span) => { // expect: CLIENT
    try {
      return (await videos.find({ userId })).toArray();
    } finally {
      span.end();
    }
  });
}

const elastic = new ElasticClient({ node: process.env.ELASTIC_URL ?? 'http://elasticsearch:9200' });

export function searchProducts(text: string) {
  return tracer.startActiveSpan('search products', async (span) => { // expect: CLIENT
    try {
      const result = await elastic.search({ index: 'products', query: { match: { title: text } } });
      return result.hits.hits.map((hit) => hit._source);
    } finally {
      span.end();
    }
  });
}

export async function createProductIndex() {
  const span = tracer.startSpan('create index'); // expect: CLIENT
  try {
    if (!(await elastic.indices.exists({ index: 'products' }))) await elastic.indices.create({ index: 'products' });
  } finally {
    span.end();
  }
}

const opensearch = new OpenSearchClient({ node: 'https://opensearch:9200' });

export function indexLog(doc: Record<string, unknown>) {
  return tracer.startActiveSpan('index logs', async (span) => { // expect: CLIENT
    try {
      return await opensearch.index({ index: 'logs', body: doc, refresh: true });
    } finally {
      span.end();
    }
  });
}

const driver = neo4j.driver('neo4j://neo4j:7687', neo4j.auth.basic('neo4j', process.env.NEO4J_PASSWORD ?? ''));

export async function friendsOf(name: string) {
  const session = driver.session({ database: 'social' });
  return tracer.startActiveSpan('MATCH friends', async (span) => { // expect: CLIENT
    try {
      const result = await session.executeRead((tx) => tx.run('MATCH (p:Person {name: $name})-[:KNOWS]->(f) RETURN f', { name }));
      return result.records.map((r) => r.get('f'));
    } finally {
      await session.close();
      span.end();
    }
  });
}

export async function follow(a: string, b: string) {
  const session = driver.session();
  const tx = session.beginTransaction();
  const span = tracer.startSpan('MERGE follows'); // expect: CLIENT
  try {
    await tx.run('MATCH (a:Person {name: $a}), (b:Person {name: $b}) MERGE (a)-[:FOLLOWS]->(b)', { a, b });
    await tx.commit();
  } finally {
    span.end();
    await session.close();
  }
}
