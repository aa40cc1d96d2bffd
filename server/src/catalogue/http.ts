// HTTP and RPC clients: every call here leaves the process, so a span around it is CLIENT.
// Factories (`axios.create()`, `got.extend()`, `ky.create()`, `createClient(...)`, `new GraphQLClient()`)
// are never listed: the result of an evidence call is data, so listing one would lose the client it returns.
import type { CallRow, GlobalRow } from './types';

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'] as const;

/** @grpc/grpc-js members that are not RPCs: module helpers, credentials, metadata, channels, servers, calls. */
const GRPC_LOCAL = [
  'loadPackageDefinition', 'makeClientConstructor', 'makeGenericClientConstructor', 'loadObject', 'load',
  'setLogger', 'setLogVerbosity', 'closeClient', 'getClientChannel', 'waitForClientReady',
  'addAdminServicesToServer', 'getChannelzServiceDefinition', 'getChannelzHandlers',
  'createInsecure', 'createSsl', 'createFromSecureContext', 'createFromMetadataGenerator',
  'createFromGoogleCredential', 'createEmpty', 'combineChannelCredentials', 'combineCallCredentials', 'compose',
  'close', 'getChannel', 'waitForReady', 'getTarget', 'getConnectivityState', 'watchConnectivityState', 'createCall',
  'add', 'set', 'get', 'remove', 'getMap', 'clone', 'merge', 'toJSON', 'toString', 'getOptions', 'setOptions', 'getOpaque', 'setOpaque',
  'addService', 'addProtoService', 'removeService', 'bind', 'bindAsync', 'start', 'tryShutdown', 'forceShutdown',
  'register', 'unregister', 'unbind', 'drain', 'destroy', 'createConnectionInjector', 'injectConnection', 'getChannelzRef',
  'cancel', 'getPeer', 'getAuthContext', 'getDeadline', 'getPath', 'getHost', 'sendMetadata', 'write', 'end',
  'on', 'once', 'off', 'emit', 'removeListener', 'removeAllListeners', 'pipe',
  // Handler callback types (`callback: grpc.sendUnaryData<T>`) and the status builder.
  'sendUnaryData', 'requestCallback', 'withCode', 'withDetails', 'withMetadata', 'build',
] as const;

/**
 * @connectrpc/connect members that are not RPCs: client and router factories, errors, header helpers, and
 * the router, context values and headers a service implementation sees.
 */
const CONNECT_LOCAL = [
  'createClient', 'createPromiseClient', 'createCallbackClient', 'createRouterTransport', 'createConnectRouter',
  'createHandlerContext', 'createContextKey', 'createContextValues', 'createServiceImplSpec', 'createMethodImplSpec',
  'makeAnyClient', 'encodeBinaryHeader', 'decodeBinaryHeader', 'appendHeaders', 'cors', 'from', 'findDetails',
  'service', 'rpc', 'get', 'set', 'has', 'append', 'delete', 'forEach', 'abort', 'toString', 'toJSON',
] as const;

export const httpGlobals: GlobalRow[] = [{ library: 'fetch', globals: ['fetch'], kind: 'CLIENT' }];

export const httpCalls: CallRow[] = [
  {
    library: 'node http',
    modules: ['http', 'https', 'node:http', 'node:https'],
    kind: 'CLIENT',
    members: ['request', 'get'],
  },
  // `http2.connect()` is left out so that the session it returns stays traceable to `session.request()`.
  { library: 'node http2', modules: ['http2', 'node:http2'], kind: 'CLIENT', members: ['request'] },
  {
    library: 'axios',
    modules: ['axios'],
    kind: 'CLIENT',
    members: ['()', ...HTTP_VERBS, 'postForm', 'putForm', 'patchForm'],
  },
  // `got.paginate.all()` / `.each()` end in `all` / `each`.
  { library: 'got', modules: ['got'], kind: 'CLIENT', members: ['()', ...HTTP_VERBS, 'stream', 'paginate', 'all', 'each'] },
  // Also the dispatchers: `new Client(origin).request()`, `new Pool(origin).request()`, `new Agent().dispatch()`.
  {
    library: 'undici',
    modules: ['undici'],
    kind: 'CLIENT',
    members: ['request', 'fetch', 'stream', 'pipeline', 'connect', 'upgrade', 'dispatch'],
  },
  { library: 'node-fetch', modules: ['node-fetch'], kind: 'CLIENT', members: ['()'] },
  { library: 'ky', modules: ['ky'], kind: 'CLIENT', members: ['()', ...HTTP_VERBS] },
  { library: 'ofetch', modules: ['ofetch'], kind: 'CLIENT', members: ['()', 'ofetch', '$fetch', 'fetch', 'raw', 'native'] },
  { library: 'superagent', modules: ['superagent'], kind: 'CLIENT', members: ['()', ...HTTP_VERBS, 'del'] },
  {
    library: '@grpc/grpc-js',
    modules: ['@grpc/grpc-js'],
    kind: 'CLIENT',
    // Client stubs (`new pkg.Greeter(addr, creds)` from `loadPackageDefinition`) have one method per RPC,
    // named by the service, so any member counts except the library's own API.
    members: '*',
    except: GRPC_LOCAL,
  },
  {
    library: '@connectrpc/connect',
    modules: ['@connectrpc/connect', '@bufbuild/connect'],
    kind: 'CLIENT',
    // `createClient(Service, transport)` returns one method per RPC of the service.
    members: '*',
    except: CONNECT_LOCAL,
  },
  // `request(url, doc)`, the default export, and `new GraphQLClient(url).request(doc)`.
  { library: 'graphql-request', modules: ['graphql-request'], kind: 'CLIENT', members: ['()', 'request', 'rawRequest', 'batchRequests'] },
  // `readQuery`, `writeQuery`, `watchQuery` and the other cache members stay local.
  {
    library: '@apollo/client',
    modules: ['@apollo/client', '@apollo/client/core', 'apollo-client', 'apollo-boost'],
    kind: 'CLIENT',
    members: ['query', 'mutate', 'refetchQueries', 'refetchObservableQueries'],
  },
];
