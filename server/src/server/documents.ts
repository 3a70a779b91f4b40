/**
 * The open documents, with two views of their text: as typed, and as it was when last opened or
 * saved (what `auditd.run: onSave` analyses, so that diagnostics hold still while typing).
 */
import { TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** What a rule-set lookup needs of the open documents. */
export interface OpenTexts {
  uris(): string[];
  text(uri: string): string | undefined;
}

export type TextView = 'typed' | 'saved';

export class DocumentStore {
  readonly documents = new TextDocuments(TextDocument);
  private readonly saved = new Map<string, string>();

  constructor() {
    // Subscribed before any other handler, so the saved text is up to date when those run.
    this.documents.onDidOpen(({ document }) => this.saved.set(document.uri, document.getText()));
    this.documents.onDidSave(({ document }) => this.saved.set(document.uri, document.getText()));
    this.documents.onDidClose(({ document }) => this.saved.delete(document.uri));
  }

  listen(connection: Connection): void {
    this.documents.listen(connection);
  }

  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

  uris(): string[] {
    return this.documents.keys();
  }

  view(view: TextView): OpenTexts {
    return {
      uris: () => this.uris(),
      text: (uri) => (view === 'saved' ? this.saved.get(uri) : undefined) ?? this.documents.get(uri)?.getText(),
    };
  }
}
