// LLM provider SDKs, AI frameworks, vector databases and MCP clients: every call here reaches a model
// provider, a vector store or a tool server over the network, so a span around it is CLIENT.
// Models and vector indexes that run in the process are INTERNAL and live in local.ts. Handle getters
// (`pc.index()`, `client.collections.get()`, `model.bindTools()`) are never listed, so the objects they
// return stay traceable to the calls made on them.
import type { CallRow } from './types';

/** Client members that configure rather than call the API (shared by the Stainless-generated SDKs). */
const SDK_LOCAL = ['withOptions', 'buildRequest', 'buildURL', 'toFile', 'on', 'once', 'off', 'emit', 'toJSON', 'toString'] as const;

/** `client.webhooks.unwrap()` / `verifySignature()` check a signature locally. */
const OPENAI_LOCAL = [...SDK_LOCAL, 'toStreamingFile', 'unwrap', 'verifySignature'] as const;

const ANTHROPIC_LOCAL = [...SDK_LOCAL, 'betaRefusalFallbackMiddleware'] as const;

/** @google/genai content builders and helpers, and a chat's local history. */
const GENAI_LOCAL = [
  'createUserContent', 'createModelContent', 'createPartFromText', 'createPartFromUri', 'createPartFromBase64',
  'createPartFromFunctionCall', 'createPartFromFunctionResponse', 'createPartFromCodeExecutionResult',
  'createPartFromExecutableCode', 'createFunctionResponsePartFromBase64', 'createFunctionResponsePartFromUri',
  'mcpToTool', 'setDefaultBaseUrls', 'getHistory', 'on', 'once', 'off', 'toJSON', 'toString',
] as const;

/** Vercel AI SDK calls that run a model (named imports: `generateText({ model, prompt })`). */
const VERCEL_AI = [
  'generateText', 'streamText', 'generateObject', 'streamObject', 'embed', 'embedMany', 'rerank',
  'generateImage', 'experimental_generateImage', 'generateSpeech', 'experimental_generateSpeech',
  'transcribe', 'experimental_transcribe', 'experimental_generateVideo',
] as const;

/**
 * LangChain runnables (chat models, LLMs, retrievers, chains piped from a model), embeddings and vector
 * stores. `pipe`, `bindTools`, `withStructuredOutput`, `asRetriever` build new runnables locally.
 */
const LANGCHAIN_MEMBERS = [
  'invoke', 'stream', 'batch', 'streamEvents', 'streamLog', 'generate', 'generatePrompt', 'call', 'predict',
  'predictMessages', 'getRelevantDocuments', 'embedQuery', 'embedDocuments', 'similaritySearch',
  'similaritySearchWithScore', 'similaritySearchVectorWithScore', 'maxMarginalRelevanceSearch', 'addDocuments',
  'addVectors', 'delete', 'fromDocuments', 'fromTexts',
] as const;

/**
 * LangChain integrations that reach a remote provider or store. Listed one by one: the community package
 * also holds in-process models and indexes (llama_cpp, webllm, huggingface_transformers, hnswlib, faiss).
 */
const LANGCHAIN_REMOTE = [
  '@langchain/openai', '@langchain/anthropic', '@langchain/google-genai', '@langchain/google-vertexai',
  '@langchain/mistralai', '@langchain/groq', '@langchain/cohere', '@langchain/aws', '@langchain/ollama',
  '@langchain/xai', '@langchain/deepseek', '@langchain/pinecone', '@langchain/qdrant', '@langchain/weaviate',
  '@langchain/mongodb', '@langchain/redis', 'langchain/chat_models/universal',
  '@langchain/community/chat_models/bedrock', '@langchain/community/chat_models/togetherai',
  '@langchain/community/chat_models/fireworks', '@langchain/community/chat_models/deepinfra',
  '@langchain/community/chat_models/perplexity', '@langchain/community/llms/bedrock',
  '@langchain/community/llms/replicate', '@langchain/community/embeddings/voyage',
  '@langchain/community/embeddings/jina', '@langchain/community/embeddings/hf',
  '@langchain/community/vectorstores/pgvector', '@langchain/community/vectorstores/chroma',
  '@langchain/community/vectorstores/milvus', '@langchain/community/vectorstores/supabase',
  '@langchain/community/vectorstores/elasticsearch', '@langchain/community/vectorstores/opensearch',
  '@langchain/community/vectorstores/neo4j_vector', '@langchain/community/vectorstores/astradb',
  '@langchain/community/vectorstores/azure_aisearch', '@langchain/community/vectorstores/upstash',
  '@langchain/community/vectorstores/typesense', '@langchain/community/vectorstores/cassandra',
  '@langchain/community/vectorstores/vercel_postgres', '@langchain/community/vectorstores/turbopuffer',
];

/** Pinecone handles: `pc.index(name)`, `index.namespace(ns)`, `pc.assistant(name)`. */
const PINECONE_LOCAL = ['index', 'Index', 'namespace', 'assistant', 'Assistant', 'getConfig', 'toJSON', 'toString'] as const;

/** Weaviate v3 collection operations (`client.collections.get('X')` is a local handle), and v2's `.do()`. */
const WEAVIATE_MEMBERS = [
  'fetchObjects', 'fetchObjectById', 'nearText', 'nearVector', 'nearObject', 'nearImage', 'nearMedia', 'hybrid',
  'bm25', 'overAll', 'insert', 'insertMany', 'deleteById', 'deleteMany', 'update', 'replace', 'exists',
  'referenceAdd', 'referenceAddMany', 'referenceDelete', 'referenceReplace', 'length', 'create',
  'createFromSchema', 'delete', 'deleteAll', 'listAll', 'isReady', 'isLive', 'getMeta', 'do',
] as const;

/** Chroma: collection record operations and the client's collection management. */
const CHROMA_MEMBERS = [
  'add', 'upsert', 'update', 'delete', 'get', 'query', 'search', 'count', 'peek', 'modify', 'fork',
  'getIndexingStatus', 'createCollection', 'getCollection', 'getOrCreateCollection', 'deleteCollection',
  'listCollections', 'countCollections', 'heartbeat', 'version', 'reset',
] as const;

/** Milvus: data and collection calls of `MilvusClient` (its module also exports local vector helpers). */
const MILVUS_MEMBERS = [
  'search', 'hybridSearch', 'searchIterator', 'query', 'queryIterator', 'get', 'count', 'insert', 'upsert',
  'delete', 'deleteEntities', 'createCollection', 'dropCollection', 'hasCollection', 'describeCollection',
  'showCollections', 'loadCollection', 'loadCollectionSync', 'loadCollectionAsync', 'releaseCollection',
  'renameCollection', 'getCollectionStatistics', 'getLoadState', 'createIndex', 'dropIndex', 'describeIndex',
  'listIndexes', 'createPartition', 'dropPartition', 'hasPartition', 'listPartitions', 'loadPartitions',
  'releasePartitions', 'flush', 'flushSync', 'compact', 'bulkInsert', 'createDatabase', 'dropDatabase',
  'listDatabases', 'describeDatabase', 'checkHealth', 'getVersion',
] as const;

/** Model Context Protocol client requests (over stdio or HTTP, the tool server is another process). */
const MCP_CLIENT = [
  'connect', 'callTool', 'listTools', 'listPrompts', 'getPrompt', 'listResources', 'listResourceTemplates',
  'readResource', 'subscribeResource', 'unsubscribeResource', 'complete', 'ping', 'setLoggingLevel', 'request',
  'notification', 'sendRootsListChanged',
] as const;

export const aiCalls: CallRow[] = [
  { library: 'openai', modules: ['openai'], kind: 'CLIENT', members: '*', except: OPENAI_LOCAL },
  {
    library: '@anthropic-ai/sdk',
    modules: ['@anthropic-ai/sdk', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk'],
    kind: 'CLIENT',
    members: '*',
    except: ANTHROPIC_LOCAL,
  },
  // `ai.chats.create()` is local but cannot be told from the remote `ai.caches.create()`: it counts as a
  // call, so a chat kept across requests is not traced to its `sendMessage` (the span stays unflagged).
  { library: '@google/genai', modules: ['@google/genai'], kind: 'CLIENT', members: '*', except: GENAI_LOCAL },
  {
    library: '@google/generative-ai',
    modules: ['@google/generative-ai'],
    kind: 'CLIENT',
    members: ['generateContent', 'generateContentStream', 'countTokens', 'embedContent', 'batchEmbedContents', 'sendMessage', 'sendMessageStream'],
  },
  { library: 'Vercel AI SDK', modules: ['ai'], kind: 'CLIENT', members: VERCEL_AI },
  { library: 'langchain', modules: LANGCHAIN_REMOTE, kind: 'CLIENT', members: LANGCHAIN_MEMBERS },
  { library: '@pinecone-database/pinecone', modules: ['@pinecone-database/pinecone'], kind: 'CLIENT', members: '*', except: PINECONE_LOCAL },
  {
    library: '@qdrant/js-client-rest',
    modules: ['@qdrant/js-client-rest', '@qdrant/qdrant-js'],
    kind: 'CLIENT',
    members: '*',
    except: ['api', 'withHeaders', 'toJSON', 'toString'],
  },
  // `weaviate.connectToLocal()` / `connectToWeaviateCloud()` are left out so that the client they return
  // (usually made once at startup) stays traceable.
  { library: 'weaviate-client', modules: ['weaviate-client', 'weaviate-ts-client'], kind: 'CLIENT', members: WEAVIATE_MEMBERS },
  { library: 'chromadb', modules: ['chromadb'], kind: 'CLIENT', members: CHROMA_MEMBERS },
  { library: '@zilliz/milvus2-sdk-node', modules: ['@zilliz/milvus2-sdk-node'], kind: 'CLIENT', members: MILVUS_MEMBERS },
  { library: '@modelcontextprotocol/sdk', modules: ['@modelcontextprotocol/sdk/client/*'], kind: 'CLIENT', members: MCP_CLIENT },
];
