/**
 * The one entry point the server, the CLI and the tests share: rule files in, LSP diagnostics out.
 */
import { Diagnostic, DiagnosticSeverity, DiagnosticTag, Range } from 'vscode-languageserver-types';
import { cisDiagnostics, cisReport, type CisReport } from './cis/report';
import type { LineRef } from './load/kernelRules';
import type { LoadEntry, LoadProblem, LineOutcome } from './load/load';
import type { LineProblem } from './auditctl/types';
import { baseName, type RuleFile } from './load/ruleFile';
import { buildRuleSet, cachedAnalysis, targetMachine, type RuleSet } from './load/ruleSet';
import { DEFAULT_SETTINGS, type AnalysisSettings, type HostFacts } from './settings';
import { attachFixData } from './fixes/syntaxFixes';
import { BOM, bomDiagnostic } from './fixes/fileFixes';
import { LSP_SEVERITY } from './severity';

export interface AnalyzeRequest {
  /** One file, or every *.rules file of a rules.d directory (then `merged`). */
  files: RuleFile[];
  merged: boolean;
  settings?: AnalysisSettings;
  host?: HostFacts;
}

export interface Analysis {
  set: RuleSet;
  settings: AnalysisSettings;
  cis?: CisReport;
  /** Diagnostics by file URI, for every file of the set. */
  diagnostics: Map<string, Diagnostic[]>;
}

export function analyze(req: AnalyzeRequest): Analysis {
  const settings = req.settings ?? DEFAULT_SETTINGS;
  const set = buildRuleSet(req.files, req.merged, targetMachine(settings.targetArch));
  const diagnostics = new Map<string, Diagnostic[]>(set.files.map((f) => [f.uri, []]));
  const add = (file: number, d: Diagnostic) => diagnostics.get(set.files[file].uri)!.push(d);

  const outcomes = set.load.outcomes;
  for (const entry of set.entries) {
    const outcome = outcomes.get(entry);
    for (const p of entry.analysis.problems) add(entry.ref.file, lineDiagnostic(set, entry, p, outcome));
    // One hint per editor line, even when auditctl reads an over-long line in several parts.
    if (outcome === 'not-loaded' && !entry.ref.column) add(entry.ref.file, notLoaded(set, entry));
  }
  const outcomeAt = new Map(set.entries.map((e) => [e.ref, outcomes.get(e)]));
  for (const p of set.load.problems) add(p.ref.file, loadDiagnostic(set, p, outcomeAt.get(p.ref)));
  if (!set.merged) crlfWarning(set, add);
  set.files.forEach((model, file) => {
    if (model.text.startsWith(BOM)) add(file, bomDiagnostic(model.split.lines[0].text));
  });
  attachFixData(set, diagnostics);

  const cis = cisReport(set, settings, req.host ?? {});
  if (cis) for (const [file, list] of cisDiagnostics(set, cis, settings)) list.forEach((d) => add(file, d));
  return { set, settings, cis, diagnostics };
}

function fileName(set: RuleSet, file: number): string {
  return baseName(set.files[file].uri);
}

/** auditctl's words with its line number (its own count, which differs after an over-long line) and file name. */
function words(set: RuleSet, p: LineProblem, ref: LineRef): string {
  const message = p.message.replace('{line}', String(ref.lineno ?? ref.line + 1)).replace('{file}', fileName(set, ref.file));
  return p.hint ? `${message} — ${p.hint}` : message;
}

/** The problem's range in the editor: offsets are within auditctl's read, which starts at `column`. */
function problemRange(ref: LineRef, p: LineProblem): Range {
  const column = ref.column ?? 0;
  return Range.create(ref.line, column + p.start, ref.line, column + p.end);
}

function lineDiagnostic(set: RuleSet, entry: LoadEntry, p: LineProblem, outcome: LineOutcome | undefined): Diagnostic {
  let message = words(set, p, entry.ref);
  if (p.severity === 'error') message += outcomeNote(set, outcome);
  return {
    range: problemRange(entry.ref, p),
    severity: LSP_SEVERITY[p.severity],
    code: p.code,
    source: 'auditd',
    message,
  };
}

/** What a refused line means for the rest of the load. */
function outcomeNote(set: RuleSet, outcome: LineOutcome | undefined): string {
  if (outcome === 'refused-skipped') return ' (skipped: -i or -c lets auditctl go on, but this line does not load)';
  if (outcome !== 'stopped-here') return '';
  const after = set.entries.filter((e) => set.load.outcomes.get(e) === 'not-loaded');
  if (after.length === 0) return ' auditctl stops loading here.';
  const first = after[0].ref;
  const last = after[after.length - 1].ref;
  const span = first.file === last.file
    ? `${first.line === last.line ? `line ${first.line + 1}` : `lines ${first.line + 1}–${last.line + 1}`}${set.merged ? ` of ${fileName(set, first.file)}` : ''}`
    : `everything from line ${first.line + 1} of ${fileName(set, first.file)} to line ${last.line + 1} of ${fileName(set, last.file)}`;
  return ` auditctl stops loading here: ${span} will not load (add -c at the top to load past errors).`;
}

function notLoaded(set: RuleSet, entry: LoadEntry): Diagnostic {
  const { file, line } = entry.ref;
  const stop = set.load.stop!.ref;
  const text = set.files[file].split.lines[line]?.text ?? '';
  return {
    range: Range.create(line, 0, line, text.length),
    severity: DiagnosticSeverity.Hint,
    code: 'not-loaded',
    source: 'auditd',
    message: `Not loaded: auditctl stopped at line ${stop.line + 1} of ${fileName(set, stop.file)}.`,
    tags: [DiagnosticTag.Unnecessary],
  };
}

function loadDiagnostic(set: RuleSet, p: LoadProblem, outcome: LineOutcome | undefined): Diagnostic {
  let message = words(set, p, p.ref);
  if (p.severity === 'error') message += outcomeNote(set, outcome);
  const d: Diagnostic = {
    range: problemRange(p.ref, p),
    severity: LSP_SEVERITY[p.severity],
    code: p.code,
    source: 'auditd',
    message,
  };
  if (p.related) {
    const text = set.files[p.related.file].split.lines[p.related.line]?.text ?? '';
    d.relatedInformation = [{
      location: { uri: set.files[p.related.file].uri, range: Range.create(p.related.line, 0, p.related.line, text.length) },
      message: 'the earlier line',
    }];
  }
  return d;
}

/** `auditctl -R` keeps a CR as part of the last word; augenrules strips it, a lone file does not. */
function crlfWarning(set: RuleSet, add: (file: number, d: Diagnostic) => void): void {
  const model = set.files[0];
  if (!model || model.split.crlfLines === 0) return;
  // The lines a CR breaks: those auditctl -R refuses with the CR and would load without it.
  const broken = model.split.lines.flatMap((l, i) =>
    l.cr && !model.analyses[i].refused && cachedAnalysis(`${l.text}\r`, set.target).refused ? [i] : []);
  const line = broken[0] ?? model.split.lines.findIndex((l) => l.cr);
  const refusal = broken.length === 0 ? ''
    : `, which makes it refuse ${broken.length} of them (first: line ${broken[0] + 1})`;
  add(0, {
    range: Range.create(line, 0, line, model.split.lines[line].text.length),
    severity: DiagnosticSeverity.Warning,
    code: 'crlf',
    source: 'auditd',
    message: `This file has Windows (CRLF) line endings on ${model.split.crlfLines} lines — auditctl -R keeps the CR in the last word of each line${refusal}; save with LF line endings.`,
  });
}
