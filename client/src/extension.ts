/**
 * The VS Code side: starts the language server (dist/server.js, the extension's own code, over node
 * IPC) for auditd documents, and offers the live CIS coverage table and `auditctl -l` preview, "add all
 * missing" (which the coverage code lens runs), a language status item, "Restart Language Server" and "Show Output".
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, type InitializationOptions } from '../../server/src/server/protocol';
import { registerDocumentCommands, trackRulesDocuments } from './documentCommands';
import { CoverageStatus } from './status';
import { AnalysisViews } from './views';
import { createTraceChannel } from './trace';
import { registerWalkthroughCommands } from './walkthrough';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Audit Rules', { log: true });
  const trace = createTraceChannel();
  // A *.rules file created, changed or deleted on disk changes the diagnostics of its rules.d set.
  const ruleFiles = vscode.workspace.createFileSystemWatcher('**/*.rules');
  const serverOptions: ServerOptions = { module: context.asAbsolutePath('dist/server.js'), transport: TransportKind.ipc };
  const initializationOptions: InitializationOptions = { clientCommands: Object.values(CLIENT_COMMANDS), analysisChanged: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'auditd', scheme: 'file' },
      { language: 'auditd', scheme: 'untitled' },
      // A virtual workspace's files (GitHub and Azure Repos): each stands alone, as there is no rules.d on disk to read.
      { language: 'auditd', scheme: 'vscode-vfs' },
    ],
    outputChannel: output,
    traceOutputChannel: trace,
    synchronize: { fileEvents: ruleFiles },
    initializationOptions,
  };
  // The id 'auditd' makes the client read the trace's verbosity from auditd.trace.server.
  client = new LanguageClient('auditd', 'Audit Rules', serverOptions, clientOptions);
  const views = new AnalysisViews(client);
  context.subscriptions.push(
    views,
    output,
    trace,
    ruleFiles,
    vscode.commands.registerCommand('auditd.restartServer', () => client?.restart()),
    vscode.commands.registerCommand('auditd.showOutput', () => output.show()),
    ...registerDocumentCommands(client, views),
    ...registerWalkthroughCommands(context),
    trackRulesDocuments(),
    new CoverageStatus(client),
  );
  await client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
