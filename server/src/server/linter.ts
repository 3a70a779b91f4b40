/** One document's analysis: its rule set as it stands now, under the document's own settings. */
import { existsSync } from 'node:fs';
import type { Diagnostic } from 'vscode-languageserver/node';
import { analyze, type Analysis, type HostFacts } from '../core';
import { diskBomDiagnostics } from './diskBom';
import type { DocumentStore } from './documents';
import { resolveRuleSet } from './ruleSet';
import type { SettingsStore } from './settingsStore';

/** For `auditd.cis.applicability: host`: the machine the server runs on is taken as the Docker host. */
const HOST: HostFacts = { pathExists: (path) => existsSync(path) };

export interface DocumentAnalysis {
  analysis: Analysis;
  /** The rules.d directory's URI, when the document is one of its files. */
  dir?: string;
}

export class Linter {
  constructor(private readonly store: DocumentStore, private readonly settings: SettingsStore) {}

  /**
   * `forEdits`: the text as typed, which edits and the positions of hover, completion and the
   * outline must fit. Otherwise the text the document's `auditd.run` setting says diagnostics follow.
   */
  async analyze(uri: string, forEdits: boolean): Promise<DocumentAnalysis> {
    const settings = await this.settings.get(uri);
    const view = forEdits || settings.run === 'onType' ? 'typed' : 'saved';
    const set = resolveRuleSet(uri, this.store.view(view));
    return { analysis: analyze({ files: set.files, merged: set.merged, settings: settings.analysis, host: HOST }), dir: set.dir };
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const { analysis } = await this.analyze(uri, false);
    return [...(analysis.diagnostics.get(uri) ?? []), ...diskBomDiagnostics(uri, analysis)];
  }
}
