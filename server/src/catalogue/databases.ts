// Database and cache drivers reached over the network: a span around one of these calls is CLIENT.
import type { CallRow } from './types';

const MONGO_MEMBERS = [
  'find', 'findOne', 'insertOne', 'insertMany', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne',
  'deleteMany', 'aggregate', 'countDocuments', 'estimatedDocumentCount', 'distinct', 'findOneAndUpdate',
  'findOneAndDelete', 'findOneAndReplace', 'bulkWrite', 'createIndex', 'watch', 'command',
] as const;

const PRISMA_MEMBERS = [
  'findMany', 'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'create', 'createMany',
  'createManyAndReturn', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany', 'count', 'aggregate',
  'groupBy', '$queryRaw', '$queryRawUnsafe', '$executeRaw', '$executeRawUnsafe', '$transaction',
] as const;

/** Redis client members that do not send a command. */
const REDIS_LOCAL = [
  'on', 'once', 'off', 'addListener', 'removeListener', 'removeAllListeners', 'emit', 'duplicate', 'multi',
  'pipeline', 'createClient', 'createCluster', 'defineCommand', 'isOpen', 'isReady',
] as const;

export const databaseCalls: CallRow[] = [
  { library: 'pg', modules: ['pg', 'pg-pool'], kind: 'CLIENT', members: ['query', 'connect'] },
  { library: 'postgres', modules: ['postgres'], kind: 'CLIENT', members: ['unsafe', 'begin', 'file'] },
  { library: 'mysql2', modules: ['mysql2', 'mysql2/promise'], kind: 'CLIENT', members: ['query', 'execute', 'getConnection'] },
  { library: 'mysql', modules: ['mysql'], kind: 'CLIENT', members: ['query', 'getConnection'] },
  { library: 'mongodb', modules: ['mongodb'], kind: 'CLIENT', members: [...MONGO_MEMBERS, 'connect'] },
  { library: 'mongoose', modules: ['mongoose'], kind: 'CLIENT', members: [...MONGO_MEMBERS, 'exec', 'save', 'connect'] },
  { library: 'ioredis', modules: ['ioredis'], kind: 'CLIENT', members: '*', except: REDIS_LOCAL },
  { library: 'redis', modules: ['redis', '@redis/client'], kind: 'CLIENT', members: '*', except: REDIS_LOCAL },
  { library: '@prisma/client', modules: ['@prisma/client'], kind: 'CLIENT', members: PRISMA_MEMBERS },
];
