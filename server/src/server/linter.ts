/** One document's analysis: its rule set as it stands now, under the document's own settings. */
import { existsSync } from 'node:fs';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { analyze, type Analysis, type HostFacts } from '../core';
import { diskBomDiagnostics } from './diskBom';
import type { DocumentStore } from './documents';
import { resolveRuleSet, type SkippedFile } from './ruleSet';
import type { SettingsStore } from './settingsStore';

/** For `auditd.cis.applicability: host`: the machine the server runs on is taken as the Docker host. */
const HOST: HostFacts = { pathExists: (path) => existsSync(path) };

export interface DocumentAnalysis {
  analysis: Analysis;
  /** The rules.d directory's URI, when the document is one of its files. */
  dir?: string;
  /** Files of the rules.d directory that were not read (a named pipe, a device, a link out of the workspace). */
  skipped: SkippedFile[];
}

export class Linter {
  /** `workspaceFolders`: file system paths a rules.d file's link may lead into, besides its own directory. */
  constructor(private readonly store: DocumentStore, private readonly settings: SettingsStore, private readonly workspaceFolders: readonly string[]) {}

  /**
   * `forEdits`: the text as typed, which edits and the positions of hover, completion and the
   * outline must fit. Otherwise the text the document's `auditd.run` setting says diagnostics follow.
   */
  async analyze(uri: string, forEdits: boolean): Promise<DocumentAnalysis> {
    const settings = await this.settings.get(uri);
    const view = forEdits || settings.run === 'onType' ? 'typed' : 'saved';
    const set = resolveRuleSet(uri, this.store.view(view), this.workspaceFolders);
    return { analysis: analyze({ files: set.files, merged: set.merged, settings: settings.analysis, host: HOST }), dir: set.dir, skipped: set.skipped };
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const { analysis, skipped } = await this.analyze(uri, false);
    return [...(analysis.diagnostics.get(uri) ?? []), ...diskBomDiagnostics(uri, analysis), ...skipped.map(skippedDiagnostic)];
  }
}

/**
 * A file augenrules would merge but the server did not read: the findings are those of the set
 * without it, and the user should know. On line 1 of every open file of the set, as a Warning.
 */
function skippedDiagnostic({ name, reason }: SkippedFile): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    code: 'skipped-file',
    source: 'auditd',
    message: `${name} in this rules.d was not read: ${reason}. The findings are those of the rule set without it.`,
  };
}
