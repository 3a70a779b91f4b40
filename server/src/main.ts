/**
 * dist/server.js, the `auditd-language-server` command: the language server on the transport its
 * arguments name. It starts small: on stdio it answers initialize before the LSP library loads
 * (server/wire/earlyInitialize), then loads the server (dist/lsp.js, server/lsp.ts), which loads the
 * core (dist/core.js) on first use. build.mjs keeps the three bundles apart.
 */
import { initializeResult } from './server/capabilities';
import { answerInitializeEarly } from './server/wire/earlyInitialize';
import type * as Lsp from './server/lsp';

const USAGE = 'usage: auditd-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME\n';

/** The first argument that names a transport; others (--clientProcessId=N) are the client's. */
function transportArgument(args: readonly string[]): string | undefined {
  return args.find((arg) => arg === '--stdio' || arg === '--node-ipc' || /^--socket=\d+$/.test(arg) || /^--pipe=.+$/.test(arg));
}

const lsp = () => require('./lsp.js') as typeof Lsp;

const arg = transportArgument(process.argv.slice(2));
if (!arg) {
  process.stderr.write(USAGE);
  process.exit(2);
} else if (arg === '--stdio') {
  void answerInitializeEarly(process.stdin, process.stdout, initializeResult).then((early) => lsp().serve(arg, early));
} else {
  lsp().serve(arg);
}
