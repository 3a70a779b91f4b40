/**
 * LSP's lifecycle and the params of each method, enforced between the transport and the connection,
 * for every transport (stdio, node IPC, socket, pipe):
 *
 * - before `initialize`, a request gets ServerNotInitialized (-32002) and a notification is dropped,
 *   except `exit`; a second `initialize` is an Invalid Request;
 * - after `shutdown`, a request gets Invalid Request (-32600) and a notification other than `exit` is
 *   dropped (vscode-languageserver exits 0 on `exit` after `shutdown`, 1 without it);
 * - a request whose params are of the wrong type gets Invalid Params (-32602) naming the field
 *   (params.ts); such a notification is dropped and logged.
 *
 * What the connection then answers goes through `ErrorHidingWriter`: an internal error's text (a
 * JavaScript exception's message) goes to the server's log, and the client gets a plain sentence.
 */
import {
  ErrorCodes,
  Message,
  type DataCallback,
  type Disposable,
  type MessageReader,
  type MessageWriter,
  type NotificationMessage,
  type RequestMessage,
  type ResponseMessage,
} from 'vscode-languageserver/node';
import type { Reply } from './jsonrpcShape';
import { paramsProblem } from './params';

type Phase = 'uninitialized' | 'running' | 'shutDown';

export class GatedReader implements MessageReader {
  private phase: Phase = 'uninitialized';

  constructor(private readonly inner: MessageReader, private readonly reply: Reply, private readonly log: (message: string) => void) {}

  get onError() {
    return this.inner.onError;
  }

  get onClose() {
    return this.inner.onClose;
  }

  get onPartialMessage() {
    return this.inner.onPartialMessage;
  }

  /** `shutdown` was received: ending the input now is a clean exit. */
  get shutDown(): boolean {
    return this.phase === 'shutDown';
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      if (Message.isRequest(message)) this.request(message, callback);
      else if (Message.isNotification(message)) this.notification(message, callback);
      else callback(message);
    });
  }

  dispose(): void {
    this.inner.dispose();
  }

  private request(message: RequestMessage, pass: DataCallback): void {
    const refuse = (code: number, why: string) => {
      this.log(`Refused ${message.method} (id ${JSON.stringify(message.id)}): ${why}`);
      this.reply(message.id, code, why);
    };
    const initialize = message.method === 'initialize';
    if (this.phase === 'uninitialized' && !initialize) return refuse(ErrorCodes.ServerNotInitialized, `${message.method} before initialize: the server is not initialized yet`);
    if (this.phase === 'running' && initialize) return refuse(ErrorCodes.InvalidRequest, 'initialize was already sent; it may be sent only once');
    if (this.phase === 'shutDown') return refuse(ErrorCodes.InvalidRequest, `${message.method} after shutdown: the server is shutting down, only exit may follow`);
    const problem = paramsProblem(message.method, message.params);
    if (problem) return refuse(ErrorCodes.InvalidParams, `${message.method}: ${problem}`);
    if (initialize) this.phase = 'running';
    if (message.method === 'shutdown') this.phase = 'shutDown';
    pass(message);
  }

  private notification(message: NotificationMessage, pass: DataCallback): void {
    if (message.method !== 'exit') {
      if (this.phase !== 'running') return this.log(`Dropped ${message.method}: ${this.phase === 'shutDown' ? 'after shutdown' : 'before initialize'}`);
      const problem = paramsProblem(message.method, message.params);
      if (problem) return this.log(`Dropped ${message.method}: ${problem}`);
    }
    pass(message);
  }
}

/**
 * vscode-jsonrpc answers a handler's exception with InternalError and the exception's message
 * ("Request textDocument/hover failed with message: Cannot read properties of undefined"): that is
 * the server's business, not the client's. The text goes to the log; the client reads a plain sentence.
 */
export class ErrorHidingWriter implements MessageWriter {
  constructor(private readonly inner: MessageWriter, private readonly log: (message: string) => void) {}

  get onError() {
    return this.inner.onError;
  }

  get onClose() {
    return this.inner.onClose;
  }

  write(message: Message): Promise<void> {
    const error = (message as ResponseMessage).error;
    if (!Message.isResponse(message) || error?.code !== ErrorCodes.InternalError) return this.inner.write(message);
    this.log(`Internal error answering request ${JSON.stringify(message.id)}: ${error.message}${error.data === undefined ? '' : ` ${JSON.stringify(error.data)}`}`);
    return this.inner.write({ ...message, error: { code: ErrorCodes.InternalError, message: 'The auditd language server failed on this request; its log has the details.' } } as ResponseMessage);
  }

  end(): void {
    this.inner.end();
  }

  dispose(): void {
    this.inner.dispose();
  }
}
