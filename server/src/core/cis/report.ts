/** CIS findings of a rule set: control statuses, where fixes go, and the diagnostics that say so. */
import { Diagnostic, type Range } from 'vscode-languageserver-types';
import { editorLines } from '../load/editorLines';
import type { RuleSet } from '../load/ruleSet';
import type { LoadResult } from '../load/load';
import type { LoadedRule } from '../load/kernelRules';
import type { AnalysisSettings, HostFacts } from '../settings';
import { LSP_SEVERITY } from '../severity';
import { BENCHMARK_URL, cisVersion, controlPaths, equivalents, normalizePath, type CisControl, type CisVersion } from './catalogue';
import { evaluateControls, type ControlStatus } from './check';
import { benchmarkLabel } from './label';
import { dockerEntries, insertionLine } from './placement';
import { AUDIT_DIR, AUDIT_WATCH } from '../auditctl/tables';

export interface CisReport {
  version: CisVersion;
  statuses: ControlStatus[];
  /** The file of the set where missing rules go, and the line before which they go. */
  fixFile: number;
  /** None when no place in that file would load them (see placement.ts): then no fix is offered. */
  insertLine?: number;
  /** No file of the set holds a Docker rule yet. */
  noDockerFile: boolean;
}

/** What a missing-control diagnostic carries for its code action. */
export interface MissingData { kind: 'cis-missing'; version: string; control: string; lines: string[] }
/** What a strict-scanner diagnostic carries: the line that every scanner accepts. */
export interface StrictData { kind: 'cis-strict'; version: string; control: string; replacement: string }

export function cisReport(set: RuleSet, load: LoadResult, settings: AnalysisSettings, host: HostFacts): CisReport | undefined {
  const version = settings.cis.version === 'off' ? undefined : cisVersion(settings.cis.version);
  if (!version) return undefined;
  const disabled = disabledControls(set, settings);
  // The rules a control's paths name, read again in full (the load keeps only their facts).
  const loaded = new Map<string, LoadedRule[]>();
  const byPath = (pathKey: string) => {
    let rules = loaded.get(pathKey);
    if (!rules) loaded.set(pathKey, (rules = load.loadedByPath(pathKey).map((e) => ({ rule: set.ruleOf(e)!, ref: e.ref }))));
    return rules;
  };
  const statuses = evaluateControls(version, byPath, settings, host, disabled);
  const dockerPaths = new Set(version.controls.flatMap((c) => controlPaths(c).map(normalizePath)));
  const key = settings.cis.key;
  const holdsDocker = set.files.map(() => false);
  for (const e of dockerEntries(set, dockerPaths, key)) holdsDocker[e.ref.file] = true;
  let fixFile = holdsDocker.lastIndexOf(true);
  const noDockerFile = fixFile < 0;
  if (noDockerFile) {
    const firstWithE = set.files.findIndex((f) => f.tally.enableLines > 0);
    fixFile = set.merged && firstWithE > 0 ? firstWithE - 1 : set.merged && firstWithE < 0 ? set.files.length - 1 : Math.max(firstWithE, 0);
  }
  return { version, statuses, fixFile, insertLine: insertionLine(set, load, fixFile, dockerPaths, key), noDockerFile };
}

/** `# auditd-lint: disable cis-docker-1.1.15 1.1.16` anywhere in the set; `cis-docker` alone disables all. */
const DISABLE_COMMENT = /^\s*#\s*auditd-lint:\s*disable\s+(.*)$/;

/** The words of a disable comment, if the line is one. */
export function disableWords(text: string): string[] | undefined {
  const m = DISABLE_COMMENT.exec(text);
  return m ? m[1].split(/[\s,]+/) : undefined;
}

function disabledControls(set: RuleSet, settings: AnalysisSettings): Set<string> {
  const ids = new Set<string>();
  const add = (word: string) => {
    const w = word.trim();
    if (w === 'cis-docker') ids.add('*');
    else if (w) ids.add(w.replace(/^cis-docker-/, ''));
  };
  settings.cis.exclude.forEach(add);
  for (const f of set.files) for (const word of f.tally.disables.keys()) add(word);
  return ids;
}

export function versionLabel(version: CisVersion): string {
  return benchmarkLabel(version.id);
}

export function remediationLines(control: CisControl, settings: AnalysisSettings): string[] {
  const key = settings.cis.key;
  if (settings.cis.match === 'exact') return [`-w ${control.path} -p rwxa -k ${key}`];
  return control.remediation.map((l) => l.replace('{key}', key));
}


/** Diagnostics by file index. */
export function cisDiagnostics(set: RuleSet, report: CisReport, settings: AnalysisSettings): Map<number, Diagnostic[]> {
  const out = new Map<number, Diagnostic[]>();
  const push = (file: number, d: Diagnostic) => out.set(file, [...(out.get(file) ?? []), d]);
  const { version } = report;
  const label = versionLabel(version);
  const anchor = anchorRange(set, report);
  for (const s of report.statuses) {
    const c = s.control;
    const code = `cis-docker-${c.id}`;
    // The same control under another number (Datadog's rules use 1.2.0's), once per number.
    const also = [...new Map(equivalents(c, version.id).filter((e) => !e.endsWith(`§${c.id}`)).map((e) => [e.split(' ')[1], e])).values()];
    if (s.state === 'missing') {
      const level = c.level ? `, Level ${c.level}` : '';
      const applicable = c.ifApplicable ? ` Applies if ${c.path} exists on the host.` : '';
      const data: MissingData = { kind: 'cis-missing', version: version.id, control: c.id, lines: remediationLines(c, settings) };
      push(report.fixFile, {
        range: anchor,
        severity: LSP_SEVERITY[settings.cis.severity[code] ?? settings.cis.severity[c.id] ?? (c.ifApplicable ? 'information' : 'warning')],
        code,
        codeDescription: { href: BENCHMARK_URL },
        source: 'auditd',
        message: `No audit rule for ${c.path}: ${label} §${c.id}${level}${also.length ? ` (also ${also.join(', ')})` : ''}.${applicable} Add: ${data.lines[0]}`,
        data,
      });
    }
    if (s.state === 'met' && s.strict && s.metBy) {
      const line = s.metBy.ref.line;
      const { split } = set.files[s.metBy.ref.file];
      const text = split.lines[line]?.text ?? '';
      const path = String(s.metBy.rule.fields.find((f) => f.id === AUDIT_WATCH || f.id === AUDIT_DIR)?.value ?? c.path);
      const data: StrictData = { kind: 'cis-strict', version: version.id, control: c.id, replacement: `-w ${path} -p rwxa -k ${settings.cis.key}` };
      push(s.metBy.ref.file, {
        range: editorLines(split).range(line, text.length - text.trimStart().length, text.length),
        severity: LSP_SEVERITY[settings.cis.severity[`${code}-strict`] ?? 'information'],
        code: `${code}-strict`,
        codeDescription: { href: BENCHMARK_URL },
        source: 'auditd',
        message: `Meets ${label} §${c.id}, but ${s.strict.scanners.join(' and ')} would fail it: ${s.strict.reasons.join('; ')}.`,
        data,
      });
    }
  }
  return out;
}

/** Missing-control diagnostics sit on the first Docker rule of the fix file, else on its first line. */
function anchorRange(set: RuleSet, report: CisReport): Range {
  const model = set.files[report.fixFile];
  const stop = set.load.result().stop?.ref;
  const before = report.insertLine ?? (stop?.file === report.fixFile ? stop.line + 1 : 0);
  const line = Math.min(Math.max(before - 1, 0), Math.max(model.split.lines.length - 1, 0));
  const text = model.split.lines[line]?.text ?? '';
  return editorLines(model.split).range(line, 0, text.length);
}
