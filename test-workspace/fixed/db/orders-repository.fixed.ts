// Postgres access for orders and their lines. Each query gets a span named "<operation> <table>".
import { Pool } from 'pg';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { recordFailure, tracer } from '../tracing';
import type { OrderLine } from '../domain/pricing';

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'cancelled';

export interface Order {
  id: string;
  customerId: string;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  shippingAddress: string;
}

export type NewOrder = Omit<Order, 'id' | 'status'>;

const ORDER_COLUMNS = `id, customer_id AS "customerId", status, total_cents AS "totalCents", currency,
  shipping_address AS "shippingAddress"`;

function dbAttributes(operation: string, table: string) {
  return { 'db.system.name': 'postgresql', 'db.operation.name': operation, 'db.collection.name': table };
}

export class OrderLinesRepository {
  constructor(private readonly pool: Pool) {}

  async listForOrder(orderId: string): Promise<OrderLine[]> {
    const span = tracer.startSpan('SELECT order_lines', { kind: SpanKind.CLIENT, attributes: dbAttributes('SELECT', 'order_lines') }); // expect: CLIENT, @client-not-active
    try {
      const { rows } = await context.with(trace.setSpan(context.active(), span), () => this.pool.query<OrderLine>(
        'SELECT sku, quantity, unit_price_cents AS "unitPriceCents" FROM order_lines WHERE order_id = $1 ORDER BY position',
        [orderId],
      ));
      return rows;
    } finally {
      span.end();
    }
  }

  async insertAll(orderId: string, lines: OrderLine[]): Promise<void> {
    const span = tracer.startSpan('INSERT order_lines', { kind: SpanKind.CLIENT, attributes: dbAttributes('INSERT', 'order_lines') }); // expect: @client-not-active
    try {
      await context.with(trace.setSpan(context.active(), span), () => this.pool.query(
        `INSERT INTO order_lines (order_id, position, sku, quantity, unit_price_cents)
         SELECT $1, ordinality, sku, quantity, price FROM unnest($2::text[], $3::int[], $4::int[]) WITH ORDINALITY AS l(sku, quantity, price)`,
        [orderId, lines.map((l) => l.sku), lines.map((l) => l.quantity), lines.map((l) => l.unitPriceCents)],
      ));
    } finally {
      span.end();
    }
  }
}

export class OrdersRepository {
  private readonly pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  readonly lines = new OrderLinesRepository(this.pool);

  findById(id: string): Promise<Order | undefined> {
    return tracer.startActiveSpan('SELECT orders', { kind: SpanKind.CLIENT, attributes: dbAttributes('SELECT', 'orders') }, async (span) => { // expect: none
      try {
        const result = await this.pool.query<Order>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`, [id]);
        span.setAttribute('db.response.returned_rows', result.rowCount ?? 0);
        return result.rows[0];
      } catch (error) {
        recordFailure(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  }

  insert(order: NewOrder): Promise<Order> {
    return tracer.startActiveSpan('INSERT orders', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
      try {
        const result = await this.pool.query<Order>(
          `INSERT INTO orders (customer_id, status, total_cents, currency, shipping_address)
           VALUES ($1, 'pending', $2, $3, $4) RETURNING ${ORDER_COLUMNS}`,
          [order.customerId, order.totalCents, order.currency, order.shippingAddress],
        );
        return result.rows[0];
      } finally {
        span.end();
      }
    });
  }

  async updateStatus(id: string, status: OrderStatus): Promise<boolean> {
    const span = tracer.startSpan('UPDATE orders', { kind: SpanKind.CLIENT, attributes: dbAttributes('UPDATE', 'orders') }); // expect: CLIENT @wrong-kind, @client-not-active (typed)
    try {
      const result = await context.with(trace.setSpan(context.active(), span), () => this.pool.query('UPDATE orders SET status = $1, updated_at = now() WHERE id = $2', [status, id]));
      return result.rowCount === 1;
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  }
}
