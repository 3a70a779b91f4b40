/**
 * One analysis per document version and settings, shared by every request (diagnostics, hover,
 * completion, code actions, the lens, the outline, the commands) and dropped when the document closes.
 * A lone document's rule set follows its text line by line (the core's RuleSet over the document's
 * RuleText), so an edit costs the lines it touched; a rules.d set's analysis is reused while none of
 * its open members' versions, its files on disk, or the settings changed. With the diagnostics go the
 * server's own: a BOM on disk the editor hides, and the files of a rules.d it did not read.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CancellationToken, type Diagnostic, DiagnosticSeverity, LSPErrorCodes, ResponseError, type TextDocuments } from 'vscode-languageserver/node';
import type { Analysis, HostFacts, RuleSet, Settings } from '../core';
import { core } from './core';
import { readRegularFileHead } from '../disk/regularFile';
import { type DocumentStore, resolveRuleSet, type RuleDocument, setDirectory, type SkippedFile } from './documents';
import type { SettingsStore } from './settings';

/** For `auditd.cis.applicability: host`: the machine the server runs on is taken as the Docker host. */
const HOST: HostFacts = { pathExists: (path) => existsSync(path) };

interface DocumentAnalysis {
  analysis: Analysis;
  /** The rules.d directory's URI, when the document is one of its files. */
  dir?: string;
  /** Files of the rules.d directory that were not read (a named pipe, a device, a link out of the workspace). */
  skipped: SkippedFile[];
}

/** A lone document's rule set, kept in step with its text. */
interface LiveSet { document: RuleDocument; set: RuleSet }

export class Linter {
  /** The last analysis of each document and view, with what it was made of. */
  private readonly analyses = new Map<string, { key: string; result: DocumentAnalysis }>();
  private readonly live = new Map<string, LiveSet>();
  private readonly settingsIds = new WeakMap<Settings, number>();

  /** `workspaceFolders`: file system paths a rules.d file's link may lead into, besides its own directory. */
  constructor(private readonly store: DocumentStore, private readonly settings: SettingsStore, private readonly workspaceFolders: readonly string[]) {
    store.documents.onDidClose(({ document: { uri } }) => {
      this.live.delete(uri);
      this.analyses.delete(`typed ${uri}`);
      this.analyses.delete(`saved ${uri}`);
    });
  }

  /**
   * `forEdits`: the text as typed, which edits and the positions of hover, completion and the
   * outline must fit. Otherwise the text the document's `auditd.run` setting says diagnostics follow.
   *
   * `token`: the request's. Before analysing, the server lets the messages already received be read
   * (a cancellation, an edit): a cancelled request then ends with RequestCancelled (-32800) without
   * the work, and one whose positions were in a text that has changed since with ContentModified
   * (-32801), as LSP asks, instead of an answer for text the editor no longer shows.
   */
  async analyze(uri: string, forEdits: boolean, token?: CancellationToken): Promise<DocumentAnalysis> {
    const version = this.store.get(uri)?.version;
    const settings = await this.settings.get(uri);
    if (token) {
      await new Promise((resolve) => setImmediate(resolve));
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
      if (forEdits && this.store.get(uri)?.version !== version) throw new ResponseError(LSPErrorCodes.ContentModified, 'The document changed while the request waited; ask again.');
    }
    const view = forEdits || settings.run === 'onType' ? 'typed' : 'saved';
    const dir = setDirectory(uri);
    const texts = this.store.view(view);
    const members = dir === undefined ? [uri] : texts.uris().filter((other) => other === uri || setDirectory(other) === dir);
    const key = [this.settingsId(settings), ...members.map((m) => `${m}@${texts.version(m)}`), dir === undefined ? '' : diskState(dir)].join('\n');
    const slot = `${view} ${uri}`;
    const cached = this.analyses.get(slot);
    if (cached?.key === key) return cached.result;
    const document = this.store.get(uri);
    const result = dir === undefined && view === 'typed' && document
      ? { analysis: core().analyzeSet(this.liveSet(uri, document, settings), settings.analysis, HOST), skipped: [] }
      : this.fromScratch(uri, view, settings);
    this.analyses.set(slot, { key, result });
    return result;
  }

  /** A lone document's set, caught up with its text (built again for another target machine). */
  private liveSet(uri: string, document: RuleDocument, settings: Settings): RuleSet {
    const { FactsCache, FileModel, RuleSet, targetMachine } = core();
    const target = targetMachine(settings.analysis.targetArch);
    let live = this.live.get(uri);
    if (!live || live.document !== document || live.set.target !== target) {
      const lines = new FactsCache(target);
      // A lone file: auditctl -R reads the CR of a CRLF ending as part of the line.
      live = { document, set: RuleSet.of([new FileModel(uri, document.text, lines, true)], false, lines) };
      this.live.set(uri, live);
    }
    live.set.sync();
    return live.set;
  }

  private fromScratch(uri: string, view: 'typed' | 'saved', settings: Settings): DocumentAnalysis {
    const set = resolveRuleSet(uri, this.store.view(view), this.workspaceFolders);
    return { analysis: core().analyze({ files: set.files, merged: set.merged, settings: settings.analysis, host: HOST }), dir: set.dir, skipped: set.skipped };
  }

  private settingsId(settings: Settings): number {
    let id = this.settingsIds.get(settings);
    if (id === undefined) this.settingsIds.set(settings, (id = ++settingsCount));
    return id;
  }

  async diagnostics(uri: string, token?: CancellationToken): Promise<Diagnostic[]> {
    const { analysis, skipped } = await this.analyze(uri, false, token);
    return [...(analysis.diagnostics.get(uri) ?? []), ...diskBomDiagnostics(uri, analysis), ...skipped.map(skippedDiagnostic)];
  }
}

let settingsCount = 0;

/**
 * What a rules.d directory holds as far as the set is concerned: its *.rules files, each with its size,
 * time and inode. A set whose directory reads the same is not read again.
 */
function diskState(dir: string): string {
  let names: string[];
  try {
    names = readdirSync(dir).filter(core().augenrulesTakes).sort();
  } catch {
    return 'unreadable';
  }
  return names.map((name) => {
    try {
      const s = statSync(join(dir, name));
      return `${name} ${s.size} ${s.mtimeMs} ${s.ino}`;
    } catch {
      return `${name} gone`;
    }
  }).join('|');
}

/**
 * A file augenrules would merge but the server did not read: the findings are those of the set
 * without it, and the user should know. On line 1 of every open file of the set, as a Warning.
 */
function skippedDiagnostic({ name, reason }: SkippedFile): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    code: 'skipped-file',
    source: 'auditd',
    message: `${name} in this rules.d was not read: ${reason}. The findings are those of the rule set without it.`,
  };
}

// A UTF-8 BOM the editor hides. VS Code (and Neovim) drop the BOM from the text they send, but auditctl
// reads the file from disk and takes the BOM as part of line 1's first word; so for a file: document
// the server looks at the file's first three bytes itself and adds the core's Error, saying how to
// save without it in VS Code (an edit cannot remove what the document does not hold). Saving it with
// another encoding changes no text, so a save that changes the answer refreshes the diagnostics.
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
function diskBomDiagnostics(uri: string, analysis: Analysis): Diagnostic[] {
  const shown = analysis.diagnostics.get(uri)?.some((d) => d.code === core().BOM_CODE) ?? false;
  let bom = onDisk.get(uri);
  if (bom === undefined) onDisk.set(uri, (bom = bomOnDisk(uri)));
  const hidden = !shown && bom;
  reported.set(uri, hidden);
  const firstLine = analysis.set.files.find((f) => f.uri === uri)?.split.lines[0]?.text ?? '';
  return hidden ? [core().bomDiagnostic(firstLine, ADVICE)] : [];
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
