// Modules whose calls stay inside the process: they never leave a span's kind in doubt.
import type { LocalModuleRow } from './types';

const NODE_LOCAL = [
  'assert', 'buffer', 'crypto', 'events', 'fs', 'fs/promises', 'os', 'path', 'querystring', 'stream',
  'string_decoder', 'timers', 'timers/promises', 'url', 'util', 'zlib', 'perf_hooks', 'async_hooks',
];

export const localModules: LocalModuleRow[] = [
  { library: 'node', modules: [...NODE_LOCAL, ...NODE_LOCAL.map((m) => `node:${m}`)], incidental: true },
  { library: 'OpenTelemetry', modules: ['@opentelemetry/*'], incidental: true },
  // Embedded databases run inside the process: a query is local work (INTERNAL), however SQL-like it looks.
  {
    library: 'embedded SQL databases',
    modules: ['better-sqlite3', 'node:sqlite', 'bun:sqlite', 'sqlite3', 'sqlite', 'sql.js', '@sqlite.org/sqlite-wasm', '@electric-sql/pglite', 'duckdb', '@duckdb/node-api'],
  },
  // Drizzle over an embedded driver: the same builder calls as over its network drivers (databases.ts), in-process.
  {
    library: 'drizzle-orm (embedded drivers)',
    modules: ['drizzle-orm/better-sqlite3', 'drizzle-orm/bun-sqlite', 'drizzle-orm/sql-js', 'drizzle-orm/pglite', 'drizzle-orm/expo-sqlite', 'drizzle-orm/op-sqlite', 'drizzle-orm/durable-sqlite'],
  },
  { library: 'embedded key-value stores', modules: ['lmdb', 'level', 'classic-level', 'memory-level'] },
  // Not `keyv` or `cache-manager`: their store may be Redis or another server.
  { library: 'in-memory caches', modules: ['lru-cache', 'quick-lru', 'node-cache', 'tiny-lru', '@isaacs/ttlcache'] },
  { library: 'in-memory search and vector indexes', modules: ['hnswlib-node', 'faiss-node', 'usearch', 'vectra', 'flexsearch', 'minisearch', 'lunr', 'fuse.js'] },
  // In-process agent frameworks: invoking an agent or a graph is INTERNAL (GenAI conventions: invoke_agent is
  // CLIENT only for a remote agent service); the model and tool calls inside get spans of their own.
  { library: 'in-process agent frameworks', modules: ['@openai/agents', '@openai/agents-core', '@mastra/core', '@mastra/core/*', '@langchain/langgraph', 'llamaindex'] },
];
