/**
 * dist/lsp.js, the language server on the LSP library, on the transport the command's arguments name
 * (server/main.ts loads it, after answering initialize on stdio when it could). Every transport's
 * messages pass the lifecycle and params checks (server/wire/gate); on stdio the base protocol itself is
 * read by our strict frame reader (server/wire/frameReader), which answers a malformed message and goes
 * on with the next. The server's log is its stderr, which editors show as the server's output.
 */
import type { Readable } from 'node:stream';
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
import { startServer } from './server';
import { AnsweredOnce, type EarlyStart } from './wire/earlyInitialize';
import { FrameReader } from './wire/frameReader';
import { ErrorHidingWriter, GatedReader } from './wire/gate';
import type { Reply } from './wire/jsonrpcShape';

function log(message: string): void {
  process.stderr.write(`[auditd-language-server] ${message}\n`);
}

/** The transport an argument names (stdio: our reader, on what was read before and the rest of stdin). */
function transport(arg: string, stdin: Readable, reply: (writer: MessageWriter) => Reply): [MessageReader, MessageWriter] {
  if (arg === '--stdio') {
    const writer = new StreamMessageWriter(process.stdout);
    return [new FrameReader(stdin, reply(writer), log), writer];
  }
  if (arg === '--node-ipc') return [new IPCMessageReader(process), new IPCMessageWriter(process)];
  const socket = /^--socket=(\d+)$/.exec(arg);
  if (socket) return createServerSocketTransport(Number(socket[1]));
  return createServerPipeTransport(arg.slice('--pipe='.length));
}

const errorTo = (writer: MessageWriter): Reply => (id, code, message) => {
  writer.write({ jsonrpc: '2.0', id, error: { code, message } } as Parameters<MessageWriter['write']>[0]).catch((e) => log(`Could not answer: ${String(e)}`));
};

/** Serves on the transport `arg` names (server/main: transportArgument); `early`: stdio, with initialize maybe answered. */
export function serve(arg: string, early?: EarlyStart): void {
  const [input, output] = transport(arg, early?.input ?? process.stdin, errorTo);
  const reader = new GatedReader(input, errorTo(output), log);
  // The input ended without exit: a clean end only after shutdown, as LSP's exit codes say.
  reader.onClose(() => process.exit(reader.shutDown ? 0 : 1));
  startServer(createConnection(ProposedFeatures.all, reader, new ErrorHidingWriter(new AnsweredOnce(output, early?.answered), log)));
}
