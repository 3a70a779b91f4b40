/**
 * The VS Code side: starts the language server (dist/server.js, the extension's own code, over node
 * IPC) for auditd documents, and offers "Restart Language Server" and "Show Output".
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Audit Rules', { log: true });
  // A *.rules file created, changed or deleted on disk changes the diagnostics of its rules.d set.
  const ruleFiles = vscode.workspace.createFileSystemWatcher('**/*.rules');
  const serverOptions: ServerOptions = { module: context.asAbsolutePath('dist/server.js'), transport: TransportKind.ipc };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'auditd', scheme: 'file' },
      { language: 'auditd', scheme: 'untitled' },
    ],
    outputChannel: output,
    synchronize: { fileEvents: ruleFiles },
  };
  // The id 'auditd' makes the client read its trace level from auditd.trace.server.
  client = new LanguageClient('auditd', 'Audit Rules', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    ruleFiles,
    vscode.commands.registerCommand('auditd.restartServer', () => client?.restart()),
    vscode.commands.registerCommand('auditd.showOutput', () => output.show()),
  );
  await client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
