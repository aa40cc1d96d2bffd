// Server entry points: the callback registered here handles an incoming request, so the request's own
// (outermost) span inside it is SERVER.
import type { HandlerRow } from './types';

const ROUTE_MEMBERS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use'] as const;

export const serverHandlers: HandlerRow[] = [
  { library: 'express', modules: ['express'], kind: 'SERVER', members: ROUTE_MEMBERS, handlerIn: 'arguments', byName: 'routePath' },
  { library: 'fastify', modules: ['fastify'], kind: 'SERVER', members: ROUTE_MEMBERS, handlerIn: 'arguments', byName: 'routePath' },
  { library: 'fastify', modules: ['fastify'], kind: 'SERVER', members: ['route'], handlerIn: { properties: ['handler'] } },
  { library: 'koa', modules: ['koa', '@koa/router', 'koa-router'], kind: 'SERVER', members: ROUTE_MEMBERS, handlerIn: 'arguments', byName: 'routePath' },
  { library: 'hono', modules: ['hono'], kind: 'SERVER', members: ROUTE_MEMBERS, handlerIn: 'arguments', byName: 'routePath' },
  { library: '@hapi/hapi', modules: ['@hapi/hapi'], kind: 'SERVER', members: ['route'], handlerIn: { properties: ['handler'] } },
  {
    library: 'node http',
    modules: ['http', 'https', 'http2', 'node:http', 'node:https', 'node:http2'],
    kind: 'SERVER',
    members: ['createServer', 'createSecureServer'],
    handlerIn: 'arguments',
  },
  { library: '@grpc/grpc-js', modules: ['@grpc/grpc-js'], kind: 'SERVER', members: ['addService'], handlerIn: { properties: ['*'] } },
];
