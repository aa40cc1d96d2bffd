// Process entry: the undici instrumentation (the global fetch) and the HTTP instrumentation (node:http and
// the clients built on it) inject the trace context into every outgoing request.
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

registerInstrumentations({ instrumentations: [new HttpInstrumentation(), new UndiciInstrumentation()] });
