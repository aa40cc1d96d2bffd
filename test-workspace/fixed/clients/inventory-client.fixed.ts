// HTTP client of the inventory service: stock levels over fetch, reservations over axios.
import axios from 'axios';
import { context, propagation, SpanKind } from '@opentelemetry/api';
import { recordFailure, tracer } from '../tracing';
import type { OrderLine } from '../domain/pricing';

export interface StockLevel {
  sku: string;
  available: number;
  warehouse: string;
}

const INVENTORY_URL = process.env.INVENTORY_URL ?? 'http://inventory.internal:8080';
const inventoryApi = axios.create({ baseURL: INVENTORY_URL, timeout: 2_000 });

function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  propagation.inject(context.active(), headers);
  return headers;
}

export function getStockLevel(sku: string): Promise<StockLevel> {
  const url = `${INVENTORY_URL}/stock/${encodeURIComponent(sku)}`;
  return tracer.startActiveSpan(
    'GET /stock/{sku}', // expect: none
    { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'GET', 'url.full': url } },
    async (span) => {
      try {
        const response = await fetch(url, { headers: traceHeaders() });
        span.setAttribute('http.response.status_code', response.status);
        if (!response.ok) throw new Error(`inventory returned ${response.status} for ${sku}`);
        return (await response.json()) as StockLevel;
      } catch (error) {
        recordFailure(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

export function reserveStock(orderId: string, lines: OrderLine[]): Promise<{ reservationId: string }> {
  return tracer.startActiveSpan('POST /reservations', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const items = lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
      const { data } = await inventoryApi.post<{ reservationId: string }>('/reservations', { orderId, items }, { headers: traceHeaders() });
      span.setAttribute('inventory.reservation_id', data.reservationId);
      return data;
    } finally {
      span.end();
    }
  });
}

export function releaseReservation(reservationId: string): Promise<void> {
  return tracer.startActiveSpan('DELETE /reservations/{id}', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT @wrong-kind
    try {
      await axios.delete(`${INVENTORY_URL}/reservations/${reservationId}`, { headers: traceHeaders(), timeout: 2_000 });
    } catch (error) {
      // Reservations expire on their own: a failed release is recorded, not fatal.
      recordFailure(span, error);
    } finally {
      span.end();
    }
  });
}

async function requestJson<T>(path: string): Promise<T> {
  const response = await fetch(`${INVENTORY_URL}${path}`, { headers: traceHeaders() });
  if (!response.ok) throw new Error(`inventory returned ${response.status} for ${path}`);
  return (await response.json()) as T;
}

export function getStockLevels(skus: string[]): Promise<StockLevel[]> {
  return tracer.startActiveSpan('GET /stock', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      span.setAttribute('inventory.sku_count', skus.length);
      return await requestJson<StockLevel[]>(`/stock?skus=${skus.map(encodeURIComponent).join(',')}`);
    } finally {
      span.end();
    }
  });
}
