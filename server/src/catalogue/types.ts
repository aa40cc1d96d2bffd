// The shape of catalogue rows: which module and member means which span kind. Data only.
import type { SpanKindName } from '../analysis/types';

/**
 * A call that leaves the process (CLIENT) or hands a message to a broker (PRODUCER).
 * Matches `x.member(...)` where `x` traces back to an import of one of `modules`
 * (a module object, something built from it with `new`, or returned by one of its non-evidence calls).
 */
export interface CallRow {
  library: string;
  /** Module specifiers; a trailing `*` matches by prefix (`@aws-sdk/client-*`). */
  modules: string[];
  kind: SpanKindName;
  /**
   * Member names that count; `()` is calling the import itself (`axios(config)`); ``` `` ``` is using it as
   * a template tag (`` sql`SELECT 1` ``); `*` is any member except built-in methods.
   */
  members: readonly string[] | '*';
  /** With `members: '*'`, members that are local (events, factories, connection management). */
  except?: readonly string[];
}

/** A call of the global scope, e.g. `fetch`, when no local binding shadows it. */
export interface GlobalRow {
  library: string;
  globals: readonly string[];
  kind: SpanKindName;
}

/**
 * Command-object SDKs: `client.send(new XCommand(...))`. The command class decides the kind.
 */
export interface CommandRow {
  library: string;
  modules: string[];
  /** The client method that sends a command. */
  sendMember: string;
  /** Kinds by command class name; commands not listed get `defaultKind`. */
  commands: Readonly<Record<string, SpanKindName>>;
  defaultKind: SpanKindName;
}

/**
 * A registration whose callback handles an incoming request (SERVER) or message (CONSUMER):
 * `app.get('/x', handler)`, `consumer.run({ eachMessage })`, `new Worker('q', processor)`.
 */
export interface HandlerRow {
  library: string;
  modules: string[];
  kind: 'SERVER' | 'CONSUMER';
  /** Member (or, with `construct`, class) names that register a handler. */
  members: readonly string[];
  construct?: boolean;
  /** Where the handler sits: function arguments, or named properties of an object argument. */
  handlerIn: 'arguments' | { properties: readonly string[] };
  /**
   * When the receiver's origin cannot be traced, still match by this shape alone: the member name
   * plus a string first argument starting with `/` (`routePath`), or the named handler properties.
   */
  byName?: 'routePath' | 'properties';
  /**
   * Listener registrations (`client.on(event, fn)`): the event names, as the first argument, that deliver
   * a message. Other events (`'connect'`, `'error'`) register lifecycle listeners, not handlers.
   */
  events?: readonly string[];
  /** Event names that never deliver a message, where any other name can (socket.io's own events). */
  exceptEvents?: readonly string[];
}

/**
 * A function that is an entry point by how it is declared rather than registered: a decorated method
 * (NestJS `@Get()`), an exported route handler of a framework file (Next.js `export function GET`), or a
 * function typed with an event type (AWS Lambda `(event: SQSEvent) => ...`).
 */
export interface EntryRow {
  library: string;
  kind: 'SERVER' | 'CONSUMER';
  /** Decorator names imported from `modules` that mark a method as a handler. */
  decorators?: readonly string[];
  /** Modules the decorators or types are imported from. */
  modules?: string[];
  /** File paths (with `/` separators) whose exported functions named `exportNames` are handlers. */
  filePattern?: RegExp;
  exportNames?: readonly string[];
  /** Types from `modules` that make a function a handler: its first parameter's, or its own declared type. */
  types?: readonly string[];
}

/** Modules whose calls stay in the process (no network), so they never make a span's kind uncertain. */
export interface LocalModuleRow {
  library: string;
  modules: string[];
  /**
   * Utilities (Node's built-ins, OpenTelemetry itself): their calls stay in the process but say nothing of a
   * span's kind. Without it, a call of the module is the span's work and evidence of INTERNAL (an embedded
   * database query, an in-process agent run).
   */
  incidental?: boolean;
}

/** A tracing wrapper declared in the settings: calls of `function` create a span (argument positions). */
export interface DeclaredWrapperRow {
  /** The function's name at call sites (`withSpan`, or the member of `tracing.withSpan`). */
  function: string;
  /** Only calls of a function imported from this module, when given. */
  module?: string;
  /** Built-in rows: only calls of a function imported from one of these modules (a trailing `*` matches by prefix). */
  modules?: readonly string[];
  /** Built-in rows: the SDK's name. */
  library?: string;
  nameArg?: number;
  kindArg?: number;
  /** The options argument; when it is the last argument and a function, it is the callback instead. */
  optionsArg?: number;
  /** The callback that runs in the span; `last`: the last argument (overloads with optional leading ones). */
  callbackArg?: number | 'last';
  /** Built-in rows: does the span end when the callback does (false: the caller ends the span it gets)? */
  endsItself?: boolean;
}
