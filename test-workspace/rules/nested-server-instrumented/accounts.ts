// Account routes of a service that runs under the HTTP auto-instrumentation (see instrumentation.ts): each
// request's SERVER span exists before a handler runs, so spans made here are steps inside it.
import express, { type Request } from 'express';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('accounts');
const app = express();
app.use(express.json());

interface Account {
  id: string;
  email: string;
  plan: 'free' | 'pro';
}

const accounts = new Map<string, Account>();
const auditLog: string[] = [];

function authenticate(req: Request): string {
  const token = req.headers.authorization?.replace(/^Bearer /, '');
  if (!token) throw new Error('missing token');
  return token.split('.')[0];
}

/** Kept from the time audit was a service of its own: its SERVER span now nests in the caller's request. */
function recordAudit(actor: string, action: string): void {
  tracer.startActiveSpan('POST /audit', { kind: SpanKind.SERVER }, (span) => { // expect: @nested-server
    try {
      auditLog.push(`${new Date().toISOString()} ${actor} ${action}`);
    } finally {
      span.end();
    }
  });
}

// The route's only span, set to SERVER: wrong-kind reports it (the instrumentation's SERVER span is the
// request's entry), and nested-server leaves it to wrong-kind.
app.get('/accounts/:id', (req, res) => {
  tracer.startActiveSpan('GET /accounts/:id', { kind: SpanKind.SERVER }, (span) => { // expect: INTERNAL @wrong-kind
    try {
      const account = accounts.get(req.params.id);
      res.status(account ? 200 : 404).json(account ?? { error: 'not found' });
    } finally {
      span.end();
    }
  });
});

// Work runs before the span, so it is not the handler's entry span; still a second SERVER span.
app.put('/accounts/:id/plan', (req, res) => {
  const actor = authenticate(req);
  tracer.startActiveSpan('PUT /accounts/:id/plan', { kind: SpanKind.SERVER }, (span) => { // expect: @nested-server
    try {
      const account = accounts.get(req.params.id);
      if (!account) {
        res.status(404).end();
        return;
      }
      account.plan = req.body.plan === 'pro' ? 'pro' : 'free';
      recordAudit(actor, `plan ${account.plan}`);
      res.json(account);
    } finally {
      span.end();
    }
  });
});

app.delete('/accounts/:id', (req, res) => {
  const actor = authenticate(req);
  tracer.startActiveSpan('delete account', (span) => { // expect: none
    try {
      accounts.delete(req.params.id);
      recordAudit(actor, 'delete');
      res.status(204).end();
    } finally {
      span.end();
    }
  });
});

// The identity provider calls this hook with its own trace context, taken on purpose as the parent.
app.post('/hooks/identity', (req, res) => {
  const parent = propagation.extract(context.active(), req.headers);
  tracer.startActiveSpan('POST /hooks/identity', { kind: SpanKind.SERVER }, parent, (span) => { // expect: none
    try {
      accounts.set(req.body.id, { id: req.body.id, email: req.body.email, plan: 'free' });
      res.status(204).end();
    } finally {
      span.end();
    }
  });
});

export function startAccounts(port: number) {
  return app.listen(port);
}
