// startActiveSpan callbacks: the callback must end its span on every path.
import { trace } from '@opentelemetry/api';
import { loadCart, reserveStock, saveOrder, type Cart } from './store';

const tracer = trace.getTracer('checkout');

export function reserve(cart: Cart): Promise<void> {
  return tracer.startActiveSpan('reserve stock', async (span) => { // expect: @span-not-ended
    span.setAttribute('cart.lines', cart.lines.length);
    await reserveStock(cart.lines);
    span.end();
  });
}

export function findCart(cartId: string): Promise<Cart | undefined> {
  return tracer.startActiveSpan('find cart', async (span) => { // expect: @span-not-ended
    const cart = await loadCart(cartId);
    if (!cart) {
      span.setAttribute('cart.found', false);
      return undefined;
    }
    span.end();
    return cart;
  });
}

export function audit(cart: Cart): Promise<void> {
  return tracer.startActiveSpan('audit cart', async () => { // expect: @span-not-ended
    await saveOrder(cart);
  });
}

// Ended on every path: silent. A `return` inside a nested function does not leave the callback.

export function totals(cart: Cart): Promise<number[]> {
  return tracer.startActiveSpan('line totals', async (span) => { // expect: none
    try {
      await reserveStock(cart.lines);
      return cart.lines.map((line) => {
        if (line.quantity === 0) return 0;
        return line.quantity * line.unitPriceCents;
      });
    } finally {
      span.end();
    }
  });
}

export function order(cart: Cart): Promise<string> {
  return tracer.startActiveSpan('save order', (span) => { // expect: none
    return saveOrder(cart).finally(() => span.end());
  });
}

export function count(cart: Cart): number {
  return tracer.startActiveSpan('count lines', (span) => { // expect: none
    const n = cart.lines.length;
    span.setAttribute('cart.lines', n);
    span.end();
    return n;
  });
}
