// Audit messages, formatted by the compliance team's conventions.
import type { Message } from 'kafkajs';
import { context, propagation } from '@opentelemetry/api';

export function buildAuditMessages(events: { orderId: string; status: string }[]): Message[] {
  return events.map((e) => {
    const headers: Record<string, string> = { 'audit-version': '2' };
    propagation.inject(context.active(), headers);
    return { key: e.orderId, value: JSON.stringify(e), headers };
  });
}
