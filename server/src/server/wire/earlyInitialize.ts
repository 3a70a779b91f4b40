/**
 * On stdio, the answer to initialize before the LSP library loads. An editor waits for that answer
 * before it goes on, and loading vscode-languageserver costs about half again what starting Node does
 * (`npm run bench` prints both). So when the first message on stdin is a sound initialize request, this
 * answers it, from the capabilities the server itself answers with (server/capabilities); then the
 * server starts on every byte read so far and the rest of stdin, as if it had read them itself, and its
 * own answer to that request is dropped: the client has one.
 *
 * "Sound" is narrower than what the server's reader takes (server/wire/frameReader, gate, params): a
 * Content-Length header (and at most the one Content-Type LSP names), a JSON body with jsonrpc 2.0, an
 * id, method initialize and params the gate accepts. Anything else, or stdin ending first, is left to
 * the server, which answers it as it answers any message: nothing is decided here that it decides.
 *
 * Free of the LSP library's values by design: build.mjs fails the build when one lands in dist/server.js.
 */
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { InitializeParams, InitializeResult, Message, MessageWriter, ResponseMessage } from 'vscode-languageserver-protocol';
import { paramsProblem } from './params';

/** An initialize request is a few kilobytes; a first message larger than this is left to the server. */
const MAX_FIRST_MESSAGE = 1024 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
const HEADER_LINE = /^(?:content-length: *(\d+)|content-type: *application\/vscode-jsonrpc; *charset=utf-8) *$/i;

export interface EarlyStart {
  /** What the server reads: the bytes read here, then the rest of stdin. */
  input: Readable;
  /** The id of the initialize request answered here, if one was. */
  answered?: string | number;
}

/** Reads stdin up to the end of its first message; answers it when it is a sound initialize request. */
export function answerInitializeEarly(stdin: Readable, stdout: Writable, answer: (params: InitializeParams) => InitializeResult): Promise<EarlyStart> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const handOver = (answered?: string | number) => {
      stdin.off('data', onData).off('end', onEnd).off('error', onEnd);
      const input = new PassThrough();
      input.write(Buffer.concat(chunks));
      stdin.pipe(input);
      resolve({ input, answered });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      const first = firstMessage(Buffer.concat(chunks));
      if (first === 'more' && received <= MAX_FIRST_MESSAGE) return;
      const request = first === 'more' ? undefined : soundInitialize(first);
      if (request) stdout.write(frame({ jsonrpc: '2.0', id: request.id, result: answer(request.params) }));
      handOver(request?.id);
    };
    const onEnd = () => handOver();
    stdin.on('data', onData).on('end', onEnd).on('error', onEnd);
  });
}

/** The first message's body; 'more' while its headers or body are still coming; undefined when its headers are not plain. */
function firstMessage(bytes: Buffer): Buffer | 'more' | undefined {
  const end = bytes.indexOf(HEADER_END);
  if (end < 0) return 'more';
  let length: number | undefined;
  for (const line of bytes.toString('latin1', 0, end).split('\r\n')) {
    const header = HEADER_LINE.exec(line);
    if (!header) return undefined;
    if (header[1] !== undefined) {
      if (length !== undefined) return undefined;
      length = Number(header[1]);
    }
  }
  if (length === undefined || length > MAX_FIRST_MESSAGE) return undefined;
  const start = end + HEADER_END.length;
  return bytes.length < start + length ? 'more' : bytes.subarray(start, start + length);
}

function soundInitialize(body: Buffer | undefined): { id: string | number; params: InitializeParams } | undefined {
  if (!body) return undefined;
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return undefined;
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
  const { jsonrpc, id, method, params } = message;
  if (jsonrpc !== '2.0' || method !== 'initialize' || !(typeof id === 'string' || Number.isInteger(id))) return undefined;
  if (paramsProblem('initialize', params) !== undefined) return undefined;
  return { id: id as string | number, params: params as InitializeParams };
}

function frame(message: ResponseMessage): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/** The server's writer, less its own answer to the initialize request answered early. */
export class AnsweredOnce implements MessageWriter {
  private pending: boolean;

  constructor(private readonly inner: MessageWriter, private readonly answered: string | number | undefined) {
    this.pending = answered !== undefined;
  }

  get onError() {
    return this.inner.onError;
  }

  get onClose() {
    return this.inner.onClose;
  }

  write(message: Message): Promise<void> {
    const response = message as ResponseMessage;
    if (this.pending && !('method' in message) && response.id === this.answered) {
      this.pending = false;
      return Promise.resolve();
    }
    return this.inner.write(message);
  }

  end(): void {
    this.inner.end();
  }

  dispose(): void {
    this.inner.dispose();
  }
}
