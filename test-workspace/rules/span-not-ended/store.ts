// The cart store the checkout steps call: plain async functions, no spans of their own.
export interface CartLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

export interface Cart {
  id: string;
  lines: CartLine[];
}

const carts = new Map<string, Cart>();

export async function loadCart(id: string): Promise<Cart | undefined> {
  return carts.get(id);
}

export async function reserveStock(lines: CartLine[]): Promise<void> {
  for (const line of lines) if (line.quantity <= 0) throw new Error(`bad quantity for ${line.sku}`);
}

export async function saveOrder(cart: Cart): Promise<string> {
  return `order-${cart.id}`;
}
