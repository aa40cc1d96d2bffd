// Serverless and RPC entry points registered by call: Azure Functions, Google Cloud Functions,
// restify routes, gRPC service implementations and Model Context Protocol server tools.
import { trace, SpanKind } from '@opentelemetry/api';
import { app } from '@azure/functions';
import * as functions from '@google-cloud/functions-framework';
import * as grpc from '@grpc/grpc-js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import restify from 'restify';

const tracer = trace.getTracer('catalogue');

app.http('getInventory', {
  methods: ['GET'],
  handler: async (request: { url: string }) =>
    tracer.startActiveSpan('GET /inventory', { kind: SpanKind.SERVER }, async (span) => { // expect: SERVER
      try {
        return { jsonBody: { url: request.url } };
      } finally {
        span.end();
      }
    }),
});

app.serviceBusQueue('restock', {
  queueName: 'restock',
  connection: 'ServiceBus',
  handler: async (message: unknown) => {
    await tracer.startActiveSpan('restock process', { kind: SpanKind.CONSUMER }, async (span) => { // expect: CONSUMER
      console.log(message);
      span.end();
    });
  },
});

functions.http('quote', (req: { query: unknown }, res: { send(body: unknown): void }) => {
  tracer.startActiveSpan('GET /quote', { kind: SpanKind.SERVER }, (span) => { // expect: SERVER
    res.send({ query: req.query });
    span.end();
  });
});

functions.cloudEvent('onUpload', (event: { data: unknown }) => {
  tracer.startActiveSpan('upload process', { kind: SpanKind.CONSUMER }, (span) => { // expect: CONSUMER
    console.log(event.data);
    span.end();
  });
});

const server = restify.createServer();
server.get('/stock/:sku', (req: { params: { sku: string } }, res: { send(body: unknown): void }, next: () => void) => {
  tracer.startActiveSpan('GET /stock/:sku', { kind: SpanKind.SERVER }, (span) => { // expect: SERVER
    res.send({ sku: req.params.sku });
    span.end();
  });
  next();
});

const grpcServer = new grpc.Server();
declare const inventoryService: grpc.ServiceDefinition;
grpcServer.addService(inventoryService, {
  getStock(call: { request: { sku: string } }, callback: (err: null, reply: { level: number }) => void) {
    tracer.startActiveSpan('inventory.Inventory/GetStock', { kind: SpanKind.SERVER }, (span) => { // expect: SERVER
      callback(null, { level: call.request.sku.length });
      span.end();
    });
  },
});

const mcp = new McpServer({ name: 'inventory', version: '1.0.0' });
mcp.tool('lookup_stock', async () =>
  tracer.startActiveSpan('tools/call lookup_stock', { kind: SpanKind.SERVER }, async (span) => { // expect: SERVER
    try {
      return { content: [{ type: 'text' as const, text: 'in stock' }] };
    } finally {
      span.end();
    }
  }),
);
