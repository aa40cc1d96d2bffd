'use strict';
// Legacy carrier webhook receiver on plain node:http, kept until the carriers move to the v2 API.
// It forwards each status update to the orders API.
const http = require('node:http');
const { trace, context, propagation, SpanKind } = require('@opentelemetry/api');

const tracer = trace.getTracer('orders-legacy');
const ORDERS_API_URL = process.env.ORDERS_API_URL || 'http://localhost:8080';

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function postJson(url, payload) {
  const body = JSON.stringify(payload);
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  propagation.inject(context.active(), headers);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy(new Error(`POST ${url} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

const server = http.createServer((req, res) => {
  const parent = propagation.extract(context.active(), req.headers);
  tracer.startActiveSpan('POST /carrier-webhook', { kind: SpanKind.SERVER, attributes: { 'url.path': req.url } }, parent, async (span) => { // expect: SERVER
    try {
      const update = JSON.parse(await readBody(req));
      const status = await tracer.startActiveSpan('POST /shipments', { kind: SpanKind.CLIENT }, async (forward) => { // expect: CLIENT
        try {
          return await postJson(`${ORDERS_API_URL}/shipments`, { orderId: update.reference, carrierStatus: update.status });
        } finally {
          forward.end();
        }
      });
      res.writeHead(status === 202 ? 204 : 502).end();
    } catch (error) {
      span.recordException(error);
      res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid webhook payload');
    } finally {
      span.end();
    }
  });
});

server.listen(Number(process.env.LEGACY_PORT || 8081));

module.exports = { server };
