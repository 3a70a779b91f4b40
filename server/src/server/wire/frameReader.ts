/**
 * The LSP base protocol read strictly from a byte stream (stdio): `Content-Length: N\r\n`, optional
 * `Content-Type: application/vscode-jsonrpc; charset=utf-8`, a blank line, then N bytes of UTF-8 JSON.
 * vscode-jsonrpc's own reader stops for good at the first bad header and waits forever for a length it
 * cannot trust; this one answers or drops each malformed message and finds the next one, so a client's
 * mistake costs that message, not the session.
 *
 * A frame whose headers cannot be trusted (no or a bad length, a line that is no header, no end) gets a
 * Parse error (id null) and the reader skips to the next `Content-Length:`. A frame whose length is
 * sound but whose content type or charset is not ours is skipped by its length and answered. A body
 * that is not JSON gets a Parse error; a body that ends before its declared length (the next frame's
 * header shows up in it) or runs past it is cut where the next frame starts.
 */
import type { Readable } from 'node:stream';
import { AbstractMessageReader, ErrorCodes, type DataCallback, type Disposable } from 'vscode-languageserver/node';
import { checkShape, type Reply } from './jsonrpcShape';

/** Header blocks are a few dozen bytes; more without a blank line is not a header. */
const MAX_HEADER_BYTES = 8 * 1024;
/** The largest body read: a document far above the 4 MiB cap on files read from disk, opened in the editor. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n');
const LENGTH_HEADER_TEXT = 'content-length:';
const LENGTH_HEADER = /content-length:/gi;

/** The offset of the next `Content-Length:` (any case) at or after `from`, or -1. */
function searchFrom(text: string, from: number): number {
  LENGTH_HEADER.lastIndex = from;
  return LENGTH_HEADER.exec(text)?.index ?? -1;
}
/** The start of the next frame, inside a body that was declared longer than it is. */
const NEXT_FRAME_IN_BODY = Buffer.from('}Content-Length:');
const CHARSETS = new Set(['utf-8', 'utf8']);
const CONTENT_TYPES = new Set(['application/vscode-jsonrpc', 'application/json']);
/** RFC 9110 token characters: a header name is one token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

type Headers = { ok: true; length: number; unreadable?: string } | { ok: false; reason: string };

export class FrameReader extends AbstractMessageReader {
  private readonly bytes = new ByteQueue();
  /** Bytes before this offset belong to a header block already reported as malformed. */
  private reportedUpTo = 0;
  /**
   * Skipping garbage after a malformed header block, to the next `Content-Length:`: bytes that come in
   * later are searched, not read as headers, so what is reported does not depend on how the stream was cut.
   */
  private skipping = false;
  /** The frame whose body is being read; `scanned`: body bytes already searched for the next frame. */
  private body: { length: number; unreadable?: string; scanned: number } | undefined;
  private callback: DataCallback | undefined;

  /** `reply`: answers a malformed message the connection never sees; `log`: the server's log. */
  constructor(private readonly input: Readable, private readonly reply: Reply, private readonly log: (message: string) => void) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer) => this.onData(chunk);
    const onClose = () => this.fireClose();
    const onError = (error: Error) => this.fireError(error);
    this.input.on('data', onData);
    this.input.on('close', onClose);
    this.input.on('error', onError);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('close', onClose);
        this.input.off('error', onError);
      },
    };
  }

  private onData(chunk: Buffer): void {
    this.bytes.append(chunk);
    while (this.body ? this.readBody() : this.readHeaders());
  }

  /** One header block; false when more bytes are needed. */
  private readHeaders(): boolean {
    if (this.skipping) return this.resync(0);
    const view = this.bytes.view();
    const end = view.indexOf(HEADER_END);
    if (end < 0) {
      if (view.length <= MAX_HEADER_BYTES) return false;
      this.malformed(`no end of headers in the first ${MAX_HEADER_BYTES} bytes`, view.length);
      return this.resync(1, view.length);
    }
    // Blank lines between frames are harmless.
    if (end === 0) return this.consume(HEADER_END.length);
    const headers = parseHeaders(view.toString('latin1', 0, end));
    if (!headers.ok) {
      this.malformed(headers.reason, end + HEADER_END.length);
      return this.resync(1, end);
    }
    this.body = { length: headers.length, unreadable: headers.unreadable, scanned: 0 };
    return this.consume(end + HEADER_END.length);
  }

  /** The body of the current frame; false when more bytes are needed. */
  private readBody(): boolean {
    const body = this.body!;
    const view = this.bytes.view();
    const available = Math.min(body.length, view.length);
    // Each byte is searched once (with an overlap for a match split between two reads).
    const early = view.subarray(0, available).indexOf(NEXT_FRAME_IN_BODY, Math.max(0, body.scanned - NEXT_FRAME_IN_BODY.length));
    body.scanned = available;
    if (early >= 0) {
      // The next frame began before this one's declared end: its length was wrong.
      this.body = undefined;
      this.answer(view.subarray(0, early + 1), ErrorCodes.ParseError, `Parse error: the body is shorter than its Content-Length (${body.length})`);
      return this.consume(early + 1);
    }
    if (view.length < body.length) return false;
    this.body = undefined;
    const bytes = view.subarray(0, body.length);
    if (body.unreadable) {
      this.answer(bytes, ErrorCodes.InvalidRequest, `Invalid request: ${body.unreadable}`);
      return this.consume(body.length);
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (err) {
      this.answer(bytes, ErrorCodes.ParseError, `Parse error: the message body is not UTF-8 JSON (${(err as Error).message})`);
      // A body declared too short leaves the rest of its JSON behind: go on at the next frame's header.
      return this.resync(0);
    }
    this.consume(body.length);
    const message = checkShape(json, this.reply, this.log);
    if (message) this.callback?.(message);
    return true;
  }

  /** A frame that was read but cannot be taken: answered, to its id when the body still shows one. */
  private answer(bytes: Buffer, code: number, message: string): void {
    this.log(`Dropped a message: ${message}`);
    this.reply(idIn(bytes), code, message);
  }

  private malformed(reason: string, blockEnd: number): void {
    if (blockEnd <= this.reportedUpTo) return;
    this.reportedUpTo = blockEnd;
    this.log(`Dropped a message with malformed headers: ${reason}`);
    this.reply(null, ErrorCodes.ParseError, `Parse error: malformed message headers (${reason})`);
  }

  /**
   * Skips to the next `Content-Length:` at or after `from`, keeping a tail that may be its start (and
   * skipping on as more bytes come). One that begins a line of the malformed header block ending at
   * `blockEnd` belongs to that block; one in the middle of a line is a frame glued to the garbage before
   * it (a separator was wrong).
   */
  private resync(from: number, blockEnd = 0): boolean {
    const view = this.bytes.view();
    const text = view.toString('latin1');
    for (let at = from; ; at++) {
      at = searchFrom(text, at);
      if (at < 0) break;
      if (at < blockEnd && text.startsWith('\r\n', at - 2)) continue;
      this.skipping = false;
      return this.consume(at);
    }
    // The tail kept is shorter than `Content-Length:`: none found and passed over above can be found again.
    this.consume(Math.max(from, view.length - (LENGTH_HEADER_TEXT.length - 1)));
    this.skipping = true;
    return false;
  }

  private consume(count: number): boolean {
    this.bytes.consume(count);
    this.reportedUpTo = Math.max(0, this.reportedUpTo - count);
    return true;
  }
}

/** Bytes received and not yet read, contiguous, grown by doubling: appending a large body costs its length. */
/** What the queue starts with, and goes back to once a large message has been read. */
const QUEUE_BYTES = 64 * 1024;

class ByteQueue {
  private store = Buffer.alloc(QUEUE_BYTES);
  private start = 0;
  private end = 0;

  append(chunk: Buffer): void {
    if (this.end + chunk.length > this.store.length) {
      const size = this.end - this.start;
      const next = size + chunk.length > this.store.length / 2 ? Buffer.alloc(Math.max(this.store.length, size + chunk.length) * 2) : this.store;
      this.store.copy(next, 0, this.start, this.end);
      this.store = next;
      this.start = 0;
      this.end = size;
    }
    chunk.copy(this.store, this.end);
    this.end += chunk.length;
  }

  view(): Buffer {
    return this.store.subarray(this.start, this.end);
  }

  consume(count: number): void {
    this.start = Math.min(this.end, this.start + count);
    // A 6 MB didOpen grew the store to 16 MB: give it back once read, not for the server's lifetime.
    if (this.start === this.end && this.store.length > QUEUE_BYTES) {
      this.store = Buffer.alloc(QUEUE_BYTES);
      this.start = 0;
      this.end = 0;
    }
  }
}

function parseHeaders(block: string): Headers {
  let length: number | undefined;
  let unreadable: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) return { ok: false, reason: `a header line without a colon: ${quote(line)}` };
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return { ok: false, reason: `not a header name: ${quote(name)}` };
    const value = line.slice(colon + 1).trim();
    switch (name.toLowerCase()) {
      case 'content-length': {
        if (length !== undefined) return { ok: false, reason: 'Content-Length given twice' };
        if (!/^\d+$/.test(value)) return { ok: false, reason: `Content-Length is not a byte count: ${quote(value)}` };
        const n = Number(value);
        if (n > MAX_BODY_BYTES) return { ok: false, reason: `Content-Length ${value} is more than the ${MAX_BODY_BYTES} bytes a message may have` };
        length = n;
        break;
      }
      case 'content-type':
        unreadable ??= contentTypeProblem(value);
        break;
      default:
        // Headers LSP may add later are ignored, as the specification asks.
    }
  }
  if (length === undefined) return { ok: false, reason: 'no Content-Length header' };
  return { ok: true, length, unreadable };
}

function contentTypeProblem(value: string): string | undefined {
  const [type, ...parameters] = value.split(';').map((part) => part.trim());
  if (!CONTENT_TYPES.has(type.toLowerCase())) return `Content-Type ${quote(type)} is not application/vscode-jsonrpc`;
  for (const parameter of parameters) {
    const [name, raw = ''] = parameter.split('=').map((part) => part.trim());
    const charset = raw.replace(/^"(.*)"$/, '$1').toLowerCase();
    if (name.toLowerCase() === 'charset' && !CHARSETS.has(charset)) return `charset ${quote(raw)} is not utf-8, the only one LSP allows`;
  }
  return undefined;
}

/** The id of a request whose body is JSON after all (an ASCII-compatible charset), to answer it. */
function idIn(bytes: Buffer): string | number | null {
  try {
    const id = (JSON.parse(bytes.toString('latin1')) as { id?: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
