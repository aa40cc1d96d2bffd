// Tracing wrappers that are methods: a private one, one inherited, one of a field's class, one of an object.
import { trace, SpanKind, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('wrapper-methods');

class SpanRunner {
  run<T>(name: string, work: () => Promise<T>): Promise<T> {
    return tracer.startActiveSpan(name, async (span) => { // expect: none
      try {
        return await work();
      } finally {
        span.end();
      }
    });
  }
}

const spans = {
  within<T>(name: string, work: () => Promise<T>): Promise<T> {
    return tracer.startActiveSpan(name, async (span) => { // expect: none
      try {
        return await work();
      } finally {
        span.end();
      }
    });
  },
};

abstract class TracedStore {
  protected inSpan<T>(name: string, work: () => Promise<T>): Promise<T> {
    return tracer.startActiveSpan(name, async (span) => { // expect: none
      try {
        return await work();
      } finally {
        span.end();
      }
    });
  }

  /** Returns the span it starts: the caller ends it. */
  protected openSpan(name: string, kind: SpanKind): Span {
    const span = tracer.startSpan(name, { kind }); // expect: none
    return span;
  }
}

export class ProfileStore extends TracedStore {
  private readonly runner = new SpanRunner();

  #traced<T>(name: string, work: () => Promise<T>): Promise<T> {
    return tracer.startActiveSpan(name, async (span) => { // expect: none
      try {
        return await work();
      } finally {
        span.end();
      }
    });
  }

  profile(id: string) {
    return this.#traced('GET /profiles/:id', () => fetch(`https://profiles.internal/${id}`)); // expect: CLIENT
  }

  avatar(id: string) {
    return this.inSpan('GET /avatars/:id', () => fetch(`https://avatars.internal/${id}`)); // expect: CLIENT
  }

  settings(id: string) {
    return this.runner.run('GET /settings/:id', () => fetch(`https://settings.internal/${id}`)); // expect: CLIENT
  }

  badges(id: string) {
    return spans.within('GET /badges/:id', () => fetch(`https://badges.internal/${id}`)); // expect: CLIENT
  }

  async history(id: string) {
    const span = this.openSpan('GET /history/:id', SpanKind.INTERNAL); // expect: CLIENT @wrong-kind
    try {
      return await fetch(`https://history.internal/${id}`);
    } finally {
      span.end();
    }
  }
}
