/**
 * What a diagnostic code means, as rule documentation (the CLI's SARIF rules, which code scanning shows
 * beside each alert): a one-line title, what it checks and why, and the fix with where it is offered.
 * The language's codes are described in server/data/diagnostics.tsv; the CIS codes from the benchmark.
 */
import diagnosticsTsv from '../../../data/diagnostics.tsv';
import { hintFor } from '../auditctl/hints';
import { parseTsv } from '../auditctl/tables';
import { cisTarget, cisVersion, type CisControl, type CisVersion } from '../cis/catalogue';
import { versionLabel } from '../cis/report';
import { SCANNERS, type Scanner, type ScannerCheck } from '../scanners/data';
import { FIX_KINDS } from '../fixes/syntaxFixes';
import type { AnalysisSettings } from '../settings';
import { controlMarkdown } from './hover';

export interface DiagnosticHelp {
  /** One line, the rule's name in a list of alerts. */
  title: string;
  /** What the code checks and why, as plain text. */
  description: string;
  /** How to fix it, as plain text. */
  fix?: string;
  /** The description, the fix, and where the fix is offered, as Markdown. */
  markdown: string;
  /** For a CIS code: the control's target (server/data/cis-docker.json), which names its documentation. */
  cisTarget?: string;
}

const LANGUAGE = new Map(parseTsv(diagnosticsTsv).map(([code, title, description, fix]) => [code, { title, description, fix }]));

/** Where a code's fix is offered: certain fixes by the editor and --fix, the others by the editor alone. */
function fixOffer(code: string): string | undefined {
  const kinds = FIX_KINDS.filter((k) => k.codes?.includes(code));
  if (kinds.length === 0) return undefined;
  return kinds.every((k) => k.certain)
    ? 'The editor offers this fix as a Quick Fix, and `auditd-lint --fix` applies it.'
    : 'The editor offers this fix as a Quick Fix; `auditd-lint --fix` leaves it to you, as it changes what the rule audits.';
}

function languageHelp(code: string): DiagnosticHelp | undefined {
  const entry = LANGUAGE.get(code);
  if (!entry) return undefined;
  const fix = hintFor(code) ?? entry.fix;
  const offer = fixOffer(code);
  const markdown = [entry.description, fix ? `**Fix.** ${fix}` : '', offer ?? ''].filter(Boolean).join('\n\n');
  return { title: entry.title, description: entry.description, fix: fix || undefined, markdown };
}

/** cis-docker-1.1.4: a control of the benchmark that no loaded rule meets. */
const CIS_CODE = /^cis-docker-(.+)$/;

function cisHelp(code: string, settings: AnalysisSettings): DiagnosticHelp | undefined {
  const m = CIS_CODE.exec(code);
  const version = settings.cis.version === 'off' ? undefined : cisVersion(settings.cis.version);
  const control = m && version?.controls.find((c) => c.id === m[1]);
  if (!m || !version || !control) return undefined;
  return missingHelp(control, version, settings);
}

const CIS_FIX_OFFER = 'The editor offers the rule as a Quick Fix (one control, or all missing ones), and `auditd-lint --fix` inserts it where it loads.';

function missingHelp(control: CisControl, version: CisVersion, settings: AnalysisSettings): DiagnosticHelp {
  const label = `${versionLabel(version)} §${control.id}`;
  const applicable = control.ifApplicable ? ` It applies if ${control.path} exists on the Docker host.` : '';
  const lines = control.remediation.map((l) => l.replace('{key}', settings.cis.key));
  return {
    title: `No audit rule for ${control.path} (${label})`,
    description: `${label} asks for an audit rule on ${control.path}: a loaded watch, or an -F path= or -F dir= rule on all syscalls, meets it.${applicable}`,
    fix: `Add the benchmark's rule: ${lines.join(' and ')}`,
    markdown: [controlMarkdown(control, version.id, lines), CIS_FIX_OFFER].join('\n\n'),
    cisTarget: control.target,
  };
}

/** A scanner check's code: docker-bench-security-1.1.9, datadog-cis-docker-1.2.7, inspec-mitre-M-1.9. */
function scannerHelp(code: string): DiagnosticHelp | undefined {
  for (const scanner of SCANNERS) {
    if (!code.startsWith(`${scanner.id}-`)) continue;
    const check = scanner.checks.find((c) => code === `${scanner.id}-${c.id}`);
    if (check) return checkHelp(scanner, check);
  }
  return undefined;
}

function checkHelp(scanner: Scanner, check: ScannerCheck): DiagnosticHelp {
  const target = cisTarget(check.target);
  const description = `${scanner.id} (${scanner.source}) checks ${check.id} on ${target.title}: it ${scanner.reads}. This diagnostic appears when it would fail the rules as they load, on the Docker host set by auditd.cis.host.`;
  const fix = 'Add the line the diagnostic names: it passes this scanner, the benchmark and every other selected scanner. Where no rule can pass the check (the host lacks the file, or `auditctl -l` never prints the line it wants), the diagnostic says so instead.';
  return {
    title: `${scanner.id} ${check.id} fails (${target.title})`,
    description,
    fix,
    markdown: [description, `**Fix.** ${fix}`, 'The editor offers the line as a Quick Fix and in "Add all missing CIS Docker rules"; `auditd-lint --fix` inserts it where it loads.'].join('\n\n'),
    cisTarget: check.target,
  };
}

/** The documentation of a diagnostic code, under the benchmark version of `settings`; undefined for a code nobody emits. */
export function diagnosticHelp(code: string, settings: AnalysisSettings): DiagnosticHelp | undefined {
  return languageHelp(code) ?? cisHelp(code, settings) ?? scannerHelp(code);
}
