/**
 * The requests a person makes at a place in a document: hover, completion, the outline and the code
 * actions, on the text as typed (the positions the client sends are in it); and the server's commands.
 */
import { type CancellationToken, type Connection, ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { DocumentStore } from './documents';
import type { Linter } from './analyses';
import { core } from './core';
import { ADD_ALL_MISSING, type AddAllMissingResult, COVERAGE, type CoverageResult, LISTING, type ListingResult } from './protocol';

/** What the client's workspace edits can do, which decides the code actions offered (see ClientSupport). */
interface EditSupport { normalizesLineEndings: boolean; createFiles: boolean }

export function serveDocumentFeatures(connection: Connection, store: DocumentStore, linter: Linter, edits: EditSupport): void {
  const analysis = async (uri: string, token: CancellationToken) => (await linter.analyze(uri, true, token)).analysis;
  connection.onCodeAction(async ({ textDocument: { uri }, context }, token) => {
    if (!store.isOpen(uri)) return [];
    const { analysis, dir } = await linter.analyze(uri, true, token);
    return core().codeActions(analysis, uri, { diagnostics: context.diagnostics, only: context.only, normalizesLineEndings: edits.normalizesLineEndings }, edits.createFiles ? dir : undefined);
  });
  connection.onHover(async ({ textDocument: { uri }, position }, token) =>
    (store.isOpen(uri) ? core().hover(await analysis(uri, token), uri, position) : undefined) ?? null);
  connection.onCompletion(async ({ textDocument: { uri }, position }, token) =>
    (store.isOpen(uri) ? core().completion(await analysis(uri, token), uri, position) : []));
  connection.onDocumentSymbol(async ({ textDocument: { uri } }, token) =>
    (store.isOpen(uri) ? core().documentSymbols(await analysis(uri, token), uri) : []));
}

// The server's commands (workspace/executeCommand): a document's CIS coverage, and adding every
// missing CIS rule at once. Their ids are not the code lens's (auditd.showCoverage,
// auditd.addAllMissing), which the VS Code client implements itself: vscode-languageclient registers
// each server command as a VS Code command, and an id can be registered only once.
export function serveCommands(connection: Connection, store: DocumentStore, linter: Linter, canApplyEdit: boolean): void {
  connection.onExecuteCommand(async ({ command, arguments: args }, token) => {
    const uri = args?.[0];
    if (typeof uri !== 'string' || !store.isOpen(uri)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${command} takes the URI of an open auditd document, not ${JSON.stringify(uri)}`);
    }
    switch (command) {
      case COVERAGE:
        return coverageOf(linter, uri, token);
      case LISTING:
        return listingOf(linter, uri, token);
      case ADD_ALL_MISSING:
        if (!canApplyEdit) throw new ResponseError(ErrorCodes.InvalidRequest, `${command} needs a client that applies workspace edits (workspace/applyEdit)`);
        return addAllMissing(connection, linter, uri, token);
      default:
        throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${command}`);
    }
  });
}

/** As the diagnostics see it (the saved text under `auditd.run: onSave`), so the two agree. */
async function coverageOf(linter: Linter, uri: string, token: CancellationToken): Promise<CoverageResult | null> {
  const { coverage, coverageMarkdown, coverageSummary } = core();
  const c = coverage((await linter.analyze(uri, false, token)).analysis);
  return c ? { summary: coverageSummary(c), markdown: coverageMarkdown(c), rows: c.rows } : null;
}

/** The set's listing as the diagnostics see it, and where its load stops. */
async function listingOf(linter: Linter, uri: string, token: CancellationToken): Promise<ListingResult> {
  const { analysis } = await linter.analyze(uri, false, token);
  const stop = analysis.load.stop;
  const { editorLines, kernelListing, listingText } = core();
  return {
    text: listingText(kernelListing(analysis.set, analysis.load)),
    stop: stop ? { uri: analysis.set.files[stop.ref.file].uri, line: editorLines(analysis.set.files[stop.ref.file].split).position(stop.ref.line, 0).line } : undefined,
  };
}

/** The fix-all edit of the document's set, into the file that carries the CIS findings (maybe another file of the set). */
async function addAllMissing(connection: Connection, linter: Linter, uri: string, token: CancellationToken): Promise<AddAllMissingResult> {
  const { analysis } = await linter.analyze(uri, true, token);
  const { insertLinesEdit, missingLines } = core();
  const lines = missingLines(analysis);
  const edit = analysis.cis && lines.length > 0 ? insertLinesEdit(analysis.set, analysis.cis, lines) : undefined;
  if (!analysis.cis || !edit) return { added: 0, applied: false };
  const fixUri = analysis.set.files[analysis.cis.fixFile].uri;
  const { applied } = await connection.workspace.applyEdit({
    label: 'Add the missing CIS Docker rules',
    edit: { changes: { [fixUri]: [edit] } },
  });
  return { added: lines.length, applied };
}
