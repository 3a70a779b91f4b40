/**
 * The reference at the cursor and the outline: hover, completion and document symbols, from the
 * core, on the document's rule set with its text as typed (the positions the client sends are in it).
 */
import type { Connection } from 'vscode-languageserver/node';
import { completion, documentSymbols, hover } from '../core';
import type { DocumentStore } from './documents';
import type { Linter } from './linter';

export function serveDocumentFeatures(connection: Connection, store: DocumentStore, linter: Linter): void {
  const analysis = async (uri: string) => (await linter.analyze(uri, true)).analysis;
  connection.onHover(async ({ textDocument: { uri }, position }) =>
    (store.isOpen(uri) ? hover(await analysis(uri), uri, position) : undefined) ?? null);
  connection.onCompletion(async ({ textDocument: { uri }, position }) =>
    (store.isOpen(uri) ? completion(await analysis(uri), uri, position) : []));
  connection.onDocumentSymbol(async ({ textDocument: { uri } }) =>
    (store.isOpen(uri) ? documentSymbols(await analysis(uri), uri) : []));
}
