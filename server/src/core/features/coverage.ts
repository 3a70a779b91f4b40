/**
 * CIS coverage at a glance: "12/16 controls met", the code lens that says so, and the table of every
 * target with the benchmark's state and each scanner's verdict — one report, which the editor's
 * coverage view and `auditd-lint --report scanners` print (markdown, text) or list (JSON).
 */
import { editorLines } from '../load/editorLines';
import { Range, type CodeLens } from 'vscode-languageserver-types';
import type { Analysis } from '../analyze';
import { versionLabel } from '../cis/report';
import { cisTarget } from '../cis/catalogue';
import type { ControlState } from '../cis/check';
import { baseName } from '../load/ruleFile';
import type { LineRef } from '../load/kernelRules';
import { SCANNERS } from '../scanners/data';
import type { CheckVerdict } from '../scanners/verdicts';

/** A scanner's verdict on one check, as the report shows it. */
interface ScannerVerdict {
  scanner: string;
  check: string;
  verdict: 'pass' | 'fail';
  /** The scanner's own word when it is neither its pass nor its fail: INFO, WARN (unscored), skipped. */
  note?: string;
  path: string;
  why: string;
}

interface CoverageRow {
  /** The control's number; none for a target the version has no control for (a scanner's own). */
  id?: string;
  target: string;
  path: string;
  state: ControlState | 'not-in-version';
  /** The rule that meets the control, or that the scanners looked at, as written, with its place. */
  rule?: { uri: string; line: number; text: string };
  /** One per scanner, in the order of `Coverage.scanners`; none where the scanner has no check for the target. */
  verdicts: (ScannerVerdict | undefined)[];
}

export interface Coverage {
  label: string;
  met: number;
  /** Controls in force (not disabled, applicable). */
  total: number;
  missing: number;
  /** The missing controls whose lines the fixes add (a watch the host's kernel would refuse is not added). */
  addable: number;
  /** The host the scanners are judged on. */
  host: string;
  scanners: { id: string; selected: boolean; passed: number; checks: number }[];
  rows: CoverageRow[];
  /** Every scanner's verdicts, scanner by scanner in its own check order. */
  verdicts: ScannerVerdict[];
  /** The file that carries the CIS findings. */
  uri: string;
}

export function coverage(analysis: Analysis): Coverage | undefined {
  const cis = analysis.cis;
  if (!cis) return undefined;
  const where = (ref: LineRef | undefined) => {
    const model = ref ? analysis.set.files[ref.file] : undefined;
    return ref && model ? { uri: model.uri, line: editorLines(model.split).position(ref.line, 0).line, text: model.split.lines[ref.line]?.text ?? '' } : undefined;
  };
  const shownOf = new Map(cis.verdicts.map((v) => [v, shown(v)]));
  const verdictsOf = (target: string) => SCANNERS.map((s) => cis.verdicts.find((v) => v.scanner === s && v.check.target === target));
  const rows: CoverageRow[] = cis.statuses.map((s) => {
    const verdicts = verdictsOf(s.control.target);
    return {
      id: s.control.id,
      target: s.control.target,
      path: s.control.path,
      state: s.state,
      rule: where(s.metBy?.ref ?? verdicts.find((v) => v?.rule)?.rule?.ref),
      verdicts: verdicts.map((v) => v && shownOf.get(v)),
    };
  });
  const inVersion = new Set(cis.version.controls.map((c) => c.target));
  const others = [...new Set(cis.verdicts.map((v) => v.check.target))].filter((t) => !inVersion.has(t));
  for (const target of others) {
    const verdicts = verdictsOf(target);
    rows.push({
      target,
      path: cisTarget(target).paths[0],
      state: 'not-in-version',
      rule: where(verdicts.find((v) => v?.rule)?.rule?.ref),
      verdicts: verdicts.map((v) => v && shownOf.get(v)),
    });
  }
  const met = rows.filter((r) => r.state === 'met').length;
  const missing = rows.filter((r) => r.state === 'missing').length;
  const addable = cis.statuses.filter((s) => {
    const remedy = s.state === 'missing' ? cis.remedies.get(s.control.target) : undefined;
    return remedy !== undefined && !remedy.refused && remedy.lines.length > 0;
  }).length;
  const scanners = SCANNERS.map((s) => {
    const own = cis.verdicts.filter((v) => v.scanner === s);
    return { id: s.id, selected: cis.selected.has(s.id), passed: own.filter((v) => v.verdict === 'pass').length, checks: own.length };
  });
  return {
    label: versionLabel(cis.version), met, total: met + missing, missing, addable, host: cis.host.label, scanners, rows,
    verdicts: [...shownOf.values()], uri: analysis.set.files[cis.fixFile].uri,
  };
}

function shown(v: CheckVerdict): ScannerVerdict {
  const plain = v.said === v.scanner.says.pass || v.said === v.scanner.says.fail;
  return { scanner: v.scanner.id, check: v.check.id, verdict: v.verdict, note: plain ? undefined : v.said, path: v.path, why: v.why };
}

export function coverageSummary(c: Coverage): string {
  return `${c.label}: ${c.met}/${c.total} controls met`;
}

/** The lens on the first line of the file that carries the CIS findings. */
export function coverageLenses(analysis: Analysis, uri: string): CodeLens[] {
  const c = coverage(analysis);
  if (!c || c.uri !== uri) return [];
  const range = Range.create(0, 0, 0, 0);
  const lenses: CodeLens[] = [{ range, command: { title: coverageSummary(c), command: 'auditd.showCoverage', arguments: [uri] } }];
  if (c.addable > 0) {
    lenses.push({ range, command: { title: `add the ${c.addable} missing`, command: 'auditd.addAllMissing', arguments: [uri] } });
  }
  return lenses;
}

const STATE_TEXT: Record<CoverageRow['state'], string> = {
  met: 'met',
  missing: 'missing',
  'not-applicable': 'not applicable',
  disabled: 'disabled',
  'not-in-version': 'no control',
};

/** "✓ 1.1.3", "✗ 1.1.9", "✓ 1.1.13 (INFO)": the verdict, the check, the scanner's word when it is neither. */
function cell(v: ScannerVerdict | undefined, pass = '✓', fail = '✗'): string {
  return v ? `${v.verdict === 'pass' ? pass : fail} ${v.check}${v.note ? ` (${v.note})` : ''}` : '';
}

/** The scanners line of the report's head: each selected one's score, the host. `choose` names how to select them. */
function scannersLine(c: Coverage, choose: string): string {
  const selected = c.scanners.filter((s) => s.selected);
  const must = selected.length === 0 ? `no scanner is selected (${choose})` : `the rules must pass ${selected.map((s) => `${s.id} (${s.passed}/${s.checks} pass)`).join(', ')}`;
  return `Scanners judged on ${c.host}; ${must}.`;
}

/** The failing checks with their reason, the selected scanners' first. */
function failures(c: Coverage): { v: ScannerVerdict; selected: boolean }[] {
  const selected = new Set(c.scanners.filter((s) => s.selected).map((s) => s.id));
  const fails = c.verdicts.filter((v) => v.verdict === 'fail').map((v) => ({ v, selected: selected.has(v.scanner) }));
  return [...fails.filter((f) => f.selected), ...fails.filter((f) => !f.selected)];
}

export function coverageMarkdown(c: Coverage): string {
  const head = ['Control', 'Path', 'Benchmark', ...c.scanners.map((s) => (s.selected ? `**${s.id}**` : s.id)), 'Rule'];
  const rows = c.rows.map((r) => {
    const rule = r.rule ? `\`${r.rule.text.trim()}\` (${baseName(r.rule.uri)}:${r.rule.line + 1})` : '';
    const state = r.state === 'missing' ? '**missing**' : STATE_TEXT[r.state];
    return `| ${r.id ?? '—'} | \`${r.path}\` | ${state} | ${r.verdicts.map((v) => cell(v)).join(' | ')} | ${rule} |`;
  });
  const why = failures(c).map(({ v, selected }) => `- ${selected ? '**' : ''}${v.scanner} ${v.check}${selected ? '**' : ''} (\`${v.path || '—'}\`): ${v.why}.`);
  return [
    `# ${coverageSummary(c)}`,
    '',
    scannersLine(c, 'auditd.cis.scanners'),
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows,
    '',
    ...(why.length ? ['## Why they fail', '', ...why, ''] : []),
  ].join('\n');
}

/** The same report as plain text: an aligned table and the reasons. */
export function coverageText(c: Coverage): string {
  const head = ['Control', 'Path', 'Benchmark', ...c.scanners.map((s) => (s.selected ? `${s.id}*` : s.id))];
  const body = c.rows.map((r) => [r.id ?? '-', r.path, STATE_TEXT[r.state], ...r.verdicts.map((v) => cell(v, 'pass', 'FAIL') || '-')]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd();
  const why = failures(c).map(({ v, selected }) => `${v.scanner} ${v.check}${selected ? '*' : ''} (${v.path || '-'}): ${v.why}.`);
  return [
    coverageSummary(c),
    scannersLine(c, '--scanners'),
    '',
    line(head),
    ...body.map(line),
    ...(why.length ? ['', 'Why they fail (* = a scanner the rules must pass):', ...why] : []),
    '',
  ].join('\n');
}
