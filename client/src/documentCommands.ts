/**
 * The document commands, from the command palette or the coverage code lens: show the CIS coverage
 * table, preview `auditctl -l`, add every missing CIS rule. The server does the work (auditd.server.*);
 * this side finds the document and shows the result.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { ADD_ALL_MISSING, CLIENT_COMMANDS, COVERAGE, type AddAllMissingResult, type CoverageResult } from '../../server/src/server/protocol';
import { VIEW_SCHEME, type AnalysisViews } from './views';

/** The command that opens the live preview of what `auditctl -l` would print. */
const PREVIEW_LISTING = 'auditd.previewListing';

export function registerDocumentCommands(client: LanguageClient, views: AnalysisViews): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CLIENT_COMMANDS.showCoverage, (arg?: unknown) => reported(showView(client, views, 'coverage', arg))),
    vscode.commands.registerCommand(PREVIEW_LISTING, (arg?: unknown) => reported(showView(client, views, 'listing', arg))),
    vscode.commands.registerCommand(CLIENT_COMMANDS.addAllMissing, (arg?: unknown) => reported(addAllMissing(client, arg))),
  ];
}

/** A rules file the server lints (not a view of one, whose `auditctl -l` preview has the auditd language too). */
export function isRulesFile(document: vscode.TextDocument): boolean {
  return document.languageId === 'auditd' && document.uri.scheme !== VIEW_SCHEME;
}

export function requestCoverage(client: LanguageClient, uri: string): Promise<CoverageResult | null> {
  return client.sendRequest(ExecuteCommandRequest.type, { command: COVERAGE, arguments: [uri] });
}

let lastActive: vscode.TextDocument | undefined;

/** Remembers the rules file last edited, for commands run while another editor has the focus. */
export function trackRulesDocuments(): vscode.Disposable {
  return vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor && isRulesFile(editor.document)) lastActive = editor.document;
  });
}

/**
 * The rules file a command acts on: the active editor's; when the active editor is something else (the
 * walkthrough, the coverage table), a visible one, else the one last active if it is still open.
 */
export function rulesDocument(): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isRulesFile(active)) return active;
  const visible = vscode.window.visibleTextEditors.find((e) => isRulesFile(e.document))?.document;
  return visible ?? (lastActive && !lastActive.isClosed ? lastActive : undefined);
}

/**
 * The code lens passes the document's URI as the server spells it; an editor menu passes a
 * vscode.Uri; the command palette and the walkthrough pass nothing: then it is the rules file at hand.
 */
function documentUri(client: LanguageClient, arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const uri = arg instanceof vscode.Uri ? arg : rulesDocument()?.uri;
  return uri && client.code2ProtocolConverter.asUri(uri);
}

async function showView(client: LanguageClient, views: AnalysisViews, kind: 'coverage' | 'listing', arg: unknown): Promise<void> {
  const uri = documentUri(client, arg);
  if (!uri) return void vscode.window.showInformationMessage(`Open an audit rules file to see ${kind === 'coverage' ? 'its CIS coverage' : 'what auditctl -l would list'}.`);
  await views.show(kind, uri);
}

async function addAllMissing(client: LanguageClient, arg: unknown): Promise<void> {
  const uri = documentUri(client, arg);
  if (!uri) return void vscode.window.showInformationMessage('Open an audit rules file to add the missing CIS rules to.');
  // The server sends the edit (workspace/applyEdit), which vscode-languageclient applies.
  const result: AddAllMissingResult = await client.sendRequest(ExecuteCommandRequest.type, { command: ADD_ALL_MISSING, arguments: [uri] });
  if (result.added === 0) void vscode.window.showInformationMessage('No CIS Docker control is missing.');
  else if (!result.applied) void vscode.window.showWarningMessage('The missing CIS Docker rules were not added: the edit was refused.');
}

/** A failure (the server not running, say) is shown, not lost in a rejected promise. */
export function reported(work: Promise<void>): Promise<void> {
  return work.catch((e: unknown) => void vscode.window.showErrorMessage(`Audit Rules: ${e instanceof Error ? e.message : String(e)}`));
}
