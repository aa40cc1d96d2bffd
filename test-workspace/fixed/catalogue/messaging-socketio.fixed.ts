// socket.io server and client: emitted events are messages; a listener processes one.
import { trace, SpanKind } from '@opentelemetry/api';
import { Server, type Socket } from 'socket.io';
import { io as connectTo } from 'socket.io-client';

const tracer = trace.getTracer('catalogue');

interface OrderUpdate {
  orderId: string;
  status: string;
}

const orders = new Map<string, string>();

function applyUpdate(update: OrderUpdate): void {
  orders.set(update.orderId, update.status);
}

const io = new Server(3000, { cors: { origin: 'https://shop.example.com' } });

io.on('connection', (socket: Socket) => {
  socket.join(`customer:${String(socket.handshake.auth.customerId)}`);

  socket.on('order:update', (update: OrderUpdate, ack: (ok: boolean) => void) => {
    tracer.startActiveSpan('process order:update', { kind: SpanKind.CONSUMER }, (span) => { // expect: CONSUMER
      applyUpdate(update);
      socket.broadcast.emit('order:updated', update);
      ack(true);
      span.end();
    });
  });
});

export function notifyCustomer(customerId: string, update: OrderUpdate): void {
  tracer.startActiveSpan('send order:updated', { kind: SpanKind.PRODUCER }, (span) => { // expect: PRODUCER
    io.to(`customer:${customerId}`).emit('order:updated', update);
    span.end();
  });
}

export async function confirmStock(sku: string): Promise<unknown[]> {
  return tracer.startActiveSpan('request stock:check', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await io.timeout(5_000).emitWithAck('stock:check', sku);
    } finally {
      span.end();
    }
  });
}

// The storefront's side of the same channel.
const socket = connectTo('https://realtime.example.com', { transports: ['websocket'] });

socket.on('order:updated', (update: OrderUpdate) => {
  tracer.startActiveSpan('process order:updated', { kind: SpanKind.CONSUMER }, (span) => { // expect: CONSUMER
    applyUpdate(update);
    span.end();
  });
});

export function reportStatus(update: OrderUpdate): void {
  tracer.startActiveSpan('send order:update', { kind: SpanKind.PRODUCER }, (span) => { // expect: PRODUCER
    socket.emit('order:update', update, (ok: boolean) => span.setAttribute('acknowledged', ok));
    span.end();
  });
}
