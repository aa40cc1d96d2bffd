// The language server's command line, shared by its two entries: spankind-language-server (stdio.ts) and
// the bundle dist/server.js when started by hand. No side effects: server.ts imports it, and a bundle
// whose entry imported stdio.ts would run stdio.ts's own start-up too.

/** The usage of the server started as `command` (`spankind-language-server`, or `node dist/server.js`). */
const usage = (command: string) => `Usage: ${command} --stdio

Starts the Span Kind Lens language server (the Language Server Protocol) for an editor.
Editors start it and speak to it; it is not meant to be run by hand.

Transports (one is required):
  --stdio                 over standard input and output (what most editors use)
  --node-ipc              over Node.js IPC, when started with a fork
  --socket=PORT           over a TCP socket the client listens on
  --pipe=NAME             over a named pipe or Unix socket

Options:
  --clientProcessId=PID   exit when that process exits
  -h, --help              show this help
  --version               print the version

Settings are read with workspace/configuration, section "spanKind" (the same keys as the VS Code
settings, without the "spanKind." prefix); a client without it gets the defaults, or the settings it
pushes with workspace/didChangeConfiguration as { "spanKind": { ... } }.`;

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe'];

export type StartDecision = { action: 'serve' } | { action: 'print'; text: string; exitCode: number };

/**
 * What the command line asks for: start the server (which also answers --version), or print and exit.
 * `command` names the server in the messages: the `spankind-language-server` command, or the bundle
 * dist/server.js started by hand.
 */
export function decideStart(args: readonly string[], command = 'spankind-language-server'): StartDecision {
  const help = usage(command);
  if (args.includes('-h') || args.includes('--help')) return { action: 'print', text: help, exitCode: 0 };
  if (args.includes('--version')) return { action: 'serve' };
  const hasTransport = args.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)));
  if (!hasTransport) {
    return { action: 'print', text: `${command}: no transport given; editors start it with --stdio.\n\n${help}`, exitCode: 2 };
  }
  return { action: 'serve' };
}
