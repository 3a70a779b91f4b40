// A raw-bytes client for the server's stdio: it writes whatever bytes a test gives it (malformed ones
// too) and reads the server's answers as the base protocol frames them. Every wait is on a message
// from the server or on its exit, never on time.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { ROOT } from './harness.mjs';

const SERVER = path.join(ROOT, 'dist/server.js');

/** One base-protocol frame holding `message` (an object, or a string taken as the body as is). */
export function frame(message, headers = {}) {
  const body = Buffer.from(typeof message === 'string' ? message : JSON.stringify(message), 'utf8');
  const lines = Object.entries({ 'Content-Length': body.length, ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
  return Buffer.concat([Buffer.from(`${lines.join('')}\r\n`, 'latin1'), body]);
}

export const request = (id, method, params) => ({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
export const notification = (method, params) => ({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) });

export class RawClient {
  messages = [];
  stderr = '';
  #buffer = Buffer.alloc(0);
  #waiters = [];

  constructor() {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = once(this.child, 'exit').then(([code]) => code);
    this.child.stdout.on('data', (chunk) => this.#read(chunk));
    this.child.stderr.on('data', (chunk) => {
      this.stderr += chunk;
      this.#notify(undefined);
    });
    this.child.on('exit', () => {
      for (const w of this.#waiters.splice(0)) w.reject(new Error(`the server exited; it said on stderr:\n${this.stderr}`));
    });
  }

  /** A server past initialize and initialized. */
  static async initialized() {
    const client = new RawClient();
    client.send(frame(request(0, 'initialize', { processId: null, rootUri: null, capabilities: {} })));
    await client.response(0);
    client.send(frame(notification('initialized', {})));
    return client;
  }

  send(bytes) {
    this.child.stdin.write(bytes);
  }

  /** The first message from the server that `accept` takes. */
  until(accept) {
    const found = this.messages.find(accept);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => this.#waiters.push({ accept: (m) => m !== undefined && accept(m), resolve, reject }));
  }

  /** Resolves once the server's stderr (its log) matches `pattern`: it is a pipe of its own, read in its own time. */
  logged(pattern) {
    if (pattern.test(this.stderr)) return Promise.resolve(this.stderr);
    return new Promise((resolve, reject) => this.#waiters.push({ accept: () => pattern.test(this.stderr), resolve: () => resolve(this.stderr), reject }));
  }

  response(id) {
    return this.until((m) => m.id === id && ('result' in m || 'error' in m));
  }

  /** The error responses with id null, as the server sends for a message it could not read. */
  anonymousErrors() {
    return this.messages.filter((m) => m.id === null && m.error);
  }

  kill() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }

  #read(chunk) {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.#buffer.toString('latin1', 0, end))[1]);
      if (this.#buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.#buffer.toString('utf8', end + 4, end + 4 + length));
      this.#buffer = this.#buffer.subarray(end + 4 + length);
      this.messages.push(message);
      this.#notify(message);
    }
  }

  /** `message`: a message just read; undefined when more of stderr came. */
  #notify(message) {
    for (const w of [...this.#waiters]) {
      if (!w.accept(message)) continue;
      this.#waiters.splice(this.#waiters.indexOf(w), 1);
      w.resolve(message);
    }
  }
}
