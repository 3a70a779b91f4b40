/**
 * The one entry point the server, the CLI and the tests share: rule files in, LSP diagnostics out.
 */
import { Diagnostic, DiagnosticSeverity, DiagnosticTag, Range } from 'vscode-languageserver-types';
import { cisDiagnostics, cisReport, type CisReport } from './cis/report';
import type { LineRef } from './load/kernelRules';
import type { LoadEntry, LoadProblem, LineOutcome, LoadResult } from './load/load';
import type { LineProblem } from './auditctl/types';
import { baseName, FactsCache, type RuleFile } from './load/ruleFile';
import { buildRuleSet, targetMachine, type RuleSet } from './load/ruleSet';
import { DEFAULT_SETTINGS, type AnalysisSettings, type HostFacts } from './settings';
import { attachFixData } from './fixes/syntaxFixes';
import { bomDiagnostic } from './fixes/fileFixes';
import { LSP_SEVERITY } from './severity';

export interface AnalyzeRequest {
  /** One file, or every *.rules file of a rules.d directory (then `merged`). */
  files: RuleFile[];
  merged: boolean;
  settings?: AnalysisSettings;
  host?: HostFacts;
  /** Line facts already worked out for this target (a CLI run analysing a set again after a fix). */
  cache?: FactsCache;
}

export interface Analysis {
  set: RuleSet;
  settings: AnalysisSettings;
  /** What the load did. */
  load: LoadResult;
  cis?: CisReport;
  /** Diagnostics by file URI, for every file of the set. */
  diagnostics: Map<string, Diagnostic[]>;
}

export function analyze(req: AnalyzeRequest): Analysis {
  const settings = req.settings ?? DEFAULT_SETTINGS;
  const target = targetMachine(settings.targetArch);
  const cache = req.cache?.target === target ? req.cache : new FactsCache(target);
  return analyzeSet(buildRuleSet(req.files, req.merged, target, cache), settings, req.host ?? {});
}

/**
 * The diagnostics and the CIS report of a rule set as it stands. Its cost is what it reports: the lines
 * with problems, the lines after a stop, the CIS controls; the load's own work was done as the lines changed.
 */
export function analyzeSet(set: RuleSet, settings: AnalysisSettings, host: HostFacts): Analysis {
  const load = set.load.result();
  const diagnostics = new Map<string, Diagnostic[]>(set.files.map((f) => [f.uri, []]));
  const add = (file: number, d: Diagnostic) => diagnostics.get(set.files[file].uri)!.push(d);

  // The lines' own problems, and the greyed-out lines after a stop, in load order.
  const entry = (e: LoadEntry) => {
    const outcome = load.outcome(e);
    for (const p of e.facts.problems) add(e.ref.file, lineDiagnostic(set, load, e, p, outcome));
    // One hint per editor line, even when auditctl reads an over-long line in several parts.
    if (outcome === 'not-loaded' && !e.ref.column) add(e.ref.file, notLoaded(set, load, e));
  };
  const tail = load.stop ? load.stop.seq + 1 : set.load.size;
  for (const e of [...set.load.withProblems].sort((a, b) => a.seq - b.seq)) if (e.seq < tail) entry(e);
  for (let seq = tail; seq < set.load.size; seq++) entry(set.load.at(seq)!);
  for (const p of load.problems) add(p.ref.file, loadDiagnostic(set, load, p, load.outcome(p.entry)));
  if (!set.merged) crlfWarning(set, add);
  set.files.forEach((model, file) => {
    if (model.bom) add(file, bomDiagnostic(model.split.lines[0].text));
  });
  attachFixData(set, diagnostics);

  const cis = cisReport(set, load, settings, host);
  if (cis) for (const [file, list] of cisDiagnostics(set, cis, settings)) list.forEach((d) => add(file, d));
  return { set, settings, load, cis, diagnostics };
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

function lineDiagnostic(set: RuleSet, load: LoadResult, entry: LoadEntry, p: LineProblem, outcome: LineOutcome | undefined): Diagnostic {
  let message = words(set, p, entry.ref);
  if (p.severity === 'error') message += outcomeNote(set, load, outcome);
  return {
    range: problemRange(entry.ref, p),
    severity: LSP_SEVERITY[p.severity],
    code: p.code,
    source: 'auditd',
    message,
  };
}

/** What a refused line means for the rest of the load. */
function outcomeNote(set: RuleSet, load: LoadResult, outcome: LineOutcome | undefined): string {
  if (outcome === 'refused-skipped') return ' (skipped: -i or -c lets auditctl go on, but this line does not load)';
  if (outcome !== 'stopped-here') return '';
  if (!load.notLoadedSpan) return ' auditctl stops loading here.';
  const first = load.notLoadedSpan.first.ref;
  const last = load.notLoadedSpan.last.ref;
  const span = first.file === last.file
    ? `${first.line === last.line ? `line ${first.line + 1}` : `lines ${first.line + 1}–${last.line + 1}`}${set.merged ? ` of ${fileName(set, first.file)}` : ''}`
    : `everything from line ${first.line + 1} of ${fileName(set, first.file)} to line ${last.line + 1} of ${fileName(set, last.file)}`;
  return ` auditctl stops loading here: ${span} will not load (add -c at the top to load past errors).`;
}

function notLoaded(set: RuleSet, load: LoadResult, entry: LoadEntry): Diagnostic {
  const { file, line } = entry.ref;
  const stop = load.stop!.ref;
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

function loadDiagnostic(set: RuleSet, load: LoadResult, p: LoadProblem, outcome: LineOutcome | undefined): Diagnostic {
  let message = words(set, p, p.ref);
  if (p.severity === 'error') message += outcomeNote(set, load, outcome);
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
  const broken = model.split.lines.flatMap((_, i) => (set.crBreaks(i) ? [i] : []));
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
