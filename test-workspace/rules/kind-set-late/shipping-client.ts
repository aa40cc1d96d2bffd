// The shipping carrier client. Some spans get their kind too late: after the start, or as an attribute.
import { SpanKind, trace } from '@opentelemetry/api';
import axios from 'axios';

const tracer = trace.getTracer('shipping');
const CARRIER = process.env.CARRIER_URL ?? 'https://carrier.example.com';

export async function quote(parcelId: string): Promise<number> {
  return tracer.startActiveSpan('GET /quotes', async (span) => { // expect: none
    (span as any).kind = SpanKind.CLIENT; // expect: @kind-set-late
    try {
      const response = await axios.get(`${CARRIER}/quotes/${parcelId}`);
      return response.data.cents as number;
    } finally {
      span.end();
    }
  });
}

export async function label(parcelId: string): Promise<string> {
  return tracer.startActiveSpan('POST /labels', async (span) => { // expect: none
    span.setAttribute('span.kind', 'client'); // expect: @kind-set-late
    span.setAttribute('parcel.id', parcelId);
    try {
      const response = await axios.post(`${CARRIER}/labels`, { parcelId });
      return response.data.url as string;
    } finally {
      span.end();
    }
  });
}

export async function track(parcelId: string): Promise<string> {
  return tracer.startActiveSpan(
    'GET /tracking', // expect: none
    {
      attributes: {
        'span.kind': 'CLIENT', // expect: @kind-set-late
      },
    },
    async (span) => {
      try {
        const response = await axios.get(`${CARRIER}/tracking/${parcelId}`);
        return response.data.status as string;
      } finally {
        span.end();
      }
    },
  );
}

export async function cancel(parcelId: string): Promise<void> {
  // The attribute says SERVER, the code calls the carrier: the fix sets CLIENT.
  return tracer.startActiveSpan('DELETE /labels/{id}', { attributes: { 'parcel.id': parcelId, 'span.kind': 'server' } }, async (span) => { // expect: @kind-set-late
    try {
      await axios.delete(`${CARRIER}/labels/${parcelId}`);
    } finally {
      span.end();
    }
  });
}

export async function pickup(parcelId: string, express: boolean): Promise<void> {
  return tracer.startActiveSpan('POST /pickups', async (span) => { // expect: none
    // Behind a condition: moving it into the start options would change what it means; no fix.
    if (express) span.setAttributes({ 'span.kind': 'client', 'pickup.express': true }); // expect: @kind-set-late
    try {
      await axios.post(`${CARRIER}/pickups`, { parcelId, express });
    } finally {
      span.end();
    }
  });
}

export async function returnsLabel(parcelId: string): Promise<string> {
  return tracer.startActiveSpan('POST /returns', { kind: SpanKind.CLIENT }, async (span) => { // expect: none
    // The start options already set the kind: the attribute is only an attribute.
    span.setAttribute('span.kind', 'client'); // expect: @kind-set-late
    try {
      const response = await axios.post(`${CARRIER}/returns`, { parcelId });
      return response.data.url as string;
    } finally {
      span.end();
    }
  });
}

// The kind is in the start options: silent.

export async function carriers(): Promise<string[]> {
  return tracer.startActiveSpan('GET /carriers', { kind: SpanKind.CLIENT, attributes: { 'peer.service': 'carrier' } }, async (span) => { // expect: none
    try {
      const response = await axios.get(`${CARRIER}/carriers`);
      span.setAttribute('carrier.count', response.data.length);
      return response.data as string[];
    } finally {
      span.end();
    }
  });
}
