// Shared tracing helpers of the consumers.
import { propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';

export function parentContextOf(message: KafkaMessage): Context {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[key] = value.toString();
  return propagation.extract(ROOT_CONTEXT, headers);
}
