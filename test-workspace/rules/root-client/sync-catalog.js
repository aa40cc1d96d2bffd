#!/usr/bin/env node
// Copies the supplier's product catalogue into the shop's database. Run by hand, or nightly by CI.
const { trace, SpanKind } = require('@opentelemetry/api');
const { Pool } = require('pg');

const tracer = trace.getTracer('sync-catalog');
const pool = new Pool();
const SUPPLIER_URL = process.env.SUPPLIER_URL || 'https://supplier.example.com';

async function loadProducts() {
  return tracer.startActiveSpan('GET /products', { kind: SpanKind.CLIENT }, async (span) => { // expect: @root-client
    try {
      const response = await fetch(`${SUPPLIER_URL}/products`);
      if (!response.ok) throw new Error(`supplier answered ${response.status}`);
      return response.json();
    } finally {
      span.end();
    }
  });
}

async function main() {
  const products = await loadProducts();
  await tracer.startActiveSpan('upsert products', async (span) => { // expect: CLIENT, @root-client
    try {
      for (const product of products) {
        await pool.query('INSERT INTO products (sku, name, price) VALUES ($1, $2, $3) ON CONFLICT (sku) DO UPDATE SET name = $2, price = $3', [
          product.sku,
          product.name,
          product.price,
        ]);
      }
    } finally {
      span.end();
    }
  });
  console.log(`synced ${products.length} products`);
}

if (require.main === module) {
  main()
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => pool.end());
}
