/**
 * A UTF-8 BOM the editor hides. VS Code (and Neovim) drop the BOM from the text they send, but auditctl
 * reads the file from disk and takes the BOM as part of line 1's first word; so for a file: document
 * the server looks at the file's first three bytes itself and adds the core's Error, saying how to
 * save without it in VS Code (an edit cannot remove what the document does not hold). Saving it with
 * another encoding changes no text, so a save that changes the answer refreshes the diagnostics.
 */
import { fileURLToPath } from 'node:url';
import type { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { RuleDocument } from './documents';
import { BOM_CODE, bomDiagnostic, type Analysis } from '../core';
import { readRegularFileHead } from '../disk/regularFile';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const ADVICE = 'VS Code hides it: click "UTF-8 with BOM" in the status bar, choose "Save with Encoding", then "UTF-8"';

/** What the diagnostics last said of each document's file, to know when a save changed it. */
const reported = new Map<string, boolean>();
/** Whether each open document's file starts with a BOM: read on first need, and again on save. */
const onDisk = new Map<string, boolean>();

/** Not saved yet, gone, unreadable or not a regular file: there is no BOM for auditctl to read either. */
function bomOnDisk(uri: string): boolean {
  if (!uri.startsWith('file:')) return false;
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    return false;
  }
  const head = readRegularFileHead(path, UTF8_BOM.length);
  return head.ok && head.bytes.equals(UTF8_BOM);
}

/** The Error for a BOM on disk that the document's text does not show (the core reports one it does show). */
export function diskBomDiagnostics(uri: string, analysis: Analysis): Diagnostic[] {
  const shown = analysis.diagnostics.get(uri)?.some((d) => d.code === BOM_CODE) ?? false;
  let bom = onDisk.get(uri);
  if (bom === undefined) onDisk.set(uri, (bom = bomOnDisk(uri)));
  const hidden = !shown && bom;
  reported.set(uri, hidden);
  const firstLine = analysis.set.files.find((f) => f.uri === uri)?.split.lines[0]?.text ?? '';
  return hidden ? [bomDiagnostic(firstLine, ADVICE)] : [];
}

/** After a save that added or removed the BOM on disk, `outdated` asks for the document's diagnostics again. */
export function refreshOnBomChange(documents: TextDocuments<RuleDocument>, outdated: (uris: readonly string[]) => void): void {
  documents.onDidSave(({ document: { uri } }) => {
    const bom = bomOnDisk(uri);
    onDisk.set(uri, bom);
    if (reported.has(uri) && reported.get(uri) !== bom) outdated([uri]);
  });
  documents.onDidClose(({ document: { uri } }) => {
    reported.delete(uri);
    onDisk.delete(uri);
  });
}
