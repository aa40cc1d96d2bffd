// Model provider SDKs: OpenAI, Anthropic, Google Gen AI (and the older @google/generative-ai), Vercel AI SDK.
import { SpanKind, trace } from '@opentelemetry/api';
import OpenAI, { toFile } from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI, createUserContent, createPartFromUri } from '@google/genai';
import { GoogleGenerativeAI } from '@google/generative-ai';
import { generateText, streamText, generateObject, streamObject, embed, embedMany } from 'ai';
import { openai as openaiProvider } from '@ai-sdk/openai';
import { z } from 'zod';

const tracer = trace.getTracer('catalogue');

// OpenAI
const openai = new OpenAI();

export function summarize(text: string): Promise<string> {
  return tracer.startActiveSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const completion = await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `Summarize: ${text}` }],
      });
      return completion.choices[0]?.message.content ?? '';
    } finally {
      span.end();
    }
  });
}

export function embedQuery(query: string): Promise<number[]> {
  return tracer.startActiveSpan('embeddings text-embedding-3-small', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT @wrong-kind
    try {
      const res = await openai.embeddings.create({ model: 'text-embedding-3-small', input: query });
      return res.data[0]?.embedding ?? [];
    } finally {
      span.end();
    }
  });
}

// Wrapping a buffer as an upload stays in the process.
export function asUpload(name: string, bytes: Buffer): Promise<unknown> {
  return tracer.startActiveSpan('prepare upload', async (span) => { // expect: none
    try {
      return await toFile(bytes, name, { type: 'application/jsonl' });
    } finally {
      span.end();
    }
  });
}

// Anthropic
const anthropic = new Anthropic({ maxRetries: 2 });

export function answer(question: string): Promise<string> {
  return tracer.startActiveSpan('chat claude', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const message = await anthropic.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 1024,
        messages: [{ role: 'user', content: question }],
      });
      const first = message.content[0];
      return first?.type === 'text' ? first.text : '';
    } finally {
      span.end();
    }
  });
}

export function streamAnswer(question: string, onText: (text: string) => void): Promise<void> {
  return tracer.startActiveSpan('chat claude (stream)', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const stream = anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: question }] });
      stream.on('text', onText);
      await stream.finalMessage();
    } finally {
      span.end();
    }
  });
}

// Google Gen AI
const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });

export function describeImage(uri: string): Promise<string | undefined> {
  return tracer.startActiveSpan('generate_content gemini-2.5-flash', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const response = await ai.models.generateContent({
        model: 'gemini-2.5-flash',
        contents: createUserContent([createPartFromUri(uri, 'image/png'), 'Describe this image.']),
      });
      return response.text;
    } finally {
      span.end();
    }
  });
}

// Building the request contents is local work.
export function buildContents(uri: string): unknown {
  return tracer.startActiveSpan('build contents', (span) => { // expect: none
    try {
      return createUserContent([createPartFromUri(uri, 'image/png'), 'Describe this image.']);
    } finally {
      span.end();
    }
  });
}

// @google/generative-ai (the earlier Gemini SDK)
const gemini = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? '').getGenerativeModel({ model: 'gemini-1.5-flash' });

export function classify(ticket: string): Promise<string> {
  return tracer.startActiveSpan('generate_content gemini-1.5-flash', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const result = await gemini.generateContent(`Classify this support ticket: ${ticket}`);
      return result.response.text();
    } finally {
      span.end();
    }
  });
}

// Vercel AI SDK: named-import functions with a provider model
const model = openaiProvider('gpt-4o-mini');

export function writeTagline(product: string): Promise<string> {
  return tracer.startActiveSpan('generateText tagline', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const { text } = await generateText({ model, prompt: `Write a tagline for ${product}` });
      return text;
    } finally {
      span.end();
    }
  });
}

export function streamStory(topic: string): Promise<string> {
  return tracer.startActiveSpan('streamText story', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const result = streamText({ model, prompt: `Tell a short story about ${topic}` });
      let story = '';
      for await (const delta of result.textStream) story += delta;
      return story;
    } finally {
      span.end();
    }
  });
}

const Recipe = z.object({ name: z.string(), steps: z.array(z.string()) });

export function recipe(dish: string): Promise<unknown> {
  return tracer.startActiveSpan('generateObject recipe', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const { object } = await generateObject({ model, schema: Recipe, prompt: `A recipe for ${dish}` });
      return object;
    } finally {
      span.end();
    }
  });
}

export function streamRecipe(dish: string): Promise<void> {
  return tracer.startActiveSpan('streamObject recipe', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const { partialObjectStream } = streamObject({ model, schema: Recipe, prompt: `A recipe for ${dish}` });
      for await (const partial of partialObjectStream) span.addEvent('partial', { keys: Object.keys(partial).length });
    } finally {
      span.end();
    }
  });
}

const embeddingModel = openaiProvider.embedding('text-embedding-3-small');

export function embedOne(value: string): Promise<number[]> {
  return tracer.startActiveSpan('embed', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const { embedding } = await embed({ model: embeddingModel, value });
      return embedding;
    } finally {
      span.end();
    }
  });
}

export function embedAll(values: string[]): Promise<number[][]> {
  return tracer.startActiveSpan('embedMany', { kind: SpanKind.CLIENT }, async (span) => { // expect: CLIENT
    try {
      const { embeddings } = await embedMany({ model: embeddingModel, values });
      return embeddings;
    } finally {
      span.end();
    }
  });
}
