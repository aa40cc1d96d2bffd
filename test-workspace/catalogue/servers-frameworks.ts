// Route handlers of the other HTTP frameworks: the outermost span of a handler is the request's SERVER span.
import { trace } from '@opentelemetry/api';
import Fastify from 'fastify';
import Koa from 'koa';
import Router from '@koa/router';
import { Hono } from 'hono';
import Hapi from '@hapi/hapi';

const tracer = trace.getTracer('catalogue');

const fastify = Fastify();
fastify.get('/health', async () =>
  tracer.startActiveSpan('GET /health', (span) => { // expect: SERVER
    span.end();
    return { ok: true };
  }),
);

const koa = new Koa();
const router = new Router();
router.get('/orders/:id', async (ctx: { params: { id: string }; body: unknown }) => {
  await tracer.startActiveSpan('GET /orders/:id', async (span) => { // expect: SERVER
    ctx.body = { id: ctx.params.id };
    span.end();
  });
});
koa.use(router.routes());

const hono = new Hono();
hono.post('/carts', async (c: { json(body: unknown): Response }) =>
  tracer.startActiveSpan('POST /carts', async (span) => { // expect: SERVER
    try {
      return c.json({ created: true });
    } finally {
      span.end();
    }
  }),
);

export async function startHapi() {
  const server = Hapi.server({ port: 3000 });
  server.route({
    method: 'GET',
    path: '/stock/{sku}',
    handler: (request: { params: { sku: string } }) =>
      tracer.startActiveSpan('GET /stock/{sku}', (span) => { // expect: SERVER
        span.end();
        return { sku: request.params.sku };
      }),
  });
  await server.start();
}
