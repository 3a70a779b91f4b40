/** CIS coverage at a glance: "12/16 controls met", the per-control table, and the code lens that says so. */
import { editorLines } from '../load/editorLines';
import { Range, type CodeLens } from 'vscode-languageserver-types';
import type { Analysis } from '../analyze';
import { versionLabel } from '../cis/report';
import type { ControlState } from '../cis/check';
import { baseName } from '../load/ruleFile';

export interface CoverageRow {
  id: string;
  path: string;
  state: ControlState | 'met-strict-rejects';
  /** The rule that meets it, as written, with its place. */
  rule?: { uri: string; line: number; text: string };
  /** Scanners that reject the rule that meets it. */
  rejectedBy?: string[];
}

export interface Coverage {
  label: string;
  met: number;
  /** Controls in force (not disabled, applicable). */
  total: number;
  missing: number;
  rows: CoverageRow[];
  /** The file that carries the CIS findings. */
  uri: string;
}

export function coverage(analysis: Analysis): Coverage | undefined {
  const cis = analysis.cis;
  if (!cis) return undefined;
  const rows: CoverageRow[] = cis.statuses.map((s) => {
    const ref = s.metBy?.ref;
    const model = ref ? analysis.set.files[ref.file] : undefined;
    return {
      id: s.control.id,
      path: s.control.path,
      state: s.state === 'met' && s.strict ? 'met-strict-rejects' : s.state,
      rule: ref && model ? { uri: model.uri, line: editorLines(model.split).position(ref.line, 0).line, text: model.split.lines[ref.line].text } : undefined,
      rejectedBy: s.strict?.scanners,
    };
  });
  const met = rows.filter((r) => r.state === 'met' || r.state === 'met-strict-rejects').length;
  const missing = rows.filter((r) => r.state === 'missing').length;
  return { label: versionLabel(cis.version), met, total: met + missing, missing, rows, uri: analysis.set.files[cis.fixFile].uri };
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
  if (c.missing > 0) {
    lenses.push({ range, command: { title: `add the ${c.missing} missing`, command: 'auditd.addAllMissing', arguments: [uri] } });
  }
  return lenses;
}

const STATE_TEXT: Record<CoverageRow['state'], string> = {
  met: 'met',
  'met-strict-rejects': 'met (a strict scanner rejects the rule)',
  missing: '**missing**',
  'not-applicable': 'not applicable',
  disabled: 'disabled',
};

export function coverageMarkdown(c: Coverage): string {
  const rows = c.rows.map((r) => {
    const rule = r.rule ? `\`${r.rule.text.trim()}\` (${baseName(r.rule.uri)}:${r.rule.line + 1})` : '';
    const rejects = r.rejectedBy?.length ? ` — rejected by ${r.rejectedBy.join(', ')}` : '';
    return `| ${r.id} | \`${r.path}\` | ${STATE_TEXT[r.state]}${rejects} | ${rule} |`;
  });
  return [`# ${coverageSummary(c)}`, '', '| Control | Path | State | Rule |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}
