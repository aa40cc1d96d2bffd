// AI frameworks: LangChain models, chains, embeddings, vector stores and retrievers; Model Context Protocol clients.
import { SpanKind, trace } from '@opentelemetry/api';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { ChatAnthropic } from '@langchain/anthropic';
import { ChatGoogleGenerativeAI } from '@langchain/google-genai';
import { PGVectorStore } from '@langchain/community/vectorstores/pgvector';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { z } from 'zod';

const tracer = trace.getTracer('catalogue');

// LangChain chat models
const gpt = new ChatOpenAI({ model: 'gpt-4o-mini', temperature: 0 });
const claude = new ChatAnthropic({ model: 'claude-sonnet-4-5' });
const gemini = new ChatGoogleGenerativeAI({ model: 'gemini-2.5-flash' });

export function translate(text: string): Promise<unknown> {
  return tracer.startActiveSpan('chat gpt-4o-mini translate', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await gpt.invoke([['system', 'Translate to French.'], ['human', text]]);
    } finally {
      span.end();
    }
  });
}

export function critique(draft: string): Promise<string> {
  return tracer.startActiveSpan('chat claude critique', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    let out = '';
    try {
      for await (const chunk of await claude.stream(`Critique this draft: ${draft}`)) out += String(chunk.content);
      return out;
    } finally {
      span.end();
    }
  });
}

export function titles(articles: string[]): Promise<unknown[]> {
  return tracer.startActiveSpan('chat gemini titles', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await gemini.batch(articles.map((a) => `Title for: ${a}`));
    } finally {
      span.end();
    }
  });
}

// A chain piped from a model, and a model with structured output: still model calls.
const summarizer = gpt.pipe(new StringOutputParser());
const extractor = claude.withStructuredOutput(z.object({ company: z.string(), amount: z.number() }));

export function summarize(text: string): Promise<string> {
  return tracer.startActiveSpan('chain summarize', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await summarizer.invoke(`Summarize: ${text}`);
    } finally {
      span.end();
    }
  });
}

export function extractInvoice(text: string): Promise<unknown> {
  return tracer.startActiveSpan('chat claude extract', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT @wrong-kind
    try {
      return await extractor.invoke(text);
    } finally {
      span.end();
    }
  });
}

// Embeddings, a pgvector store and its retriever
const embeddings = new OpenAIEmbeddings({ model: 'text-embedding-3-small' });
const store = await PGVectorStore.initialize(embeddings, { postgresConnectionOptions: { connectionString: process.env.PG_URL }, tableName: 'docs' });
const retriever = store.asRetriever({ k: 4 });

export function embedQuestion(question: string): Promise<number[]> {
  return tracer.startActiveSpan('embeddings question', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await embeddings.embedQuery(question);
    } finally {
      span.end();
    }
  });
}

export function indexDocs(docs: { pageContent: string; metadata: Record<string, unknown> }[]): Promise<unknown> {
  return tracer.startActiveSpan('index docs', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await store.addDocuments(docs);
    } finally {
      span.end();
    }
  });
}

export function retrieve(question: string): Promise<unknown[]> {
  return tracer.startActiveSpan('retrieve docs', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await retriever.invoke(question);
    } finally {
      span.end();
    }
  });
}

// Look-alikes: local objects with the same method names are not model calls.
class KeywordRouter {
  constructor(private readonly routes: Record<string, string>) {}

  invoke(question: string): string {
    const hit = Object.keys(this.routes).find((k) => question.toLowerCase().includes(k));
    return hit ? this.routes[hit] : 'general';
  }
}

const router = new KeywordRouter({ refund: 'billing', shipping: 'logistics' });
const cache = {
  entries: new Map<string, string>(),
  query(key: string): string | undefined {
    return this.entries.get(key);
  },
};

export function route(question: string): string {
  return tracer.startActiveSpan('route question', (span) => { // expect: none
    try {
      return cache.query(question) ?? router.invoke(question);
    } finally {
      span.end();
    }
  });
}

// Model Context Protocol client: the tool server is another process
const mcp = new Client({ name: 'support-agent', version: '1.0.0' });
await mcp.connect(new StreamableHTTPClientTransport(new URL('https://tools.example.com/mcp')));

export function lookupOrder(orderId: string): Promise<unknown> {
  return tracer.startActiveSpan('execute_tool lookup_order', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await mcp.callTool({ name: 'lookup_order', arguments: { orderId } });
    } finally {
      span.end();
    }
  });
}

export function availableTools(): Promise<string[]> {
  return tracer.startActiveSpan('mcp tools/list', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const { tools } = await mcp.listTools();
      return tools.map((t) => t.name);
    } finally {
      span.end();
    }
  });
}

export function policy(uri: string): Promise<unknown> {
  return tracer.startActiveSpan('mcp resources/read', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const [resource, prompt] = await Promise.all([
        mcp.readResource({ uri }),
        mcp.getPrompt({ name: 'policy-summary', arguments: { uri } }),
      ]);
      return { resource, prompt };
    } finally {
      span.end();
    }
  });
}
