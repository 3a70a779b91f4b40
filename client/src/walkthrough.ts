/**
 * The commands the Getting Started walkthrough runs, which stand on their own too: open the example
 * rules.d, and fix all (source.fixAll.auditd, what `auditd-lint --fix` does) in the rules file at hand.
 */
import * as vscode from 'vscode';
import { reported, rulesDocument } from './documentCommands';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('auditd');

export function registerWalkthroughCommands(context: vscode.ExtensionContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('auditd.openExample', () => reported(openExample(context))),
    vscode.commands.registerCommand('auditd.fixAll', () => reported(fixAll())),
  ];
}

/**
 * A fresh copy of the example under the extension's storage, in an `audit/rules.d` directory (so the
 * language claims its files and the server reads them as one augenrules set): the walkthrough's fixes
 * change the copy, never the extension's own files. Opening it again starts over.
 */
async function openExample(context: vscode.ExtensionContext): Promise<void> {
  const source = vscode.Uri.joinPath(context.extensionUri, 'examples', 'rules.d');
  const target = vscode.Uri.joinPath(context.globalStorageUri, 'example', 'audit', 'rules.d');
  await vscode.workspace.fs.createDirectory(target);
  for (const [name, type] of await vscode.workspace.fs.readDirectory(source)) {
    if (type === vscode.FileType.File) await vscode.workspace.fs.copy(vscode.Uri.joinPath(source, name), vscode.Uri.joinPath(target, name), { overwrite: true });
  }
  // The file that holds the Docker rules, where the missing CIS controls are reported; beside the
  // walkthrough (no text editor is active then), so that its next steps stay in view.
  const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Active : vscode.ViewColumn.Beside;
  await vscode.window.showTextDocument(vscode.Uri.joinPath(target, '30-docker.rules'), { viewColumn: column, preview: false });
}

async function fixAll(): Promise<void> {
  const document = rulesDocument();
  if (!document) return void vscode.window.showInformationMessage('Open an audit rules file to fix.');
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, whole, FIX_ALL_KIND.value);
  const fixes = actions.filter((a) => a.kind && FIX_ALL_KIND.contains(a.kind) && a.edit);
  if (fixes.length === 0) return void vscode.window.showInformationMessage('Nothing to fix: no certain fix applies and no CIS Docker control is missing.');
  for (const action of fixes) await vscode.workspace.applyEdit(action.edit!);
}
