// The stand-alone entry of the language server, for editors other than VS Code
// (`spankind-language-server --stdio`): checks the command line, then loads the server, which serves
// over the transport named on it. VS Code's client starts server.js itself, over IPC.

import { decideStart } from './startArgs';

export { decideStart, type StartDecision } from './startArgs';

if (require.main === module) {
  const decision = decideStart(process.argv.slice(2));
  if (decision.action === 'print') {
    (decision.exitCode === 0 ? process.stdout : process.stderr).write(`${decision.text}\n`);
    process.exitCode = decision.exitCode;
  } else {
    require('./server');
  }
}
