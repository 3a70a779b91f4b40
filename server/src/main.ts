/** dist/server.js, the `auditd-language-server` command: the language server on the transport its arguments name. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server/server';

// createConnection reads the transport from these arguments; without one it throws, so say what is needed instead.
const TRANSPORT = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;

if (!process.argv.slice(2).some((arg) => TRANSPORT.test(arg))) {
  process.stderr.write('usage: auditd-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME\n');
  process.exit(2);
}
startServer(createConnection(ProposedFeatures.all));
