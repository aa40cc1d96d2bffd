// HTTP and RPC clients: every call here leaves the process, so a span around it is CLIENT.
import type { CallRow, GlobalRow } from './types';

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'] as const;

export const httpGlobals: GlobalRow[] = [{ library: 'fetch', globals: ['fetch'], kind: 'CLIENT' }];

export const httpCalls: CallRow[] = [
  {
    library: 'node http',
    modules: ['http', 'https', 'node:http', 'node:https'],
    kind: 'CLIENT',
    members: ['request', 'get'],
  },
  { library: 'node http2', modules: ['http2', 'node:http2'], kind: 'CLIENT', members: ['connect'] },
  {
    library: 'axios',
    modules: ['axios'],
    kind: 'CLIENT',
    members: ['()', ...HTTP_VERBS, 'postForm', 'putForm', 'patchForm'],
  },
  { library: 'got', modules: ['got'], kind: 'CLIENT', members: ['()', ...HTTP_VERBS, 'stream', 'paginate'] },
  { library: 'undici', modules: ['undici'], kind: 'CLIENT', members: ['request', 'fetch', 'stream', 'pipeline', 'connect'] },
  { library: 'node-fetch', modules: ['node-fetch'], kind: 'CLIENT', members: ['()'] },
  { library: 'ky', modules: ['ky'], kind: 'CLIENT', members: ['()', ...HTTP_VERBS] },
  { library: 'ofetch', modules: ['ofetch'], kind: 'CLIENT', members: ['()', 'ofetch', '$fetch', 'raw'] },
  { library: 'superagent', modules: ['superagent'], kind: 'CLIENT', members: ['()', ...HTTP_VERBS, 'del'] },
  {
    library: '@grpc/grpc-js',
    modules: ['@grpc/grpc-js'],
    kind: 'CLIENT',
    // Generated client stubs expose one method per RPC; these are the generic Client calls.
    members: ['makeUnaryRequest', 'makeClientStreamRequest', 'makeServerStreamRequest', 'makeBidiStreamRequest'],
  },
];
