/**
 * The open documents, with two views of their text: as typed, and as it was when last opened or
 * saved (what `auditd.run: onSave` analyses, so that diagnostics hold still while typing). A document's
 * text is a RuleText: the editor's changes go into its lines as they come, and nothing splits the whole
 * text again (getText joins it, for the few who need it whole).
 */
import { TextDocuments, type Connection, type TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { joinLines, RuleText, type SplitText } from '../core';

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
export interface OpenTexts {
  uris(): string[];
  text(uri: string): string | undefined;
  /** The document's version in this view (the saved view changes only on open and save). */
  version(uri: string): number | undefined;
}

export type TextView = 'typed' | 'saved';

export class DocumentStore {
  readonly documents = new TextDocuments<RuleDocument>({
    create: (uri, languageId, version, text) => new RuleDocument(uri, languageId, version, new RuleText(text)),
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
        return kept ? joinLines(kept.lines) : this.documents.get(uri)?.getText();
      },
      version: (uri) => saved(uri)?.version ?? this.documents.get(uri)?.version,
    };
  }
}
