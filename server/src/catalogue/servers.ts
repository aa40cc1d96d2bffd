// Server entry points: the callback registered here handles an incoming request, so the request's own
// (outermost) span inside it is SERVER. Functions that are entry points by declaration are EntryRows.
import type { EntryRow, HandlerRow } from './types';

const ROUTE_MEMBERS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use'] as const;
const HTTP_METHOD_EXPORTS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export const serverHandlers: HandlerRow[] = [
  { library: 'express', modules: ['express'], kind: 'SERVER', members: ROUTE_MEMBERS, handlerIn: 'arguments', byName: 'routePath' },
  { library: 'fastify', modules: ['fastify'], kind: 'SERVER', members: ROUTE_MEMBERS, handlerIn: 'arguments', byName: 'routePath' },
  { library: 'fastify', modules: ['fastify'], kind: 'SERVER', members: ['route'], handlerIn: { properties: ['handler'] } },
  { library: 'koa', modules: ['koa', '@koa/router', 'koa-router'], kind: 'SERVER', members: ROUTE_MEMBERS, handlerIn: 'arguments', byName: 'routePath' },
  { library: 'hono', modules: ['hono'], kind: 'SERVER', members: ROUTE_MEMBERS, handlerIn: 'arguments', byName: 'routePath' },
  { library: 'restify', modules: ['restify'], kind: 'SERVER', members: [...ROUTE_MEMBERS, 'patch'], handlerIn: 'arguments', byName: 'routePath' },
  { library: '@hapi/hapi', modules: ['@hapi/hapi'], kind: 'SERVER', members: ['route'], handlerIn: { properties: ['handler'] } },
  {
    library: 'node http',
    modules: ['http', 'https', 'http2', 'node:http', 'node:https', 'node:http2'],
    kind: 'SERVER',
    members: ['createServer', 'createSecureServer'],
    handlerIn: 'arguments',
  },
  { library: '@grpc/grpc-js', modules: ['@grpc/grpc-js'], kind: 'SERVER', members: ['addService'], handlerIn: { properties: ['*'] } },
  { library: '@azure/functions', modules: ['@azure/functions'], kind: 'SERVER', members: ['http', 'get', 'post', 'put', 'patch', 'deleteRequest'], handlerIn: { properties: ['handler'] } },
  {
    library: '@azure/functions',
    modules: ['@azure/functions'],
    kind: 'CONSUMER',
    members: ['serviceBusQueue', 'serviceBusTopic', 'storageQueue', 'eventHub', 'eventGrid', 'cosmosDB'],
    handlerIn: { properties: ['handler'] },
  },
  { library: '@google-cloud/functions-framework', modules: ['@google-cloud/functions-framework'], kind: 'SERVER', members: ['http'], handlerIn: 'arguments' },
  { library: '@google-cloud/functions-framework', modules: ['@google-cloud/functions-framework'], kind: 'CONSUMER', members: ['cloudEvent'], handlerIn: 'arguments' },
  {
    library: '@modelcontextprotocol/sdk',
    modules: ['@modelcontextprotocol/sdk/server/mcp.js', '@modelcontextprotocol/sdk/server/index.js', '@modelcontextprotocol/sdk/server/mcp', '@modelcontextprotocol/sdk/server/index'],
    kind: 'SERVER',
    members: ['tool', 'registerTool', 'resource', 'registerResource', 'prompt', 'registerPrompt', 'setRequestHandler'],
    handlerIn: 'arguments',
  },
];

export const serverEntries: EntryRow[] = [
  { library: 'NestJS', kind: 'SERVER', modules: ['@nestjs/common'], decorators: ['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'All'] },
  { library: 'NestJS', kind: 'SERVER', modules: ['@nestjs/microservices'], decorators: ['GrpcMethod', 'GrpcStreamMethod'] },
  { library: 'NestJS', kind: 'CONSUMER', modules: ['@nestjs/microservices'], decorators: ['MessagePattern', 'EventPattern'] },
  { library: 'Next.js', kind: 'SERVER', filePattern: /(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$/, exportNames: HTTP_METHOD_EXPORTS },
  { library: 'Next.js', kind: 'SERVER', filePattern: /(^|\/)pages\/api\/.+\.[cm]?[jt]sx?$/, exportNames: ['default'] },
  {
    library: 'AWS Lambda',
    kind: 'SERVER',
    modules: ['aws-lambda'],
    types: [
      'APIGatewayProxyEvent', 'APIGatewayProxyEventV2', 'ALBEvent', 'LambdaFunctionURLEvent',
      'APIGatewayProxyHandler', 'APIGatewayProxyHandlerV2', 'ALBHandler', 'LambdaFunctionURLHandler',
    ],
  },
  {
    // A queue- or stream-triggered function processes messages: CONSUMER, per the messaging conventions.
    library: 'AWS Lambda',
    kind: 'CONSUMER',
    modules: ['aws-lambda'],
    types: [
      'SQSEvent', 'SNSEvent', 'KinesisStreamEvent', 'DynamoDBStreamEvent', 'EventBridgeEvent', 'MSKEvent',
      'SQSHandler', 'SNSHandler', 'KinesisStreamHandler', 'DynamoDBStreamHandler', 'EventBridgeHandler', 'MSKHandler',
    ],
  },
];
