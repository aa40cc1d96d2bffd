// RPC and GraphQL clients: gRPC stubs, Connect clients, graphql-request, Apollo Client.
import { trace } from '@opentelemetry/api';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createClient } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-node';
import { ElizaService } from './gen/eliza_pb';
import { request, gql, GraphQLClient } from 'graphql-request';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

const tracer = trace.getTracer('catalogue');

// gRPC: a stub built from a loaded package definition
const definition = protoLoader.loadSync('protos/inventory.proto', { keepCase: false, defaults: true });
const proto = grpc.loadPackageDefinition(definition) as any;
const inventory = new proto.shop.inventory.v1.Inventory('inventory.internal:50051', grpc.credentials.createInsecure());

export function reserve(sku: string, quantity: number): Promise<{ reservationId: string }> {
  return tracer.startActiveSpan('shop.inventory.v1.Inventory/Reserve', (span) => // expect: CLIENT
    new Promise((resolve, reject) => {
      const metadata = new grpc.Metadata();
      metadata.set('x-request-source', 'checkout');
      inventory.reserve({ sku, quantity }, metadata, { deadline: Date.now() + 2_000 }, (err: grpc.ServiceError | null, reply: { reservationId: string }) => {
        span.end();
        if (err) reject(err);
        else resolve(reply);
      });
    }),
  );
}

// Local gRPC plumbing (metadata, credentials) is not an RPC.
export function buildMetadata(tenant: string): grpc.Metadata {
  const span = tracer.startSpan('build metadata'); // expect: none
  try {
    const metadata = new grpc.Metadata();
    metadata.add('x-tenant', tenant);
    metadata.set('x-deadline-ms', '2000');
    return metadata;
  } finally {
    span.end();
  }
}

// Connect: createClient(Service, transport) -> one method per RPC
const transport = createConnectTransport({ baseUrl: 'https://demo.connectrpc.com', httpVersion: '2' });
const eliza = createClient(ElizaService, transport);

export function say(sentence: string): Promise<string> {
  return tracer.startActiveSpan('connectrpc.eliza.v1.ElizaService/Say', async (span) => { // expect: CLIENT
    try {
      const res = await eliza.say({ sentence });
      return res.sentence;
    } finally {
      span.end();
    }
  });
}

// graphql-request: the `request` function and a GraphQLClient
const PRODUCT = gql`
  query Product($id: ID!) {
    product(id: $id) { id name price }
  }
`;

export function getProduct(id: string): Promise<unknown> {
  return tracer.startActiveSpan('query Product', async (span) => { // expect: CLIENT
    try {
      return await request('https://catalog.example.com/graphql', PRODUCT, { id });
    } finally {
      span.end();
    }
  });
}

const catalog = new GraphQLClient('https://catalog.example.com/graphql', { headers: { authorization: 'Bearer token' } });

export function getProductRaw(id: string): Promise<unknown> {
  return tracer.startActiveSpan('query Product (raw)', async (span) => { // expect: CLIENT
    try {
      const { data } = await catalog.rawRequest<{ product: unknown }>(PRODUCT, { id });
      return data;
    } finally {
      span.end();
    }
  });
}

// Apollo Client: query and mutate; reading the cache stays local
const apollo = new ApolloClient({ link: new HttpLink({ uri: 'https://shop.example.com/graphql' }), cache: new InMemoryCache() });

const CART = gql`
  query Cart {
    cart { id items { sku quantity } }
  }
`;
const ADD_TO_CART = gql`
  mutation AddToCart($sku: String!) {
    addToCart(sku: $sku) { id }
  }
`;

export function loadCart(): Promise<unknown> {
  return tracer.startActiveSpan('query Cart', async (span) => { // expect: CLIENT
    try {
      const { data } = await apollo.query({ query: CART, fetchPolicy: 'network-only' });
      return data;
    } finally {
      span.end();
    }
  });
}

export function addToCart(sku: string): Promise<unknown> {
  return tracer.startActiveSpan('mutation AddToCart', async (span) => { // expect: CLIENT
    try {
      const { data } = await apollo.mutate({ mutation: ADD_TO_CART, variables: { sku } });
      return data;
    } finally {
      span.end();
    }
  });
}

export function cachedCart(): unknown {
  return tracer.startActiveSpan('read cached cart', (span) => { // expect: none
    try {
      return apollo.readQuery({ query: CART });
    } finally {
      span.end();
    }
  });
}
