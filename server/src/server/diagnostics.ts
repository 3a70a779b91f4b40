/**
 * Getting diagnostics to the client: it pulls them (textDocument/diagnostic) when it can; a client
 * without pull support (Neovim 0.7, for one) has them pushed (textDocument/publishDiagnostics).
 */
import { DocumentDiagnosticReportKind, type Connection } from 'vscode-languageserver/node';
import type { DocumentStore } from './documents';
import type { Linter } from './linter';
import { logFailure } from './log';

export interface DiagnosticsChannel {
  /** These open documents' diagnostics may have changed without their client knowing. */
  outdated(uris: readonly string[]): void;
  /** A document was closed. */
  closed(uri: string): void;
}

export class PullDiagnostics implements DiagnosticsChannel {
  constructor(private readonly connection: Connection, linter: Linter, store: DocumentStore, private readonly canRefresh: boolean) {
    connection.languages.diagnostics.on(async ({ textDocument: { uri } }) => ({
      kind: DocumentDiagnosticReportKind.Full,
      items: store.isOpen(uri) ? await linter.diagnostics(uri) : [],
    }));
  }

  outdated(uris: readonly string[]): void {
    if (uris.length === 0 || !this.canRefresh) return;
    this.connection.languages.diagnostics.refresh().catch(logFailure(this.connection, 'workspace/diagnostic/refresh'));
  }

  closed(): void {
    // The client forgets a closed document's pulled diagnostics itself.
  }
}

export class PushDiagnostics implements DiagnosticsChannel {
  /** The latest lint of each document: one that finishes after a newer one started is dropped. */
  private readonly latest = new Map<string, number>();
  private runs = 0;

  constructor(private readonly connection: Connection, private readonly linter: Linter, private readonly store: DocumentStore) {}

  outdated(uris: readonly string[]): void {
    for (const uri of uris) this.publish(uri).catch(logFailure(this.connection, `Analysing ${uri}`));
  }

  closed(uri: string): void {
    this.latest.set(uri, ++this.runs);
    this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(logFailure(this.connection, `Clearing the diagnostics of ${uri}`));
  }

  private async publish(uri: string): Promise<void> {
    const run = ++this.runs;
    this.latest.set(uri, run);
    const diagnostics = await this.linter.diagnostics(uri);
    if (this.latest.get(uri) === run && this.store.isOpen(uri)) await this.connection.sendDiagnostics({ uri, diagnostics });
  }
}
