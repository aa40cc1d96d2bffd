// Database and cache drivers reached over the network: a span around one of these calls is CLIENT.
// Embedded, in-process stores are not here: they are in local.ts (INTERNAL).
//
// Members that only build a handle (`createPool`, `db.collection(...)`, `pool.request()`, `driver.session()`)
// are deliberately left out: the result of an evidence call is plain data, so a handle must come from a
// non-evidence call to keep its module origin for the calls made on it later.
import type { CallRow } from './types';

/** MongoDB driver: Collection, Db, MongoClient and ClientSession operations. */
const MONGO_MEMBERS = [
  'find', 'findOne', 'insertOne', 'insertMany', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne',
  'deleteMany', 'aggregate', 'countDocuments', 'estimatedDocumentCount', 'count', 'distinct',
  'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'bulkWrite', 'createIndex', 'createIndexes',
  'dropIndex', 'dropIndexes', 'listIndexes', 'indexes', 'indexExists', 'watch', 'command', 'createCollection',
  'dropCollection', 'dropDatabase', 'listCollections', 'listDatabases', 'drop', 'rename', 'withTransaction',
  'commitTransaction', 'abortTransaction', 'connect',
] as const;

/** Mongoose on top of the driver's names: Model statics, document and query methods that run a query. */
const MONGOOSE_MEMBERS = [
  'findById', 'findByIdAndUpdate', 'findByIdAndDelete', 'findByIdAndRemove', 'findOneAndRemove', 'create',
  'exists', 'populate', 'save', 'exec', 'bulkSave', 'syncIndexes', 'ensureIndexes', 'startSession',
  'transaction',
] as const;

const PRISMA_MEMBERS = [
  'findMany', 'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'create', 'createMany',
  'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany',
  'count', 'aggregate', 'groupBy', 'findRaw', 'aggregateRaw', '$queryRaw', '$queryRawUnsafe', '$executeRaw',
  '$executeRawUnsafe', '$runCommandRaw', '$transaction', '$connect',
] as const;

/** Redis client members that do not send a command (events, factories, connection handles, modes). */
const REDIS_LOCAL = [
  'on', 'once', 'off', 'addListener', 'removeListener', 'removeAllListeners', 'prependListener',
  'prependOnceListener', 'listeners', 'rawListeners', 'listenerCount', 'eventNames', 'setMaxListeners',
  'getMaxListeners', 'emit', 'duplicate', 'multi', 'MULTI', 'pipeline', 'createClient', 'createCluster',
  'createSentinel', 'createClientPool', 'createPool', 'defineCommand', 'createBuiltinCommand',
  'withTypeMapping', 'withCommandOptions', 'withAbortSignal', 'asap', 'legacy', 'ref', 'unref', 'nodes',
  'getPubSubListeners', 'extendPubSubListeners', 'extendPubSubChannelListeners',
  // node-redis `connect()` resolves to the client itself: it stays a handle.
  'connect', 'disconnect', 'destroy', 'close',
] as const;

/** Publishing commands: PRODUCER rows in messaging.ts own them (pub/sub publish, stream append). */
const REDIS_PRODUCE = [
  'publish', 'PUBLISH', 'spublish', 'sPublish', 'SPUBLISH', 'xadd', 'xaddBuffer', 'xAdd', 'XADD', 'xAddNoMkStream',
  'XADD_NOMKSTREAM',
] as const;

/** Elasticsearch / OpenSearch client APIs (top level, namespaced such as `indices.create`, and helpers). */
const SEARCH_MEMBERS = [
  'search', 'index', 'get', 'bulk', 'update', 'delete', 'create', 'exists', 'count', 'mget', 'msearch',
  'scroll', 'clearScroll', 'deleteByQuery', 'updateByQuery', 'reindex', 'openPointInTime', 'closePointInTime',
  'searchTemplate', 'msearchTemplate', 'getSource', 'existsSource', 'explain', 'termvectors', 'mtermvectors',
  'fieldCaps', 'knnSearch', 'info', 'ping', 'health', 'refresh', 'putMapping', 'getMapping', 'putSettings',
  'getSettings', 'putAlias', 'updateAliases', 'putIndexTemplate', 'putTemplate', 'stats', 'forcemerge',
  'query', 'submit', 'indices', 'scrollSearch', 'scrollDocuments', 'request',
] as const;

/**
 * knex builds lazily and runs when the chain is awaited, so no member is "the" terminal. The builder
 * members that start a chain count, so that `db('users').where(...).first()` is evidence at `where`;
 * calling the instance itself (`db('users')`) cannot count: it is also how `knex(config)` is created.
 */
const KNEX_MEMBERS = [
  'select', 'first', 'pluck', 'insert', 'update', 'del', 'delete', 'upsert', 'increment', 'decrement',
  'truncate', 'count', 'countDistinct', 'min', 'max', 'sum', 'avg', 'where', 'andWhere', 'orWhere',
  'whereNot', 'whereIn', 'whereNotIn', 'whereNull', 'whereNotNull', 'whereBetween', 'whereExists',
  'whereRaw', 'whereLike', 'join', 'innerJoin', 'leftJoin', 'rightJoin', 'orderBy', 'groupBy', 'limit',
  'offset', 'distinct', 'from', 'into', 'table', 'columns', 'column', 'returning', 'with', 'withRecursive',
  'raw', 'transaction', 'then', 'stream', 'columnInfo', 'createTable', 'createTableIfNotExists', 'alterTable',
  'dropTable', 'dropTableIfExists', 'hasTable', 'hasColumn', 'renameTable', 'createSchema', 'latest',
  'rollback', 'up', 'down', 'run',
] as const;

const SEQUELIZE_MEMBERS = [
  'query', 'transaction', 'authenticate', 'sync', 'drop', 'truncate', 'findAll', 'findOne', 'findByPk',
  'findOrCreate', 'findOrBuild', 'findAndCountAll', 'findCreateFind', 'create', 'bulkCreate', 'update',
  'destroy', 'upsert', 'restore', 'count', 'max', 'min', 'sum', 'increment', 'decrement', 'aggregate', 'save',
  'reload',
] as const;

/** TypeORM Repository, EntityManager, DataSource, QueryRunner and SelectQueryBuilder calls that hit the database. */
const TYPEORM_MEMBERS = [
  'find', 'findBy', 'findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount',
  'findAndCountBy', 'findByIds', 'exist', 'exists', 'existsBy', 'count', 'countBy', 'sum', 'average',
  'minimum', 'maximum', 'save', 'insert', 'update', 'upsert', 'delete', 'remove', 'softDelete', 'softRemove',
  'restore', 'recover', 'increment', 'decrement', 'clear', 'preload', 'query', 'transaction', 'initialize',
  'synchronize', 'runMigrations', 'undoLastMigration', 'dropDatabase', 'getMany', 'getOne', 'getOneOrFail',
  'getRawMany', 'getRawOne', 'getCount', 'getManyAndCount', 'getExists', 'execute', 'stream', 'connect',
  'startTransaction', 'commitTransaction', 'rollbackTransaction',
] as const;

/** Drizzle drivers that reach a database server (the embedded ones are in local.ts). */
const DRIZZLE_REMOTE = [
  'drizzle-orm/node-postgres', 'drizzle-orm/postgres-js', 'drizzle-orm/neon-http', 'drizzle-orm/neon-serverless',
  'drizzle-orm/vercel-postgres', 'drizzle-orm/aws-data-api/pg', 'drizzle-orm/pg-proxy', 'drizzle-orm/xata-http',
  'drizzle-orm/bun-sql', 'drizzle-orm/gel', 'drizzle-orm/netlify-db', 'drizzle-orm/mysql2', 'drizzle-orm/mysql-proxy',
  'drizzle-orm/planetscale-serverless', 'drizzle-orm/tidb-serverless', 'drizzle-orm/singlestore',
  'drizzle-orm/singlestore-proxy', 'drizzle-orm/sqlite-proxy', 'drizzle-orm/d1', 'drizzle-orm/libsql',
  'drizzle-orm/libsql/http', 'drizzle-orm/libsql/ws', 'drizzle-orm/libsql/web', 'drizzle-orm/libsql/node',
];

/** Drizzle queries are thenables: the database methods that start one count (a chain is evidence once). */
const DRIZZLE_MEMBERS = [
  'select', 'selectDistinct', 'selectDistinctOn', 'insert', 'update', 'delete', 'execute', 'transaction',
  'batch', 'run', 'all', 'get', 'values', '$count', 'findMany', 'findFirst', 'refreshMaterializedView',
] as const;

/** Supabase: PostgREST table calls, RPC, Storage, Auth and Edge Functions, all HTTP to the project. */
const SUPABASE_MEMBERS = [
  'select', 'insert', 'update', 'upsert', 'delete', 'rpc', 'invoke', 'upload', 'download', 'list', 'remove',
  'move', 'copy', 'createSignedUrl', 'createSignedUrls', 'createSignedUploadUrl', 'uploadToSignedUrl',
  'createBucket', 'getBucket', 'listBuckets', 'updateBucket', 'deleteBucket', 'emptyBucket', 'signUp',
  'signInWithPassword', 'signInWithOtp', 'signInWithIdToken', 'signOut', 'verifyOtp', 'getUser', 'updateUser',
  'refreshSession', 'exchangeCodeForSession', 'resetPasswordForEmail', 'createUser', 'deleteUser', 'listUsers',
  'getUserById', 'updateUserById', 'inviteUserByEmail', 'generateLink',
] as const;

/** Firestore (server SDKs): document, collection, query, transaction and batch operations. */
const FIRESTORE_MEMBERS = [
  'get', 'set', 'update', 'delete', 'create', 'add', 'getAll', 'listDocuments', 'listCollections',
  'runTransaction', 'commit', 'recursiveDelete', 'stream', 'flush',
] as const;

export const databaseCalls: CallRow[] = [
  // SQL drivers
  { library: 'pg', modules: ['pg', 'pg-pool'], kind: 'CLIENT', members: ['query', 'connect'] },
  {
    library: 'pg-promise',
    modules: ['pg-promise'],
    kind: 'CLIENT',
    members: ['query', 'none', 'one', 'many', 'oneOrNone', 'manyOrNone', 'any', 'result', 'multiResult', 'multi', 'stream', 'func', 'proc', 'map', 'each', 'task', 'taskIf', 'tx', 'txIf', 'connect'],
  },
  // porsager/postgres: the tagged template `sql\`...\`` is not a call the engine sees; these are its call forms.
  // `` sql`...` ``: the tagged template runs the query.
  { library: 'postgres', modules: ['postgres'], kind: 'CLIENT', members: ['``', 'unsafe', 'begin', 'file', 'listen', 'notify', 'subscribe'] },
  { library: '@neondatabase/serverless', modules: ['@neondatabase/serverless'], kind: 'CLIENT', members: ['``', 'query', 'connect', 'transaction'] },
  { library: '@vercel/postgres', modules: ['@vercel/postgres'], kind: 'CLIENT', members: ['sql', 'query', 'connect'] },
  {
    library: 'mysql2',
    modules: ['mysql2', 'mysql2/promise'],
    kind: 'CLIENT',
    members: ['query', 'execute', 'getConnection', 'prepare', 'unprepare', 'beginTransaction', 'commit', 'rollback', 'ping', 'changeUser'],
  },
  {
    library: 'mysql',
    modules: ['mysql'],
    kind: 'CLIENT',
    members: ['query', 'getConnection', 'connect', 'beginTransaction', 'commit', 'rollback', 'ping', 'changeUser'],
  },
  {
    library: 'mariadb',
    modules: ['mariadb', 'mariadb/callback'],
    kind: 'CLIENT',
    members: ['query', 'execute', 'batch', 'queryStream', 'prepare', 'getConnection', 'beginTransaction', 'commit', 'rollback', 'ping', 'changeUser', 'importFile'],
  },
  // `sql.connect(config)` resolves to the pool handle, so it does not count.
  {
    library: 'mssql',
    modules: ['mssql', 'mssql/msnodesqlv8'],
    kind: 'CLIENT',
    members: ['query', 'execute', 'batch', 'bulk', 'begin', 'commit', 'rollback', 'prepare', 'unprepare'],
  },
  {
    library: 'tedious',
    modules: ['tedious'],
    kind: 'CLIENT',
    members: ['connect', 'execSql', 'execSqlBatch', 'callProcedure', 'execBulkLoad', 'prepare', 'execute', 'unprepare', 'beginTransaction', 'commitTransaction', 'rollbackTransaction', 'saveTransaction', 'transaction', 'reset'],
  },
  {
    library: 'oracledb',
    modules: ['oracledb'],
    kind: 'CLIENT',
    members: ['getConnection', 'execute', 'executeMany', 'queryStream', 'commit', 'rollback', 'ping', 'getStatementInfo', 'changePassword'],
  },

  // Document, wide-column, search and graph databases
  { library: 'mongodb', modules: ['mongodb'], kind: 'CLIENT', members: MONGO_MEMBERS },
  { library: 'mongoose', modules: ['mongoose'], kind: 'CLIENT', members: [...MONGO_MEMBERS, ...MONGOOSE_MEMBERS] },
  {
    library: 'cassandra-driver',
    modules: ['cassandra-driver'],
    kind: 'CLIENT',
    // Client queries, then ModelMapper (`mapper.forModel('User').find(...)`) operations.
    members: ['execute', 'batch', 'stream', 'eachRow', 'connect', 'find', 'findAll', 'get', 'insert', 'update', 'remove'],
  },
  { library: '@elastic/elasticsearch', modules: ['@elastic/elasticsearch'], kind: 'CLIENT', members: SEARCH_MEMBERS },
  { library: '@opensearch-project/opensearch', modules: ['@opensearch-project/opensearch'], kind: 'CLIENT', members: SEARCH_MEMBERS },
  {
    library: 'neo4j-driver',
    // Driver, Session and Transaction are declared in neo4j-driver-core (what a declared type resolves to).
    modules: ['neo4j-driver', 'neo4j-driver-lite', 'neo4j-driver-core'],
    kind: 'CLIENT',
    // `session.beginTransaction()` returns the transaction handle; its `run`/`commit` count.
    members: ['run', 'executeQuery', 'executeRead', 'executeWrite', 'readTransaction', 'writeTransaction', 'commit', 'rollback', 'verifyConnectivity', 'verifyAuthentication', 'getServerInfo'],
  },

  // Caches and key-value servers: every client member is a command except the local ones.
  { library: 'ioredis', modules: ['ioredis'], kind: 'CLIENT', members: '*', except: [...REDIS_LOCAL, ...REDIS_PRODUCE] },
  { library: 'redis', modules: ['redis', '@redis/client'], kind: 'CLIENT', members: '*', except: [...REDIS_LOCAL, ...REDIS_PRODUCE] },
  { library: '@upstash/redis', modules: ['@upstash/redis'], kind: 'CLIENT', members: '*', except: [...REDIS_LOCAL, 'fromEnv', 'createScript'] },
  {
    library: 'memcached',
    modules: ['memcached'],
    kind: 'CLIENT',
    members: ['get', 'gets', 'getMulti', 'set', 'add', 'replace', 'cas', 'append', 'prepend', 'incr', 'increment', 'decr', 'decrement', 'del', 'touch', 'flush', 'flushAll', 'stats', 'settings', 'slabs', 'items', 'cachedump', 'version'],
  },
  {
    library: 'memjs',
    modules: ['memjs'],
    kind: 'CLIENT',
    members: ['get', 'getMulti', 'set', 'add', 'replace', 'delete', 'increment', 'decrement', 'append', 'prepend', 'touch', 'flush', 'stats', 'version', 'versionAll'],
  },

  // Query builders and ORMs
  { library: 'knex', modules: ['knex'], kind: 'CLIENT', members: KNEX_MEMBERS },
  {
    library: 'kysely',
    modules: ['kysely'],
    kind: 'CLIENT',
    // Builders (`selectFrom`, `where` ...) are lazy; the query runs at its execute call.
    members: ['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow', 'stream', 'explain'],
  },
  { library: 'sequelize', modules: ['sequelize', '@sequelize/core'], kind: 'CLIENT', members: SEQUELIZE_MEMBERS },
  // `repository.create(...)` and `merge(...)` only build entities in memory: not listed.
  { library: 'typeorm', modules: ['typeorm'], kind: 'CLIENT', members: TYPEORM_MEMBERS },
  { library: 'drizzle-orm', modules: DRIZZLE_REMOTE, kind: 'CLIENT', members: DRIZZLE_MEMBERS },
  // `.prisma`: the generated client in node_modules/.prisma/client, as a declared type names its package.
  { library: '@prisma/client', modules: ['@prisma/client', '@prisma/client/*', '.prisma/client', '.prisma'], kind: 'CLIENT', members: PRISMA_MEMBERS },
  { library: '@supabase/supabase-js', modules: ['@supabase/supabase-js', '@supabase/ssr'], kind: 'CLIENT', members: SUPABASE_MEMBERS },

  // Google Cloud data services
  { library: 'firestore', modules: ['@google-cloud/firestore', 'firebase-admin/firestore'], kind: 'CLIENT', members: FIRESTORE_MEMBERS },
  {
    library: 'firebase/firestore',
    modules: ['firebase/firestore', 'firebase/firestore/lite', '@firebase/firestore'],
    kind: 'CLIENT',
    // The modular web SDK: functions of the module. `getDocFromCache` reads the local cache: not listed.
    members: ['getDoc', 'getDocs', 'getDocFromServer', 'getDocsFromServer', 'setDoc', 'addDoc', 'updateDoc', 'deleteDoc', 'runTransaction', 'getCountFromServer', 'getAggregateFromServer', 'commit'],
  },
  {
    library: '@google-cloud/bigquery',
    modules: ['@google-cloud/bigquery'],
    kind: 'CLIENT',
    // `bigquery.dataset(...)`, `dataset.table(...)` and `bigquery.job(...)` are local handles.
    members: ['query', 'createQueryJob', 'createJob', 'getQueryResults', 'getDatasets', 'getJobs', 'createDataset', 'createTable', 'getTables', 'insert', 'getRows', 'load', 'createLoadJob', 'createCopyJob', 'createExtractJob', 'copy', 'copyFrom', 'extract', 'create', 'get', 'exists', 'delete', 'getMetadata', 'setMetadata', 'cancel'],
  },
];
