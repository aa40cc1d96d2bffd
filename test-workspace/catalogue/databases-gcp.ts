// Google Cloud data services: Firestore (server and web SDKs) and BigQuery calls are remote, so CLIENT.
import { trace } from '@opentelemetry/api';
import { Firestore, FieldValue } from '@google-cloud/firestore';
import { getFirestore } from 'firebase-admin/firestore';
import { doc, getDoc, getFirestore as getWebFirestore } from 'firebase/firestore';
import { BigQuery } from '@google-cloud/bigquery';

const tracer = trace.getTracer('catalogue');

const firestore = new Firestore({ projectId: 'shop' });

export function cartOf(userId: string) {
  return tracer.startActiveSpan('carts get', async (span) => { // expect: CLIENT
    try {
      const snapshot = await firestore.collection('carts').doc(userId).get();
      return snapshot.exists ? snapshot.data() : undefined;
    } finally {
      span.end();
    }
  });
}

export function addToCart(userId: string, sku: string) {
  return tracer.startActiveSpan('carts update', async (span) => { // expect: CLIENT
    try {
      await firestore.doc(`carts/${userId}`).update({ items: FieldValue.arrayUnion(sku) });
    } finally {
      span.end();
    }
  });
}

const adminDb = getFirestore();

export function reserveSeat(eventId: string) {
  return tracer.startActiveSpan('reserve seat', async (span) => { // expect: CLIENT
    try {
      return await adminDb.runTransaction(async (t) => {
        const ref = adminDb.collection('events').doc(eventId);
        const event = await t.get(ref);
        t.update(ref, { seats: (event.get('seats') as number) - 1 });
      });
    } finally {
      span.end();
    }
  });
}

export function logVisit(page: string) {
  return tracer.startActiveSpan('visits add', async (span) => { // expect: CLIENT
    try {
      return await adminDb.collection('visits').add({ page, at: Date.now() });
    } finally {
      span.end();
    }
  });
}

const webDb = getWebFirestore();

export function profile(uid: string) {
  return tracer.startActiveSpan('profiles get', async (span) => { // expect: CLIENT
    try {
      return (await getDoc(doc(webDb, 'profiles', uid))).data();
    } finally {
      span.end();
    }
  });
}

const bigquery = new BigQuery({ projectId: 'analytics' });

export function topPages(day: string) {
  return tracer.startActiveSpan('top pages', async (span) => { // expect: CLIENT
    try {
      const [rows] = await bigquery.query({ query: 'SELECT page, count(*) n FROM events WHERE day = @day GROUP BY page', params: { day } });
      return rows;
    } finally {
      span.end();
    }
  });
}

export async function recordEvents(rows: object[]) {
  const span = tracer.startSpan('insert events'); // expect: CLIENT
  try {
    await bigquery.dataset('analytics').table('events').insert(rows);
  } finally {
    span.end();
  }
}
