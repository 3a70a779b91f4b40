/**
 * Read-only views of a rule set's analysis that stay current: the CIS coverage table and the preview of
 * what `auditctl -l` would print. Each is a virtual document (scheme auditd-view) whose text VS Code
 * asks the server for, so it is never dirty, never prompts to be saved, and never goes stale: the server
 * says when an analysis may have changed (auditd/analysisChanged), and the views of those documents are
 * fetched again.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { ANALYSIS_CHANGED, type AnalysisChangedParams, COVERAGE, type CoverageResult, LISTING, type ListingResult } from '../../server/src/server/protocol';

export const VIEW_SCHEME = 'auditd-view';

/** What a view shows, by the end of its path (which is also its tab's title). */
const KINDS = {
  coverage: { suffix: 'CIS Docker coverage.md', language: 'markdown' },
  listing: { suffix: 'auditctl -l', language: 'auditd' },
} as const;
type Kind = keyof typeof KINDS;

/** Typing sends a change per keystroke: a view is fetched again once they pause. */
const REFRESH_DELAY_MS = 150;

export class AnalysisViews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly client: LanguageClient) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(VIEW_SCHEME, this),
      client.onNotification(ANALYSIS_CHANGED, ({ uris }: AnalysisChangedParams) => this.refresh((source) => uris.includes(source))),
      // A restarted server knows nothing the views showed.
      client.onDidChangeState(() => this.refresh(() => true)),
      this.changed,
    ];
  }

  /** The view of a document (its URI as the server spells it), opened beside the rules. */
  async show(kind: Kind, source: string): Promise<void> {
    const name = source.slice(source.lastIndexOf('/') + 1);
    const uri = vscode.Uri.from({ scheme: VIEW_SCHEME, path: `/${decodeURIComponent(name)} — ${KINDS[kind].suffix}`, query: source });
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== KINDS[kind].language) document = await vscode.languages.setTextDocumentLanguage(document, KINDS[kind].language);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    if (kind !== 'coverage') return;
    // In the group just opened beside the rules (ToSide would open a third). Executing it activates the
    // built-in Markdown extension if need be; if that extension is disabled, the command fails and the
    // table stays as text, readable too. The preview follows the document as it is fetched again.
    await vscode.commands.executeCommand('markdown.showPreview', uri).then(undefined, () => undefined);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = uri.query;
    const kind = (Object.keys(KINDS) as Kind[]).find((k) => uri.path.endsWith(KINDS[k].suffix));
    try {
      if (kind === 'coverage') {
        const coverage: CoverageResult | null = await this.client.sendRequest(ExecuteCommandRequest.type, { command: COVERAGE, arguments: [source] });
        return coverage ? coverage.markdown : '# No CIS Docker Benchmark is checked\n\n`auditd.cis.version` is "off".\n';
      }
      const listing: ListingResult = await this.client.sendRequest(ExecuteCommandRequest.type, { command: LISTING, arguments: [source] });
      // A comment auditctl does not print, and no listed line starts with #.
      const stop = listing.stop ? `# auditctl stops loading at line ${listing.stop.line + 1} of ${listing.stop.uri.slice(listing.stop.uri.lastIndexOf('/') + 1)}: the rules after it are not in the kernel.\n` : '';
      return stop + listing.text;
    } catch (e) {
      // The rules file closed, or the server not (yet) running: said in the view, which comes back when it can.
      const why = e instanceof Error ? e.message : String(e);
      return kind === 'coverage' ? `# The CIS Docker coverage is not available\n\n${why}\n` : `# not available: ${why}\n`;
    }
  }

  /** Fetches again, once typing pauses, the open views whose rules file `concerns`. */
  private refresh(concerns: (source: string) => boolean): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== VIEW_SCHEME || !concerns(document.uri.query)) continue;
      const key = document.uri.toString();
      clearTimeout(this.pending.get(key));
      this.pending.set(key, setTimeout(() => {
        this.pending.delete(key);
        this.changed.fire(document.uri);
      }, REFRESH_DELAY_MS));
    }
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
