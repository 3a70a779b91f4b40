/**
 * The language status item of auditd documents: which benchmark is checked and how (from the
 * settings of the active document), and that document's CIS coverage once the server tells it.
 * Clicking it opens the output channel.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { benchmarkLabel } from '../../server/src/core/cis/label';
import { isRulesFile, requestCoverage } from './documentCommands';

export class CoverageStatus implements vscode.Disposable {
  // The rules files the server lints: not the `auditctl -l` preview, which has their language too.
  private readonly item = vscode.languages.createLanguageStatusItem('auditd.cis', ['file', 'untitled', 'vscode-vfs'].map((scheme) => ({ language: 'auditd', scheme })));
  private readonly subscriptions: vscode.Disposable[];
  /** Only the latest update's answer is shown (the active editor may have changed meanwhile). */
  private updates = 0;

  constructor(private readonly client: LanguageClient) {
    this.item.name = 'Audit Rules: CIS Docker Benchmark';
    this.item.command = { command: 'auditd.showOutput', title: 'Show Output' };
    const update = () => void this.update();
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(update),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('auditd') && update()),
      // New diagnostics for the active document: its coverage may have changed with them.
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (e.uris.some((uri) => uri.toString() === active)) update();
      }),
      client.onDidChangeState(({ newState }) => newState === State.Running && update()),
    ];
    update();
  }

  private async update(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isRulesFile(document)) return;
    const cis = vscode.workspace.getConfiguration('auditd.cis', document.uri);
    // VS Code answers a setting the user has not set with the manifest's default.
    this.item.text = statusText(cis.get<string>('version')!, cis.get<string[]>('scanners')!, cis.get<string>('host')!);
    const update = ++this.updates;
    const summary = await this.coverageSummary(document.uri);
    if (update === this.updates) this.item.detail = summary;
  }

  private async coverageSummary(uri: vscode.Uri): Promise<string | undefined> {
    if (!this.client.isRunning()) return undefined;
    try {
      return (await requestCoverage(this.client, this.client.code2ProtocolConverter.asUri(uri)))?.summary;
    } catch {
      return undefined; // Not known (yet): the server may not have the document open.
    }
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** "CIS Docker 1.8.0 · docker-bench-security · debian": the benchmark, the scanners to pass, the host. */
function statusText(version: string, scanners: readonly string[], host: string): string {
  if (version === 'off') return 'CIS Docker checks off';
  return `${benchmarkLabel(version)} · ${scanners.length ? scanners.join(', ') : 'no scanner'} · ${host}`;
}
