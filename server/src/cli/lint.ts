/** One rule set through the core: the findings of the files to show, and what the fix-all edit would add. */
import * as fs from 'node:fs';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { analyze, insertLinesEdit, missingLines, type Analysis, type AnalysisSettings, type AnalyzeRequest, type FactsCache } from '../core';
import type { LintSet, SourceFile } from './inputs';

interface FileFindings {
  file: SourceFile;
  diagnostics: Diagnostic[];
}

/** The editor's "add all missing CIS rules" (source.fixAll.auditd), for a file being reported. */
interface FixPlan {
  file: SourceFile;
  lines: string[];
  edit: TextEdit;
}

export interface SetFindings {
  files: FileFindings[];
  fix?: FixPlan;
  /** The set misses CIS rules, but they belong in a file that was not named (only its sibling was). */
  fixElsewhere?: SourceFile;
}

export interface LintContext {
  settings: AnalysisSettings;
  hostApplicability: boolean;
  /** --fix analyses a set again after each round of fixes: the lines no fix touched are read once. */
  lines?: FactsCache;
}

/** Reading order; the sort is stable, so findings on one spot keep the core's (benchmark) order. */
function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** The set as the core takes it: its texts, the settings, this machine as the Docker host if asked. */
export function analyzeRequest(set: LintSet, ctx: LintContext): AnalyzeRequest {
  return {
    files: set.files.map((f) => ({ uri: f.uri, text: f.text })),
    merged: set.merged,
    settings: ctx.settings,
    host: ctx.hostApplicability ? { pathExists: (p) => fs.existsSync(p) } : undefined,
    cache: ctx.lines,
  };
}

export function analyzeSet(set: LintSet, ctx: LintContext): Analysis {
  return analyze(analyzeRequest(set, ctx));
}

const NOT_LOADED = 'not-loaded';

/**
 * The editor greys each line after the stop with its own hint; a report says it once per file, on the
 * lines from the first to the last that do not load, with where auditctl stopped.
 */
function notLoadedOnce(diagnostics: Diagnostic[], stoppedAt: string): Diagnostic[] {
  const hints = diagnostics.filter((d) => d.code === NOT_LOADED);
  if (hints.length <= 1) return diagnostics;
  const [first, last] = [hints[0], hints[hints.length - 1]];
  const span: Diagnostic = {
    ...first,
    range: { start: first.range.start, end: last.range.end },
    message: `Not loaded: ${hints.length} lines from line ${first.range.start.line + 1} to line ${last.range.start.line + 1} — auditctl stopped at ${stoppedAt}.`,
  };
  return diagnostics.flatMap((d) => (d === first ? [span] : d.code === NOT_LOADED ? [] : [d]));
}

/** `analysis`: the set's, when it was made already (--fix analyses what it writes). */
export function lintSet(set: LintSet, ctx: LintContext, analysis = analyzeSet(set, ctx)): SetFindings {
  const byUri = new Map(set.files.map((f) => [f.uri, f]));
  const stop = analysis.set.load.result().stop?.ref;
  const stoppedAt = stop ? `line ${stop.line + 1} of ${byUri.get(analysis.set.files[stop.file].uri)!.path}` : '';
  // The core orders a merged set as augenrules does; report in that order.
  const files = analysis.set.files
    .filter((m) => set.shown.has(m.uri))
    .map((m) => ({ file: byUri.get(m.uri)!, diagnostics: notLoadedOnce([...(analysis.diagnostics.get(m.uri) ?? [])].sort(byPosition), stoppedAt) }));

  const lines = missingLines(analysis);
  if (!analysis.cis || lines.length === 0) return { files };
  const target = byUri.get(analysis.set.files[analysis.cis.fixFile].uri)!;
  // Like the editor, which offers the fix only in the file it edits: name a file, and only it is changed.
  if (!set.shown.has(target.uri)) return { files, fixElsewhere: target };
  const edit = insertLinesEdit(analysis.set, analysis.cis, lines);
  return edit ? { files, fix: { file: target, lines, edit } } : { files };
}
