// AWS Lambda handlers: the event type tells the trigger. API Gateway is SERVER; SQS is CONSUMER.
import { trace } from '@opentelemetry/api';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, SQSEvent, SQSHandler } from 'aws-lambda';

const tracer = trace.getTracer('catalogue');

export const getOrder = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
  tracer.startActiveSpan('GET /orders/{id}', async (span) => { // expect: SERVER
    try {
      return { statusCode: 200, body: JSON.stringify({ id: event.pathParameters?.id }) };
    } finally {
      span.end();
    }
  });

export async function processOrders(event: SQSEvent): Promise<void> {
  await tracer.startActiveSpan('orders process', async (span) => { // expect: CONSUMER
    for (const record of event.Records) JSON.parse(record.body);
    span.end();
  });
}

export const processRefunds: SQSHandler = async (event) => {
  await tracer.startActiveSpan('refunds process', async (span) => { // expect: CONSUMER
    span.setAttribute('messaging.batch.message_count', event.Records.length);
    span.end();
  });
};
