// The API gateway of the shop. No HTTP auto-instrumentation runs here: each route starts its own SERVER
// span from the caller's context. Anything that runs inside that span is part of the same request.
import express from 'express';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { handleLegacyCheckout } from './legacy-checkout';

const tracer = trace.getTracer('gateway');
const app = express();
app.use(express.json());

interface Order {
  id: string;
  lines: { sku: string; quantity: number }[];
  coupon?: string;
}

const orders = new Map<string, Order>();

app.get('/orders/:id', (req, res) => {
  const parent = propagation.extract(context.active(), req.headers);
  tracer.startActiveSpan('GET /orders/:id', { kind: SpanKind.SERVER }, parent, (span) => { // expect: none
    try {
      const order = orders.get(req.params.id);
      if (!order) {
        res.status(404).end();
        return;
      }
      // A second SERVER span inside the request's own.
      const body = tracer.startActiveSpan('render order', { kind: SpanKind.SERVER }, (render) => { // expect: @nested-server
        try {
          return JSON.stringify({ ...order, lineCount: order.lines.length });
        } finally {
          render.end();
        }
      });
      res.type('json').send(body);
    } finally {
      span.end();
    }
  });
});

/** Old pricing rules, once served by their own endpoint; now called in-process. */
function applyLegacyRules(order: Order): number {
  return tracer.startActiveSpan('POST /legacy/rules', { kind: SpanKind.SERVER }, (span) => { // expect: @nested-server
    try {
      const discount = order.coupon?.startsWith('LEGACY') ? 0.1 : 0;
      return order.lines.reduce((sum, line) => sum + line.quantity, 0) * (1 - discount);
    } finally {
      span.end();
    }
  });
}

app.post('/orders', (req, res) => {
  const parent = propagation.extract(context.active(), req.headers);
  tracer.startActiveSpan('POST /orders', { kind: SpanKind.SERVER }, parent, (span) => { // expect: none
    try {
      const order: Order = { id: String(orders.size + 1), lines: req.body.lines ?? [], coupon: req.body.coupon };
      const units = applyLegacyRules(order);
      // A step of the request: INTERNAL, as it should be.
      tracer.startActiveSpan('store order', { kind: SpanKind.INTERNAL }, (store) => { // expect: none
        try {
          orders.set(order.id, order);
        } finally {
          store.end();
        }
      });
      res.status(201).json({ id: order.id, units });
    } finally {
      span.end();
    }
  });
});

app.post('/checkout', async (req, res) => {
  const parent = propagation.extract(context.active(), req.headers);
  await tracer.startActiveSpan('POST /checkout', { kind: SpanKind.SERVER }, parent, async (span) => { // expect: none
    try {
      const receipt = await handleLegacyCheckout(req.body); // expect: @nested-server (typed)
      res.json(receipt);
    } finally {
      span.end();
    }
  });
});

// A batch endpoint: each part carries the trace context of the client that sent it, and is that client's
// request. Its SERVER span takes the extracted context as parent, so it is not nested in the batch's span.
app.post('/batch', (req, res) => {
  const parent = propagation.extract(context.active(), req.headers);
  tracer.startActiveSpan('POST /batch', { kind: SpanKind.SERVER }, parent, (span) => { // expect: none
    try {
      const parts: { path: string; headers: Record<string, string> }[] = req.body.parts ?? [];
      const results = parts.map((part) =>
        context.with(propagation.extract(context.active(), part.headers), () =>
          tracer.startActiveSpan(`POST ${part.path}`, { kind: SpanKind.SERVER }, (partSpan) => { // expect: none
            try {
              return { path: part.path, status: 202 };
            } finally {
              partSpan.end();
            }
          }),
        ),
      );
      res.json(results);
    } finally {
      span.end();
    }
  });
});

// The span started with startSpan is made active with context.with: the inner SERVER span is its child.
app.get('/health', (req, res) => {
  const span = tracer.startSpan('GET /health', { kind: SpanKind.SERVER }, propagation.extract(context.active(), req.headers)); // expect: none
  try {
    context.with(trace.setSpan(context.active(), span), () => {
      tracer.startActiveSpan('GET /health/db', { kind: SpanKind.SERVER }, (check) => { // expect: @nested-server
        try {
          res.json({ status: 'ok', orders: orders.size });
        } finally {
          check.end();
        }
      });
    });
  } finally {
    span.end();
  }
});

export function startGateway(port: number) {
  return app.listen(port);
}
