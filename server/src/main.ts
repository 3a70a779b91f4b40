/**
 * dist/server.js, the `auditd-language-server` command: the language server on the transport its
 * arguments name. Every transport's messages pass the lifecycle and params checks (server/wire/gate);
 * on stdio the base protocol itself is read by our strict frame reader (server/wire/frameReader),
 * which answers a malformed message and goes on with the next. The server's log is its stderr, which
 * editors show as the server's output.
 */
import {
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageWriter,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { startServer } from './server/server';
import { FrameReader } from './server/wire/frameReader';
import { ErrorHidingWriter, GatedReader } from './server/wire/gate';
import type { Reply } from './server/wire/jsonrpcShape';

const USAGE = 'usage: auditd-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME\n';

function log(message: string): void {
  process.stderr.write(`[auditd-language-server] ${message}\n`);
}

/** The transport the arguments name, with the reader that reads its bytes (stdio: ours). */
function transport(args: readonly string[], reply: (writer: MessageWriter) => Reply): [MessageReader, MessageWriter] | undefined {
  for (const arg of args) {
    if (arg === '--stdio') {
      const writer = new StreamMessageWriter(process.stdout);
      return [new FrameReader(process.stdin, reply(writer), log), writer];
    }
    if (arg === '--node-ipc') return [new IPCMessageReader(process), new IPCMessageWriter(process)];
    const socket = /^--socket=(\d+)$/.exec(arg);
    if (socket) return createServerSocketTransport(Number(socket[1]));
    const pipe = /^--pipe=(.+)$/.exec(arg);
    if (pipe) return createServerPipeTransport(pipe[1]);
  }
  return undefined;
}

const errorTo = (writer: MessageWriter): Reply => (id, code, message) => {
  writer.write({ jsonrpc: '2.0', id, error: { code, message } } as Parameters<MessageWriter['write']>[0]).catch((e) => log(`Could not answer: ${String(e)}`));
};

const chosen = transport(process.argv.slice(2), errorTo);
if (!chosen) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const [input, output] = chosen;
const reader = new GatedReader(input, errorTo(output), log);
// The input ended without exit: a clean end only after shutdown, as LSP's exit codes say.
reader.onClose(() => process.exit(reader.shutDown ? 0 : 1));
startServer(createConnection(ProposedFeatures.all, reader, new ErrorHidingWriter(output, log)));
