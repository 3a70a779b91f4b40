/**
 * JSON-RPC 2.0's shape of a message, checked before the connection sees it: a request has a method and
 * a string or number id, a notification a method and no id, a response an id and a result or an error;
 * params, when present, are an object, an array or null. Anything else is answered with Invalid Request
 * (-32600), to its id when it has a usable one; a malformed response is only logged (there is nobody to
 * answer). LSP has no batches, so an array is refused as a whole.
 */
import { ErrorCodes, type Message } from 'vscode-languageserver/node';

/** Sends an error response the connection knows nothing of. */
export type Reply = (id: string | number | null, code: number, message: string) => void;

export function checkShape(json: unknown, reply: Reply, log: (message: string) => void): Message | undefined {
  const invalid = (id: unknown, why: string) => {
    log(`Dropped an invalid message: ${why}`);
    reply(typeof id === 'string' || typeof id === 'number' ? id : null, ErrorCodes.InvalidRequest, `Invalid request: ${why}`);
    return undefined;
  };
  if (Array.isArray(json)) return invalid(null, 'a batch (a JSON array); LSP sends one message at a time');
  if (typeof json !== 'object' || json === null) return invalid(null, 'a message is a JSON object');
  const m = json as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return invalid(m.id, '"jsonrpc" must be "2.0"');
  const hasId = 'id' in m;
  if (hasId && typeof m.id !== 'string' && !(typeof m.id === 'number' && Number.isInteger(m.id))) {
    // A response to a request we could not read has id null: that is the client's answer, not a mistake.
    if (!('method' in m) && m.id === null && 'error' in m) return undefined;
    return invalid(null, '"id" must be a string or an integer');
  }
  if ('method' in m) {
    if (typeof m.method !== 'string') return invalid(m.id, '"method" must be a string');
    // null is taken as no params: clients send `"params": null` with shutdown and exit.
    if ('params' in m && typeof m.params !== 'object') return invalid(m.id, '"params" must be an object or an array');
    return m as unknown as Message;
  }
  if (hasId && ('result' in m) !== ('error' in m)) return m as unknown as Message;
  log(`Dropped a message that is neither a request, a notification nor a response: ${JSON.stringify(json).slice(0, 200)}`);
  return undefined;
}
