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
import { bomDiagnostic, FINAL_NEWLINE_CODE } from './fixes/fileFixes';
import { LSP_SEVERITY } from './severity';
import { editorLines } from './load/editorLines';
import { runsInto } from './load/augenrules';

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
  /** What the machine running the analysis told it (fix all analyses the fixed text with the same). */
  host: HostFacts;
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
    for (const p of e.facts.problems) add(problemFile(e, p), lineDiagnostic(set, load, e, p, outcome));
    // One hint per editor line, even when auditctl reads an over-long line in several parts.
    if (outcome === 'not-loaded' && !e.ref.column) add(e.ref.file, notLoaded(set, load, e));
  };
  const tail = load.stop ? load.stop.seq + 1 : set.load.size;
  for (const e of [...set.load.withProblems].sort((a, b) => a.seq - b.seq)) if (e.seq < tail) entry(e);
  for (let seq = tail; seq < set.load.size; seq++) entry(set.load.at(seq)!);
  for (const p of load.problems) add(problemFile(p.entry, p), loadDiagnostic(set, load, p, load.outcome(p.entry)));
  if (!set.merged) crlfDiagnostic(set, add);
  else fusedLines(set, add);
  set.files.forEach((model, file) => {
    if (model.bom) add(file, bomDiagnostic(model.split.lines[0].text));
  });
  attachFixData(set, diagnostics);

  const cis = cisReport(set, load, settings, host);
  if (cis) for (const [file, list] of cisDiagnostics(set, cis, settings)) list.forEach((d) => add(file, d));
  return { set, settings, host, load, cis, diagnostics };
}

/** The line number a person finds a line under in the editor (a lone CR makes it differ from auditctl's). */
function lineNumber(set: RuleSet, ref: { file: number; line: number }): number {
  return editorLines(set.files[ref.file].split).position(ref.line, 0).line + 1;
}

/** A whole line of a file, as the editor shows it. */
function lineRange(set: RuleSet, file: number, line: number): Range {
  const { split } = set.files[file];
  return editorLines(split).range(line, 0, split.lines[line]?.text.length ?? 0);
}

function fileName(set: RuleSet, file: number): string {
  return baseName(set.files[file].uri);
}

/**
 * auditctl's words with its line number (its own count, which differs after an over-long line) and file
 * name; and ours, which name other lines as the editor numbers them (a lone CR makes that differ).
 */
function words(set: RuleSet, p: LineProblem & Partial<Pick<LoadProblem, 'related' | 'locked'>>, ref: LineRef): string {
  const message = p.message.replace('{line}', String(ref.lineno ?? ref.line + 1)).replace('{file}', fileName(set, ref.file));
  const said = p.hint ? `${message} — ${p.hint}` : message;
  return visible(said.replace(/\{(related|locked)\}/g, (placeholder, name: 'related' | 'locked') => {
    const other = p[name];
    return other ? `line ${lineNumber(set, other)}${other.file === ref.file ? '' : ` of ${fileName(set, other.file)}`}` : placeholder;
  }));
}

/**
 * auditctl's words quote the line, which may hold a CR (a lone file with CRLF endings) or another
 * control character: written as-is it would move a terminal's cursor or break the message's line in an
 * editor, so it is shown as an escape (\r, \x01).
 */
function visible(message: string): string {
  return message.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** The words of a fused line (see load/augenrules) that came from the next file's first line. */
function inJoinedPart(ref: LineRef, p: LineProblem): LoadEntry['joined'] {
  const joined = (ref as Partial<LoadEntry>).joined;
  return joined && !ref.column && p.start >= joined.at ? joined : undefined;
}

/** The file a problem is shown in: a fused line's words may be the next file's. */
function problemFile(ref: LineRef, p: LineProblem): number {
  return inJoinedPart(ref, p)?.file ?? ref.file;
}

/** The problem's range in the editor: offsets are within auditctl's read, which starts at `column`. */
function problemRange(set: RuleSet, ref: LineRef, p: LineProblem): Range {
  const joined = inJoinedPart(ref, p);
  if (joined) return editorLines(set.files[joined.file].split).range(joined.line, p.start - joined.at, p.end - joined.at);
  const column = ref.column ?? 0;
  return editorLines(set.files[ref.file].split).range(ref.line, column + p.start, column + p.end);
}

/**
 * A rules.d file without a final newline: augenrules' cat runs its last line into the next file's
 * first, and auditctl reads the two as one line. Said on the unterminated line, with the newline as a
 * certain fix (fixes/fileFixes): a Warning, since auditctl's own Errors on the fused line (if it refuses
 * it) are reported where its words are; a comment that swallows a rule refuses nothing, and loses it.
 */
function fusedLines(set: RuleSet, add: (file: number, d: Diagnostic) => void): void {
  set.files.forEach((model, file) => {
    const into = runsInto(set.files, file);
    if (into === undefined) return;
    const next = set.files[into];
    const last = model.split.lines.length - 1;
    const mine = model.facts[last].kind;
    const theirs = next.facts[0].kind;
    if (mine === 'blank' || theirs === 'blank' || (mine === 'comment' && theirs === 'comment')) return;
    const runsOn = `${fileName(set, into)} line ${lineNumber(set, { file: into, line: 0 })}`;
    const effect = mine === 'comment'
      ? `, so augenrules makes them one comment: the ${theirs === 'command' ? 'rule' : 'line'} on ${runsOn} does not load`
      : ', so auditctl reads the two as one line';
    add(file, {
      range: lineRange(set, file, last),
      severity: DiagnosticSeverity.Warning,
      code: FINAL_NEWLINE_CODE,
      source: 'auditd',
      message: `This line runs into ${runsOn}: ${fileName(set, file)} has no final newline${effect}. Add a newline at the end of ${fileName(set, file)}.`,
    });
  });
}

function lineDiagnostic(set: RuleSet, load: LoadResult, entry: LoadEntry, p: LineProblem, outcome: LineOutcome | undefined): Diagnostic {
  let message = words(set, p, entry.ref);
  if (entry.joined) message += ` (auditctl reads this line and ${fileName(set, entry.joined.file)} line ${lineNumber(set, entry.joined)} as one: ${fileName(set, entry.ref.file)} has no final newline)`;
  if (p.severity === 'error') message += outcomeNote(set, load, outcome);
  return {
    range: problemRange(set, entry.ref, p),
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
    ? `${first.line === last.line ? `line ${lineNumber(set, first)}` : `lines ${lineNumber(set, first)}–${lineNumber(set, last)}`}${set.merged ? ` of ${fileName(set, first.file)}` : ''}`
    : `everything from line ${lineNumber(set, first)} of ${fileName(set, first.file)} to line ${lineNumber(set, last)} of ${fileName(set, last.file)}`;
  return ` auditctl stops loading here: ${span} will not load (add -c at the top to load past errors).`;
}

function notLoaded(set: RuleSet, load: LoadResult, entry: LoadEntry): Diagnostic {
  const { file, line } = entry.ref;
  const stop = load.stop!.ref;
  return {
    range: lineRange(set, file, line),
    severity: DiagnosticSeverity.Hint,
    code: 'not-loaded',
    source: 'auditd',
    message: `Not loaded: auditctl stopped at line ${lineNumber(set, stop)} of ${fileName(set, stop.file)}.`,
    tags: [DiagnosticTag.Unnecessary],
  };
}

function loadDiagnostic(set: RuleSet, load: LoadResult, p: LoadProblem, outcome: LineOutcome | undefined): Diagnostic {
  let message = words(set, p, p.ref);
  if (p.severity === 'error') message += outcomeNote(set, load, outcome);
  const d: Diagnostic = {
    range: problemRange(set, p.ref, p),
    severity: LSP_SEVERITY[p.severity],
    code: p.code,
    source: 'auditd',
    message,
  };
  if (p.related) {
    d.relatedInformation = [{
      location: { uri: set.files[p.related.file].uri, range: lineRange(set, p.related.file, p.related.line) },
      message: 'the earlier line',
    }];
  }
  return d;
}

/**
 * `auditctl -R` keeps a CR as part of the last word; augenrules strips it, a lone file does not. A lone
 * file's lines are read with their CR (see load/ruleFile), so the refusals it causes are auditctl's own
 * Errors and the load stops where auditctl stops; this one diagnostic names the cause, on the first line
 * the CR breaks: an Error there (auditctl refuses that line), else a Warning (a CR only ends up in a key
 * or a path).
 */
function crlfDiagnostic(set: RuleSet, add: (file: number, d: Diagnostic) => void): void {
  const model = set.files[0];
  if (!model || model.split.crlfLines === 0) return;
  const broken = model.split.lines.flatMap((_, i) => (set.crBreaks(i) ? [i] : []));
  const line = broken[0] ?? model.split.lines.findIndex((l) => l.cr);
  const refusal = broken.length === 0 ? ''
    : `, which makes it refuse ${broken.length} of them (first: line ${lineNumber(set, { file: 0, line: broken[0] })})`;
  add(0, {
    range: lineRange(set, 0, line),
    severity: broken.length > 0 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: 'crlf',
    source: 'auditd',
    message: `This file has Windows (CRLF) line endings on ${model.split.crlfLines} lines — auditctl -R keeps the CR in the last word of each line${refusal}; save with LF line endings.`,
  });
}
