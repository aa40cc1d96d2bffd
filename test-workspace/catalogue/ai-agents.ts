// Agent code: planning and agent loops run in the process (INTERNAL); a tool that reaches an API is CLIENT.
import { SpanKind, trace } from '@opentelemetry/api';
import { Agent, run } from '@openai/agents';
import { Agent as MastraAgent } from '@mastra/core/agent';
import { StateGraph } from '@langchain/langgraph';
import { tool } from 'ai';
import { z } from 'zod';

const tracer = trace.getTracer('catalogue');
const triage = new Agent({ name: 'triage', instructions: 'Route the customer question.' });
const support = new MastraAgent({ name: 'support', instructions: 'Answer order questions.', model: 'openai/gpt-4o' });
declare const graph: StateGraph<{ question: string }>;

export function triageQuestion(question: string) {
  return tracer.startActiveSpan('invoke_agent triage', { kind: SpanKind.CLIENT }, async (span) => { // expect: INTERNAL @wrong-kind
    try {
      return await run(triage, question);
    } finally {
      span.end();
    }
  });
}

export function answer(question: string) {
  return tracer.startActiveSpan('invoke_agent support', async (span) => { // expect: none
    try {
      return await support.generate(question);
    } finally {
      span.end();
    }
  });
}

export function runWorkflow(question: string) {
  return tracer.startActiveSpan('invoke_workflow orders', async (span) => { // expect: none
    try {
      return await graph.compile().invoke({ question });
    } finally {
      span.end();
    }
  });
}

export const weather = tool({
  description: 'Current weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }: { city: string }) =>
    tracer.startActiveSpan('execute_tool weather', async (span) => { // expect: CLIENT
      try {
        const response = await fetch(`https://api.weather.example/v1/current?city=${encodeURIComponent(city)}`);
        return await response.json();
      } finally {
        span.end();
      }
    }),
});
