// Vector databases reached over the network: Pinecone, Qdrant, Weaviate, Chroma, Milvus.
import { SpanKind, trace } from '@opentelemetry/api';
import { Pinecone } from '@pinecone-database/pinecone';
import { QdrantClient } from '@qdrant/js-client-rest';
import weaviate from 'weaviate-client';
import { ChromaClient } from 'chromadb';
import { MilvusClient } from '@zilliz/milvus2-sdk-node';

const tracer = trace.getTracer('catalogue');

interface Chunk {
  id: string;
  text: string;
  vector: number[];
}

// Pinecone: `pc.index()` and `.namespace()` are local handles
const pc = new Pinecone({ apiKey: process.env.PINECONE_API_KEY ?? '' });
const docsIndex = pc.index('docs').namespace('tenant-a');

export function similar(vector: number[]): Promise<unknown> {
  return tracer.startActiveSpan('pinecone query docs', async (span) => { // expect: CLIENT
    try {
      return await docsIndex.query({ vector, topK: 5, includeMetadata: true });
    } finally {
      span.end();
    }
  });
}

export function upsertChunks(chunks: Chunk[]): Promise<void> {
  return tracer.startActiveSpan('pinecone upsert docs', async (span) => { // expect: CLIENT
    try {
      await pc.index('docs').upsert(chunks.map((c) => ({ id: c.id, values: c.vector, metadata: { text: c.text } })));
    } finally {
      span.end();
    }
  });
}

// Qdrant
const qdrant = new QdrantClient({ url: 'http://qdrant.internal:6333' });

export function searchProducts(vector: number[]): Promise<unknown> {
  return tracer.startActiveSpan('qdrant search products', { kind: SpanKind.INTERNAL }, async (span) => { // expect: CLIENT @wrong-kind
    try {
      return await qdrant.search('products', { vector, limit: 10, with_payload: true });
    } finally {
      span.end();
    }
  });
}

export function queryProducts(vector: number[]): Promise<unknown> {
  return tracer.startActiveSpan('qdrant query products', async (span) => { // expect: CLIENT
    try {
      return await qdrant.query('products', { query: vector, limit: 10 });
    } finally {
      span.end();
    }
  });
}

export function storeProducts(chunks: Chunk[]): Promise<unknown> {
  return tracer.startActiveSpan('qdrant upsert products', async (span) => { // expect: CLIENT
    try {
      return await qdrant.upsert('products', { wait: true, points: chunks.map((c) => ({ id: c.id, vector: c.vector, payload: { text: c.text } })) });
    } finally {
      span.end();
    }
  });
}

// Weaviate v3: a client connected once, collection handles from `collections.get()`
const weaviateClient = await weaviate.connectToLocal({ host: 'weaviate.internal', port: 8080 });
const articles = weaviateClient.collections.get('Article');

export function searchArticles(concept: string): Promise<unknown> {
  return tracer.startActiveSpan('weaviate nearText Article', async (span) => { // expect: CLIENT
    try {
      return await articles.query.nearText(concept, { limit: 5, returnMetadata: ['distance'] });
    } finally {
      span.end();
    }
  });
}

export function saveArticle(title: string, body: string): Promise<string> {
  return tracer.startActiveSpan('weaviate insert Article', async (span) => { // expect: CLIENT
    try {
      return await articles.data.insert({ title, body });
    } finally {
      span.end();
    }
  });
}

// Chroma
const chroma = new ChromaClient({ path: 'http://chroma.internal:8000' });

export function askNotes(question: string): Promise<unknown> {
  return tracer.startActiveSpan('chroma query notes', async (span) => { // expect: CLIENT
    try {
      const notes = await chroma.getOrCreateCollection({ name: 'notes' });
      return await notes.query({ queryTexts: [question], nResults: 3 });
    } finally {
      span.end();
    }
  });
}

// `chroma.collection(id)` is a local handle: the record calls on it are the remote ones.
const notesById = chroma.collection(process.env.CHROMA_NOTES_ID ?? '');

export function addNotes(ids: string[], embeddings: number[][], documents: string[]): Promise<void> {
  return tracer.startActiveSpan('chroma add notes', async (span) => { // expect: CLIENT
    try {
      await notesById.add({ ids, embeddings, documents });
    } finally {
      span.end();
    }
  });
}

// Milvus
const milvus = new MilvusClient({ address: 'milvus.internal:19530' });

export function searchImages(vector: number[]): Promise<unknown> {
  return tracer.startActiveSpan('milvus search images', async (span) => { // expect: CLIENT
    try {
      return await milvus.search({ collection_name: 'images', data: [vector], limit: 8, output_fields: ['url'] });
    } finally {
      span.end();
    }
  });
}

export function insertImages(rows: { url: string; vector: number[] }[]): Promise<unknown> {
  return tracer.startActiveSpan('milvus insert images', async (span) => { // expect: CLIENT
    try {
      return await milvus.insert({ collection_name: 'images', data: rows });
    } finally {
      span.end();
    }
  });
}
