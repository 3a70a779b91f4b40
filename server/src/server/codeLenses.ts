/**
 * The CIS coverage lens ("CIS Docker 1.8.0: 12/16 controls met", "add the 4 missing"). The core
 * names the VS Code client's commands; a client that does not say it runs them (in
 * initializationOptions.clientCommands) gets the server's own commands instead, which any LSP
 * client can execute: in Neovim or Helix, "add the 4 missing" then works as is.
 */
import { CodeLensRefreshRequest, type CodeLens, type Connection } from 'vscode-languageserver/node';
import { coverageLenses } from '../core';
import type { DocumentStore } from './documents';
import type { Linter } from './linter';
import { logFailure } from './log';
import { ADD_ALL_MISSING, CLIENT_COMMANDS, COVERAGE } from './protocol';

const SERVER_EQUIVALENT: Readonly<Record<string, string>> = {
  [CLIENT_COMMANDS.showCoverage]: COVERAGE,
  [CLIENT_COMMANDS.addAllMissing]: ADD_ALL_MISSING,
};

export class CodeLenses {
  constructor(private readonly connection: Connection, store: DocumentStore, linter: Linter, clientCommands: readonly string[], private readonly canRefresh: boolean) {
    connection.onCodeLens(async ({ textDocument: { uri } }) => {
      if (!store.isOpen(uri)) return [];
      // As the diagnostics see it, so that the lens and the Problems panel agree.
      const { analysis } = await linter.analyze(uri, false);
      return coverageLenses(analysis, uri).map((lens) => forClient(lens, clientCommands));
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
