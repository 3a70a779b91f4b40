/**
 * CIS findings of a rule set: the benchmark's control statuses, every scanner's verdicts, the lines
 * that fix what is missing or failing, where they go, and the diagnostics that say so.
 */
import { Diagnostic, type Range } from 'vscode-languageserver-types';
import { editorLines } from '../load/editorLines';
import type { RuleSet } from '../load/ruleSet';
import type { LoadResult } from '../load/load';
import type { LineRef, LoadedRule } from '../load/kernelRules';
import { listingMentioning } from '../load/listing';
import type { AnalysisSettings, HostFacts, SeverityName } from '../settings';
import { LSP_SEVERITY } from '../severity';
import { hostView, HOST_LAYOUTS, type HostView } from '../scanners/hosts';
import { DOCKER_WORDS } from '../scanners/data';
import { indexListing } from '../scanners/matchers';
import { scannerVerdicts, type CheckVerdict } from '../scanners/verdicts';
import { BENCHMARK_URL, cisVersion, controlPaths, equivalents, normalizePath, type CisVersion } from './catalogue';
import { evaluateControls, type ControlStatus } from './check';
import { benchmarkLabel } from './label';
import { dockerEntries, insertionLine } from './placement';
import { chooseRemedy, type Remedy } from './remedies';

export interface CisReport {
  version: CisVersion;
  statuses: ControlStatus[];
  /** The host the scanners are judged on. */
  host: HostView;
  /** Every check of every scanner. */
  verdicts: CheckVerdict[];
  /** The scanners the rules must pass (auditd.cis.scanners). */
  selected: ReadonlySet<string>;
  /** Controls, checks and scanners not to report (settings and disable comments), as written. */
  disabled: ReadonlySet<string>;
  /** The lines each target needs, for the targets with a missing control or a selected check that fails. */
  remedies: Map<string, Remedy>;
  /** The file of the set where missing rules go, and the line before which they go. */
  fixFile: number;
  /** None when no place in that file would load them (see placement.ts): then no fix is offered. */
  insertLine?: number;
  /** No file of the set holds a Docker rule yet. */
  noDockerFile: boolean;
}

/** What a missing-control diagnostic carries for its code action. */
export interface MissingData {
  kind: 'cis-missing';
  version: string;
  control: string;
  lines: string[];
  /** Why no line is offered (the host's kernel would refuse the watch), when none is. */
  notAdded?: string;
}
/** What a failing scanner check's diagnostic carries: the lines that pass it (none when no rule can). */
export interface ScannerData { kind: 'cis-scanner'; scanner: string; check: string; path: string; lines: string[] }

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
  const { view, verdicts, selected, remedies } = judged(set, load, settings, host, statuses, disabled);
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
  return {
    version, statuses, host: view, verdicts, selected, disabled, remedies,
    fixFile, insertLine: insertionLine(set, load, fixFile, dockerPaths, key), noDockerFile,
  };
}

interface Judgement {
  view: HostView;
  verdicts: CheckVerdict[];
  selected: ReadonlySet<string>;
  remedies: Map<string, Remedy>;
}

/** The last judgement of a set, and what it was made of. */
interface Judged { refs: readonly LineRef[]; texts: string; inputs: string; judgement: Judgement }
const lastJudged = new WeakMap<RuleSet, Judged>();

/**
 * The scanners' verdicts and the lines that fix what fails. They follow from the rules that name Docker
 * (scanners/data DOCKER_WORDS: no other rule holds a path a check looks for), the missing controls and the
 * settings: an edit that changes none of those (most edits) reuses the set's last judgement.
 */
function judged(set: RuleSet, load: LoadResult, settings: AnalysisSettings, host: HostFacts, statuses: readonly ControlStatus[], disabled: ReadonlySet<string>): Judgement {
  const listing = listingMentioning(set, load, DOCKER_WORDS);
  const refs = listing.map((l) => l.ref);
  const texts = listing.map((l) => l.text).join('\n');
  // With applicability host the judgement reads this machine's files, which may change: never reused.
  const applicableHost = settings.cis.applicability === 'host' ? host : undefined;
  const inputs = applicableHost ? '' : JSON.stringify([settings.cis, set.target.name, [...disabled], statuses.map((s) => s.state)]);
  const last = lastJudged.get(set);
  if (inputs && last && last.inputs === inputs && last.texts === texts && last.refs.length === refs.length && last.refs.every((r, i) => r === refs[i])) {
    return last.judgement;
  }
  const view = hostView(HOST_LAYOUTS[settings.cis.host] ?? HOST_LAYOUTS.debian, applicableHost);
  const verdicts = scannerVerdicts(indexListing(listing), view);
  const selected = new Set(settings.cis.scanners);
  const remedies = chooseRemedies(set, settings, view, statuses, verdicts.filter((v) => reported(v, selected, disabled)));
  const judgement = { view, verdicts, selected, remedies };
  lastJudged.set(set, { refs, texts, inputs, judgement });
  return judgement;
}

/** A failing check of a selected scanner that no setting or comment silences: it gets a diagnostic. */
function reported(v: CheckVerdict, selected: ReadonlySet<string>, disabled: ReadonlySet<string>): boolean {
  return v.verdict === 'fail' && selected.has(v.scanner.id) && !disabled.has(v.scanner.id) && !disabled.has(scannerCode(v));
}

/** A scanner check's diagnostic code: docker-bench-security-1.1.9, datadog-cis-docker-1.2.7. */
function scannerCode(v: CheckVerdict): string {
  return `${v.scanner.id}-${v.check.id}`;
}

/** For each target with a missing control or a reported failing check, the lines that fix it. */
function chooseRemedies(set: RuleSet, settings: AnalysisSettings, host: HostView, statuses: readonly ControlStatus[], failing: readonly CheckVerdict[]): Map<string, Remedy> {
  const key = settings.cis.key;
  const targets = new Set([...statuses.filter((s) => s.state === 'missing').map((s) => s.control.target), ...failing.map((v) => v.check.target)]);
  const remedies = new Map<string, Remedy>();
  for (const target of targets) {
    const status = statuses.find((s) => s.control.target === target && s.state === 'missing');
    remedies.set(target, chooseRemedy({
      target,
      missing: status && { control: status.control, remediation: status.control.remediation.map((l) => l.replace('{key}', key)) },
      failing: failing.filter((v) => v.check.target === target && v.cannotPass === undefined),
      key,
      machine: set.target,
      host,
    }));
  }
  return remedies;
}


/**
 * `# auditd-lint: disable cis-docker-1.1.15 1.1.16 inspec-mitre` anywhere in the set (and the exclude
 * setting): control numbers, scanner check codes, scanner ids; `cis-docker` alone disables every control.
 */
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
      const remedy = report.remedies.get(c.target);
      const data: MissingData = { kind: 'cis-missing', version: version.id, control: c.id, lines: remedy?.refused ? [] : remedy?.lines ?? [], notAdded: remedy?.refused };
      push(report.fixFile, {
        range: anchor,
        severity: LSP_SEVERITY[severityOf(settings, [code, c.id]) ?? (c.ifApplicable ? 'information' : 'warning')],
        code,
        codeDescription: { href: BENCHMARK_URL },
        source: 'auditd',
        message: `No audit rule for ${c.path}: ${label} §${c.id}${level}${also.length ? ` (also ${also.join(', ')})` : ''}.${applicable}${data.notAdded ? ` Not added: ${data.notAdded}.` : addText(data.lines)}`,
        data,
      });
    }
  }
  for (const v of report.verdicts) {
    if (!reported(v, report.selected, report.disabled)) continue;
    const code = scannerCode(v);
    const remedy = report.remedies.get(v.check.target);
    const cannot = v.cannotPass ?? (remedy?.unmet.includes(v) ? 'no rule that loads is listed as it wants' : undefined);
    const lines = cannot ? [] : remedy?.lines ?? [];
    const data: ScannerData = { kind: 'cis-scanner', scanner: v.scanner.id, check: v.check.id, path: v.path, lines };
    const ref = v.rule?.ref;
    push(ref ? ref.file : report.fixFile, {
      range: ref ? lineRange(set, ref) : anchor,
      severity: LSP_SEVERITY[severityOf(settings, [code, v.scanner.id]) ?? (cannot ? 'information' : 'warning')],
      code,
      source: 'auditd',
      message: `${v.scanner.id} ${v.check.id} fails: ${v.why}.${cannot ? ` No rule can pass it: ${cannot}.` : addText(lines)}`,
      data,
    });
  }
  return out;
}

/** The first configured severity among the keys (a code, then a control number or scanner id). */
function severityOf(settings: AnalysisSettings, keys: readonly string[]): SeverityName | undefined {
  for (const k of keys) if (settings.cis.severity[k]) return settings.cis.severity[k];
  return undefined;
}

/** " Add: LINE", and how many more lines the fix inserts. */
function addText(lines: readonly string[]): string {
  if (lines.length === 0) return '';
  const more = lines.length - 1;
  return ` Add: ${lines[0]}${more > 0 ? ` (and ${more} more line${more === 1 ? '' : 's'})` : ''}`;
}

/** A rule's line, from its first word to its end. */
function lineRange(set: RuleSet, ref: LineRef): Range {
  const { split } = set.files[ref.file];
  const text = split.lines[ref.line]?.text ?? '';
  return editorLines(split).range(ref.line, text.length - text.trimStart().length, text.length);
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
