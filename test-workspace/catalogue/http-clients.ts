// HTTP clients: fetch, node:http/https/http2, axios, got, undici, node-fetch, ky, ofetch, superagent.
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import * as https from 'node:https';
import http from 'node:http';
import * as http2 from 'node:http2';
import axios from 'axios';
import got from 'got';
import { request as undiciRequest, Pool } from 'undici';
import nodeFetch from 'node-fetch';
import ky from 'ky';
import { ofetch, $fetch } from 'ofetch';
import superagent from 'superagent';

const tracer = trace.getTracer('catalogue');

interface User {
  id: string;
  name: string;
}

function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

// global fetch
export function getUser(id: string): Promise<User> {
  return tracer.startActiveSpan('GET /users/{id}', async (span) => { // expect: CLIENT
    try {
      const response = await fetch(`https://users.example.com/users/${id}`, { headers: traceHeaders() });
      return (await response.json()) as User;
    } finally {
      span.end();
    }
  });
}

// node:https and node:http
export function getHealth(): Promise<number> {
  return tracer.startActiveSpan('GET /health', (span) => // expect: CLIENT
    new Promise<number>((resolve, reject) => {
      https
        .get('https://status.example.com/health', { headers: traceHeaders() }, (res) => {
          res.resume();
          span.end();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    }),
  );
}

export function postAudit(line: string): void {
  const span = tracer.startSpan('POST /audit', { kind: SpanKind.INTERNAL }); // expect: CLIENT @wrong-kind
  const req = http.request({ host: 'audit.internal', path: '/audit', method: 'POST', headers: traceHeaders() }, (res) => {
    res.resume();
    span.end();
  });
  req.end(line);
}

// node:http2: the session is opened once, each request is a call.
const session = http2.connect('https://push.example.com');

export function pushNotification(token: string): Promise<void> {
  return tracer.startActiveSpan('POST /3/device/{token}', (span) => // expect: CLIENT
    new Promise<void>((resolve) => {
      const stream = session.request({ ':method': 'POST', ':path': `/3/device/${token}` });
      stream.on('close', () => {
        span.end();
        resolve();
      });
      stream.end(JSON.stringify({ aps: { alert: 'Order shipped' } }));
    }),
  );
}

// axios: the callable default export
export function patchUser(id: string, name: string): Promise<User> {
  return tracer.startActiveSpan('PATCH /users/{id}', async (span) => { // expect: CLIENT
    try {
      const { data } = await axios({ method: 'patch', url: `https://users.example.com/users/${id}`, data: { name } });
      return data as User;
    } finally {
      span.end();
    }
  });
}

// got: an extended instance and pagination
const github = got.extend({ prefixUrl: 'https://api.github.com', headers: { accept: 'application/vnd.github+json' } });

export function listCommits(repo: string): Promise<unknown[]> {
  return tracer.startActiveSpan('GET /repos/{repo}/commits', async (span) => { // expect: CLIENT
    try {
      return await github.paginate.all(`repos/${repo}/commits`, { pagination: { countLimit: 50 } });
    } finally {
      span.end();
    }
  });
}

export function getRelease(repo: string): Promise<unknown> {
  return tracer.startActiveSpan('GET /repos/{repo}/releases/latest', async (span) => { // expect: CLIENT
    try {
      return await got(`https://api.github.com/repos/${repo}/releases/latest`).json();
    } finally {
      span.end();
    }
  });
}

// undici: the module-level request and a connection pool
const pricing = new Pool('http://pricing.internal:8080', { connections: 16 });

export function getPrice(sku: string): Promise<unknown> {
  return tracer.startActiveSpan('GET /prices/{sku}', async (span) => { // expect: CLIENT
    try {
      const { body } = await pricing.request({ method: 'GET', path: `/prices/${sku}`, headers: traceHeaders() });
      return await body.json();
    } finally {
      span.end();
    }
  });
}

export function getRates(): Promise<unknown> {
  return tracer.startActiveSpan('GET /rates', async (span) => { // expect: CLIENT
    try {
      const { body } = await undiciRequest('https://fx.example.com/rates', { headers: traceHeaders() });
      return await body.json();
    } finally {
      span.end();
    }
  });
}

// node-fetch
export function getInvoice(id: string): Promise<unknown> {
  return tracer.startActiveSpan('GET /invoices/{id}', async (span) => { // expect: CLIENT
    try {
      const res = await nodeFetch(`https://billing.example.com/invoices/${id}`);
      return await res.json();
    } finally {
      span.end();
    }
  });
}

// ky
const api = ky.create({ prefixUrl: 'https://api.example.com', timeout: 5_000 });

export function getOrders(): Promise<unknown> {
  return tracer.startActiveSpan('GET /orders', async (span) => { // expect: CLIENT
    try {
      return await api.get('orders', { headers: traceHeaders() }).json();
    } finally {
      span.end();
    }
  });
}

export function createOrder(order: object): Promise<unknown> {
  return tracer.startActiveSpan('POST /orders', async (span) => { // expect: CLIENT
    try {
      return await ky.post('https://api.example.com/orders', { json: order }).json();
    } finally {
      span.end();
    }
  });
}

// ofetch
export function getCart(id: string): Promise<unknown> {
  return tracer.startActiveSpan('GET /carts/{id}', async (span) => { // expect: CLIENT
    try {
      return await ofetch(`/carts/${id}`, { baseURL: 'https://cart.example.com' });
    } finally {
      span.end();
    }
  });
}

export function getCartRaw(id: string): Promise<number> {
  return tracer.startActiveSpan('GET /carts/{id} raw', async (span) => { // expect: CLIENT
    try {
      const res = await $fetch.raw(`https://cart.example.com/carts/${id}`);
      return res.status;
    } finally {
      span.end();
    }
  });
}

// superagent
export function sendWebhook(url: string, payload: object): Promise<number> {
  return tracer.startActiveSpan('POST webhook', async (span) => { // expect: CLIENT
    try {
      const res = await superagent.post(url).set(traceHeaders()).send(payload);
      return res.status;
    } finally {
      span.end();
    }
  });
}

// A span that already says CLIENT is left alone.
export function headObject(url: string): Promise<boolean> {
  return tracer.startActiveSpan('HEAD object', { kind: SpanKind.CLIENT }, async (span) => { // expect: none
    try {
      const res = await superagent.head(url);
      return res.ok;
    } finally {
      span.end();
    }
  });
}
