/** A failure the server survives goes to the client's log, with its stack when it has one. */
import type { Connection } from 'vscode-languageserver/node';

export function logFailure(connection: Connection, what: string): (e: unknown) => void {
  return (e) => connection.console.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}
