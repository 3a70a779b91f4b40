/**
 * What a diagnostic code means, as rule documentation (the CLI's SARIF rules, which code scanning shows
 * beside each alert): a one-line title, what it checks and why, and the fix with where it is offered.
 * The language's codes are described in server/data/diagnostics.tsv; the CIS codes from the benchmark.
 */
import diagnosticsTsv from '../../../data/diagnostics.tsv';
import { hintFor } from '../auditctl/hints';
import { parseTsv } from '../auditctl/tables';
import { cisVersion, SCANNERS, type CisControl, type CisVersion } from '../cis/catalogue';
import { remediationLines, versionLabel } from '../cis/report';
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

/** cis-docker-1.1.4 (missing) or cis-docker-1.1.4-strict (met in a form a strict scanner fails). */
const CIS_CODE = /^cis-docker-(.+?)(-strict)?$/;

function cisHelp(code: string, settings: AnalysisSettings): DiagnosticHelp | undefined {
  const m = CIS_CODE.exec(code);
  const version = settings.cis.version === 'off' ? undefined : cisVersion(settings.cis.version);
  const control = m && version?.controls.find((c) => c.id === m[1]);
  if (!m || !version || !control) return undefined;
  return m[2] ? strictHelp(control, version, settings) : missingHelp(control, version, settings);
}

const CIS_FIX_OFFER = 'The editor offers the rule as a Quick Fix (one control, or all missing ones), and `auditd-lint --fix` inserts it where it loads.';

function missingHelp(control: CisControl, version: CisVersion, settings: AnalysisSettings): DiagnosticHelp {
  const label = `${versionLabel(version)} §${control.id}`;
  const applicable = control.ifApplicable ? ` It applies if ${control.path} exists on the Docker host.` : '';
  const lines = remediationLines(control, settings);
  return {
    title: `No audit rule for ${control.path} (${label})`,
    description: `${label} asks for an audit rule on ${control.path}: a loaded watch, or an -F path= or -F dir= rule on all syscalls, meets it.${applicable}`,
    fix: `Add the benchmark's rule: ${lines.join(' and ')}`,
    markdown: [controlMarkdown(control, version.id, lines), CIS_FIX_OFFER].join('\n\n'),
    cisTarget: control.target,
  };
}

function strictHelp(control: CisControl, version: CisVersion, settings: AnalysisSettings): DiagnosticHelp {
  const label = `${versionLabel(version)} §${control.id}`;
  const wanted = `-w ${control.path} -p rwxa -k ${settings.cis.key}`;
  const description = `A loaded rule meets ${label} for the scanners that accept any rule on ${control.path}, in a form a strict scanner fails: it wants \`auditctl -l\` to list \`${wanted}\`.`;
  return {
    title: `${label} met in a form a strict scanner fails`,
    description,
    fix: `Rewrite the rule as ${wanted}, which every scanner accepts.`,
    markdown: [
      description,
      'How each scanner decides:',
      Object.entries(SCANNERS).map(([scanner, rule]) => `- ${scanner}: ${rule}`).join('\n'),
      `**Fix.** Rewrite the rule as \`${wanted}\`, which every scanner accepts; the editor offers the rewrite as a Quick Fix.`,
    ].join('\n\n'),
    cisTarget: control.target,
  };
}

/** The documentation of a diagnostic code, under the benchmark version of `settings`; undefined for a code nobody emits. */
export function diagnosticHelp(code: string, settings: AnalysisSettings): DiagnosticHelp | undefined {
  return languageHelp(code) ?? cisHelp(code, settings);
}
