// Process entry: registers the Node auto-instrumentations, which create the SERVER span of every HTTP
// request (and the CONSUMER span of kafkajs/amqplib messages) before any handler code runs.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';

export const sdk = new NodeSDK({ instrumentations: [getNodeAutoInstrumentations()] });
sdk.start();
