/**
 * What the client is told as the analyses change: the diagnostics, pulled (textDocument/diagnostic) by a
 * client that can, pushed (textDocument/publishDiagnostics) to one that cannot (Neovim 0.7); and the CIS
 * coverage lens, which follows the same analysis.
 */
import { type CodeLens, CodeLensRefreshRequest, type Connection, DocumentDiagnosticReportKind } from 'vscode-languageserver/node';
import type { DocumentStore } from './documents';
import type { Linter } from './analyses';
import { core } from './core';
import { ADD_ALL_MISSING, CLIENT_COMMANDS, COVERAGE } from './protocol';

export interface DiagnosticsChannel {
  /** These open documents' diagnostics may have changed without their client knowing. */
  outdated(uris: readonly string[]): void;
  /** A document was closed. */
  closed(uri: string): void;
}

export class PullDiagnostics implements DiagnosticsChannel {
  constructor(private readonly connection: Connection, linter: Linter, store: DocumentStore, private readonly canRefresh: boolean) {
    connection.languages.diagnostics.on(async ({ textDocument: { uri } }, token) => ({
      kind: DocumentDiagnosticReportKind.Full,
      items: store.isOpen(uri) ? await linter.diagnostics(uri, token) : [],
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

// The CIS coverage lens ("CIS Docker 1.8.0: 12/16 controls met", "add the 4 missing"). The core
// names the VS Code client's commands; a client that does not say it runs them (in
// initializationOptions.clientCommands) gets the server's own commands instead, which any LSP
// client can execute: in Neovim or Helix, "add the 4 missing" then works as is.
const SERVER_EQUIVALENT: Readonly<Record<string, string>> = {
  [CLIENT_COMMANDS.showCoverage]: COVERAGE,
  [CLIENT_COMMANDS.addAllMissing]: ADD_ALL_MISSING,
};

export class CodeLenses {
  constructor(private readonly connection: Connection, store: DocumentStore, linter: Linter, clientCommands: readonly string[], private readonly canRefresh: boolean) {
    connection.onCodeLens(async ({ textDocument: { uri } }, token) => {
      if (!store.isOpen(uri)) return [];
      // As the diagnostics see it, so that the lens and the Problems panel agree.
      const { analysis } = await linter.analyze(uri, false, token);
      return core().coverageLenses(analysis, uri).map((lens) => forClient(lens, clientCommands));
    });
  }

  /** These documents' coverage may have changed without the client knowing (another file of their set changed). */
  outdated(uris: readonly string[]): void {
    if (uris.length === 0 || !this.canRefresh) return;
    this.connection.sendRequest(CodeLensRefreshRequest.type).catch(logFailure(this.connection, 'workspace/codeLens/refresh'));
  }
}

function forClient(lens: CodeLens, clientCommands: readonly string[]): CodeLens {
  const command = lens.command;
  if (!command || clientCommands.includes(command.command)) return lens;
  return { ...lens, command: { ...command, command: SERVER_EQUIVALENT[command.command] ?? command.command } };
}

// A failure the server survives goes to the client's log, with its stack when it has one.
export function logFailure(connection: Connection, what: string): (e: unknown) => void {
  return (e) => connection.console.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}
