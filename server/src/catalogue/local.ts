// Modules whose calls stay inside the process: they never leave a span's kind in doubt.
import type { LocalModuleRow } from './types';

const NODE_LOCAL = [
  'assert', 'buffer', 'crypto', 'events', 'fs', 'fs/promises', 'os', 'path', 'querystring', 'stream',
  'string_decoder', 'timers', 'timers/promises', 'url', 'util', 'zlib', 'perf_hooks', 'async_hooks',
];

export const localModules: LocalModuleRow[] = [
  { library: 'node', modules: [...NODE_LOCAL, ...NODE_LOCAL.map((m) => `node:${m}`)] },
  { library: 'OpenTelemetry', modules: ['@opentelemetry/*'] },
  { library: 'embedded stores', modules: ['better-sqlite3', 'node:sqlite', 'sql.js', 'lru-cache', 'hnswlib-node'] },
];
