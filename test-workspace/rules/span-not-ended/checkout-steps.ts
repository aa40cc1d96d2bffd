// Checkout steps traced with startSpan: spans that some path leaves open, and spans ended on every path.
import { trace, type Span } from '@opentelemetry/api';
import { loadCart, reserveStock, saveOrder, type Cart } from './store';

const tracer = trace.getTracer('checkout');

export async function priceCart(cartId: string): Promise<number | undefined> {
  const span = tracer.startSpan('price cart'); // expect: @span-not-ended
  const cart = await loadCart(cartId);
  if (!cart) {
    return undefined;
  }
  const total = cart.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  span.setAttribute('cart.lines', cart.lines.length);
  span.end();
  return total;
}

export function validateCart(cart: Cart): void {
  const span = tracer.startSpan('validate cart'); // expect: @span-not-ended
  if (cart.lines.length === 0) throw new Error(`cart ${cart.id} is empty`);
  span.setAttribute('cart.lines', cart.lines.length);
  span.end();
}

export function applyCoupon(cart: Cart, code: string): number {
  const span = tracer.startSpan('apply coupon'); // expect: @span-not-ended
  span.setAttribute('coupon.code', code);
  const percent = code.startsWith('SAVE') ? Number(code.slice(4)) : 0;
  return Math.round(cart.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0) * (1 - percent / 100));
}

export async function reserveAll(carts: Cart[]): Promise<void> {
  for (const cart of carts) {
    const span = tracer.startSpan('reserve cart'); // expect: @span-not-ended
    if (cart.lines.length === 0) continue;
    await reserveStock(cart.lines);
    span.end();
  }
}

export async function placeOrder(cart: Cart): Promise<string> {
  const span = tracer.startSpan('place order'); // expect: @span-not-ended
  try {
    const id = await saveOrder(cart);
    span.end();
    return id;
  } catch (error) {
    span.recordException(error as Error);
    throw error;
  }
}

export function warmCaches(): void {
  tracer.startSpan('warm caches'); // expect: @span-not-ended
}

export function confirmLater(cart: Cart): Promise<string> {
  const span = tracer.startSpan('confirm order'); // expect: @span-not-ended
  return saveOrder(cart).then((id) => {
    span.end();
    return id;
  });
}

// Ended on every path, or handed on: silent.

export async function loadPricedCart(cartId: string): Promise<Cart | undefined> {
  const span = tracer.startSpan('load priced cart'); // expect: none
  try {
    return await loadCart(cartId);
  } finally {
    span.end();
  }
}

export function classify(cart: Cart): 'small' | 'large' {
  const span = tracer.startSpan('classify cart'); // expect: none
  if (cart.lines.length > 10) {
    span.setAttribute('cart.size', 'large');
    span.end();
    return 'large';
  } else {
    span.end();
    return 'small';
  }
}

export function shippingZone(country: string): number {
  const span = tracer.startSpan('shipping zone'); // expect: none
  switch (country) {
    case 'DE':
    case 'FR':
      span.end();
      return 1;
    case 'US':
      span.setAttribute('zone.overseas', true);
      break;
    default:
      span.end();
      throw new Error(`no shipping to ${country}`);
  }
  span.end();
  return 2;
}

export function retryUntilReserved(cart: Cart, attempt: () => boolean): void {
  const span = tracer.startSpan('retry reservation'); // expect: none
  while (true) {
    if (attempt()) {
      span.end();
      break;
    }
    span.addEvent('retry', { 'cart.id': cart.id });
  }
}

export function startCheckout(cartId: string): Span {
  const span = tracer.startSpan('checkout session'); // expect: none
  span.setAttribute('cart.id', cartId);
  return span;
}

const sessions = new Map<string, Span>();

export function openSession(cartId: string): void {
  const span = tracer.startSpan('checkout session (kept)'); // expect: none
  sessions.set(cartId, span);
}

export function confirmWhenDone(cart: Cart): Promise<string> {
  const span = tracer.startSpan('confirm order (finally)'); // expect: none
  return saveOrder(cart).finally(() => span.end());
}

export function streamReceipt(cart: Cart, res: { on(event: 'finish', listener: () => void): void; write(chunk: string): void }): void {
  const span = tracer.startSpan('stream receipt'); // expect: none
  res.on('finish', () => span.end());
  for (const line of cart.lines) res.write(`${line.sku} x${line.quantity}\n`);
}
