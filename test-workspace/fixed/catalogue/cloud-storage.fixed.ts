// Object storage SDKs: Google Cloud Storage and Azure Blob Storage. Handles (bucket, file, container,
// blob clients) are made locally; the calls on them reach the service.
import { trace, SpanKind } from '@opentelemetry/api';
import { Storage } from '@google-cloud/storage';
import { BlobServiceClient } from '@azure/storage-blob';

const tracer = trace.getTracer('catalogue');

// Google Cloud Storage
const storage = new Storage({ projectId: 'shop-prod' });
const invoices = storage.bucket('shop-invoices');

export function saveInvoice(id: string, pdf: Buffer): Promise<void> {
  return tracer.startActiveSpan('GCS upload invoice', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      await invoices.file(`invoices/${id}.pdf`).save(pdf, { contentType: 'application/pdf', resumable: false });
    } finally {
      span.end();
    }
  });
}

export function loadInvoice(id: string): Promise<Buffer> {
  return tracer.startActiveSpan('GCS download invoice', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const [contents] = await storage.bucket('shop-invoices').file(`invoices/${id}.pdf`).download();
      return contents;
    } finally {
      span.end();
    }
  });
}

export function uploadExport(localPath: string): Promise<void> {
  return tracer.startActiveSpan('GCS upload export', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      await invoices.upload(localPath, { destination: `exports/${Date.now()}.csv` });
    } finally {
      span.end();
    }
  });
}

// Naming an object and building its public URL never leave the process.
export function invoiceUrl(id: string): string {
  return tracer.startActiveSpan('invoice url', (span) => { // expect: none
    try {
      return invoices.file(`invoices/${id}.pdf`).publicUrl();
    } finally {
      span.end();
    }
  });
}

// Azure Blob Storage: service client -> container client -> block blob client
const blobService = BlobServiceClient.fromConnectionString(process.env.AZURE_STORAGE_CONNECTION_STRING ?? '');
const avatars = blobService.getContainerClient('avatars');

export function uploadAvatar(userId: string, image: Buffer): Promise<void> {
  return tracer.startActiveSpan('Azure Blob upload avatar', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const blob = avatars.getBlockBlobClient(`${userId}.png`);
      await blob.upload(image, image.length, { blobHTTPHeaders: { blobContentType: 'image/png' } });
    } finally {
      span.end();
    }
  });
}

export function downloadAvatar(userId: string): Promise<Buffer> {
  return tracer.startActiveSpan('Azure Blob download avatar', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      return await avatars.getBlockBlobClient(`${userId}.png`).downloadToBuffer();
    } finally {
      span.end();
    }
  });
}

export function listAvatars(): Promise<string[]> {
  return tracer.startActiveSpan('Azure Blob list avatars', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    const names: string[] = [];
    try {
      for await (const blob of avatars.listBlobsFlat({ prefix: 'users/' })) names.push(blob.name);
      return names;
    } finally {
      span.end();
    }
  });
}
