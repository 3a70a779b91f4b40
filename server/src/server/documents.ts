/**
 * The open documents and the rule sets they belong to. A document's text is a RuleText: the editor's
 * changes go into its lines as they come, and nothing splits the whole text again. Each has two views:
 * as typed, and as it was when last opened or saved (what `auditd.run: onSave` analyses, so that
 * diagnostics hold still while typing). A *.rules file in a rules.d directory is analysed with the files
 * augenrules merges with it, read from disk but for the open ones.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Connection, type TextDocumentContentChangeEvent, TextDocuments } from 'vscode-languageserver/node';
import type { RuleFile, RuleText, SplitText } from '../core';
import { readRegularFile } from '../disk/regularFile';
import { core } from './core';

/** An open document: its URI, version and lines. */
export class RuleDocument {
  constructor(readonly uri: string, readonly languageId: string, public version: number, readonly text: RuleText) {}

  apply(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) this.text.apply(change);
    this.version = version;
  }

  getText(): string {
    return this.text.getText();
  }
}

/** What a rule-set lookup needs of the open documents. */
interface OpenTexts {
  uris(): string[];
  text(uri: string): string | undefined;
  /** The document's version in this view (the saved view changes only on open and save). */
  version(uri: string): number | undefined;
}

type TextView = 'typed' | 'saved';

export class DocumentStore {
  readonly documents = new TextDocuments<RuleDocument>({
    create: (uri, languageId, version, text) => new RuleDocument(uri, languageId, version, new (core().RuleText)(text)),
    update: (document, changes, version) => {
      document.apply(changes, version);
      return document;
    },
  });
  /** The text of each document as last opened or saved, as lines (shared with the typed text until they change). */
  private readonly saved = new Map<string, { lines: SplitText; version: number }>();
  private saves = 0;

  constructor() {
    // Subscribed before any other handler, so the saved text is up to date when those run.
    const keep = ({ document }: { document: RuleDocument }) => this.saved.set(document.uri, { lines: document.text.snapshot(), version: ++this.saves });
    this.documents.onDidOpen(keep);
    this.documents.onDidSave(keep);
    this.documents.onDidClose(({ document }) => this.saved.delete(document.uri));
  }

  listen(connection: Connection): void {
    this.documents.listen(connection);
  }

  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

  get(uri: string): RuleDocument | undefined {
    return this.documents.get(uri);
  }

  uris(): string[] {
    return this.documents.keys();
  }

  view(view: TextView): OpenTexts {
    const saved = (uri: string) => (view === 'saved' ? this.saved.get(uri) : undefined);
    return {
      uris: () => this.uris(),
      text: (uri) => {
        const kept = saved(uri);
        return kept ? core().joinLines(kept.lines) : this.documents.get(uri)?.getText();
      },
      version: (uri) => saved(uri)?.version ?? this.documents.get(uri)?.version,
    };
  }
}

// Which files a document is analysed with. A *.rules file whose directory is named rules.d is one
// of the files augenrules merges: the set is every *.rules file there (read from disk), with the
// open documents' text winning over what is on disk. Any other document stands alone, as
// `auditctl -R file` loads it. Only regular files are read from disk, and a link only when it leads
// into the rules.d directory or a workspace folder (disk/regularFile); the others are left out of the
// set, and the set says which and why.
interface ResolvedSet {
  files: RuleFile[];
  merged: boolean;
  /** The rules.d directory's URI, where the "create docker.rules" action puts its file. */
  dir?: string;
  /** Files of the directory left out of the set, with the reason. */
  skipped: SkippedFile[];
}

export interface SkippedFile {
  name: string;
  reason: string;
}

/** The file system path of the rules.d directory a document belongs to, if it belongs to one. */
export function setDirectory(uri: string): string | undefined {
  const path = filePath(uri);
  return path === undefined ? undefined : core().rulesDirOf(path);
}

/** `workspaceFolders`: file system paths a sibling's link may lead into, besides the rules.d directory itself. */
export function resolveRuleSet(uri: string, open: OpenTexts, workspaceFolders: readonly string[]): ResolvedSet {
  const dir = setDirectory(uri);
  if (dir === undefined) return { files: [{ uri, text: open.text(uri) ?? '' }], merged: false, skipped: [] };
  // The document's own URI spelling (clients percent-encode differently) names the files read from disk.
  const dirUri = uri.slice(0, uri.lastIndexOf('/'));
  const byPath = new Map<string, RuleFile>();
  // Open documents of the directory, including ones not (or no longer) on disk; their text wins.
  for (const other of open.uris()) {
    const text = open.text(other);
    if (text !== undefined && setDirectory(other) === dir) byPath.set(filePath(other)!, { uri: other, text });
  }
  const skipped: SkippedFile[] = [];
  const policy = { linkRoots: [dir, ...workspaceFolders] };
  for (const name of ruleFileNames(dir)) {
    const path = join(dir, name);
    if (byPath.has(path)) continue;
    const read = readRegularFile(path, policy);
    if (read.ok) byPath.set(path, { uri: `${dirUri}/${encodeURIComponent(name)}`, text: read.bytes.toString('utf8') });
    else skipped.push({ name, reason: read.reason });
  }
  return { files: [...byPath.values()], merged: true, dir: dirUri, skipped };
}

/** The open documents whose diagnostics depend on this document's text (itself included). */
export function openMembers(uri: string, open: readonly string[]): string[] {
  const dir = setDirectory(uri);
  return dir === undefined ? [uri] : open.filter((other) => other === uri || setDirectory(other) === dir);
}

function ruleFileNames(dir: string): string[] {
  try {
    return readdirSync(dir).filter(core().augenrulesTakes);
  } catch {
    return []; // The directory is gone or unreadable: the open documents are all there is.
  }
}

/** The file system path of a file: URI; other schemes (untitled:, a virtual workspace's) have none. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
