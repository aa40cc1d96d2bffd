// Process entry: the HTTP instrumentation creates each request's SERVER span from the caller's context.
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';

registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });
