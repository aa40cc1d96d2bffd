// Look-alikes that must not count as messaging: an in-process EventEmitter and a local class with the same
// method names as broker clients.
import { EventEmitter } from 'node:events';
import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('catalogue');

interface Notice {
  id: string;
  text: string;
}

const inbox: Notice[] = [];

// An in-process event bus: `.on('message')` and `.emit()` never leave the process.
const bus = new EventEmitter();

bus.on('message', (notice: Notice) => {
  tracer.startActiveSpan('handle notice', (span) => { // expect: none
    inbox.push(notice);
    span.end();
  });
});

export function raise(notice: Notice): void {
  tracer.startActiveSpan('raise notice', (span) => { // expect: none
    bus.emit('message', notice);
    span.end();
  });
}

// A local publisher with broker-like method names.
class NoticeBoard {
  private readonly subscribers = new Set<(notice: Notice) => void>();

  subscribe(listener: (notice: Notice) => void): void {
    this.subscribers.add(listener);
  }

  publish(notice: Notice): void {
    for (const listener of this.subscribers) listener(notice);
  }

  send(notice: Notice): void {
    this.publish(notice);
  }
}

const board = new NoticeBoard();

board.subscribe((notice) => {
  tracer.startActiveSpan('pin notice', (span) => { // expect: none
    inbox.push(notice);
    span.end();
  });
});

export function post(notice: Notice): void {
  tracer.startActiveSpan('post notice', (span) => { // expect: none
    board.publish(notice);
    board.send({ ...notice, id: `${notice.id}-copy` });
    span.end();
  });
}

// A local queue whose `add`/`process` mirror job-queue APIs.
class WorkList<T> {
  private readonly items: T[] = [];

  add(item: T): void {
    this.items.push(item);
  }

  process(handler: (item: T) => void): void {
    for (const item of this.items.splice(0)) handler(item);
  }
}

const work = new WorkList<Notice>();

export function drainWork(): void {
  work.process((notice) => {
    tracer.startActiveSpan('archive notice', (span) => { // expect: none
      inbox.push(notice);
      span.end();
    });
  });
}

export function queueWork(notice: Notice): void {
  tracer.startActiveSpan('queue notice', (span) => { // expect: none
    work.add(notice);
    span.end();
  });
}
