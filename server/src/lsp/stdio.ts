// The stand-alone entry of the language server, for editors other than VS Code
// (`spankind-language-server --stdio`): checks the command line, then loads the server, which serves
// over the transport named on it. VS Code's client starts server.js itself, over IPC.

const USAGE = `Usage: spankind-language-server --stdio

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

/** What the command line asks for: start the server (which also answers --version), or print and exit. */
export function decideStart(args: readonly string[]): StartDecision {
  if (args.includes('-h') || args.includes('--help')) return { action: 'print', text: USAGE, exitCode: 0 };
  if (args.includes('--version')) return { action: 'serve' };
  const hasTransport = args.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)));
  if (!hasTransport) {
    return { action: 'print', text: `spankind-language-server: no transport given; editors start it with --stdio.\n\n${USAGE}`, exitCode: 2 };
  }
  return { action: 'serve' };
}

if (require.main === module) {
  const decision = decideStart(process.argv.slice(2));
  if (decision.action === 'print') {
    (decision.exitCode === 0 ? process.stdout : process.stderr).write(`${decision.text}\n`);
    process.exitCode = decision.exitCode;
  } else {
    require('./server');
  }
}
