/**
 * --report scanners: the CIS report of one rule set, as the editor's coverage view shows it — the
 * benchmark's state per control and each scanner's verdict per check, with why — as markdown (for a CI
 * job summary), aligned text, or JSON [{"scanner","check","verdict","path","why"}].
 */
import { coverage, coverageMarkdown, coverageText, type Analysis } from '../../core';
import { CliError } from '../errors';

export function formatReport(analysis: Analysis, format: 'text' | 'json' | 'markdown'): string {
  const c = coverage(analysis);
  if (!c) throw new CliError('--report scanners needs a benchmark version: --cis-version is off');
  switch (format) {
    case 'markdown': return coverageMarkdown(c);
    case 'text': return coverageText(c);
    case 'json': return JSON.stringify(c.verdicts.map(({ scanner, check, verdict, path, why }) => ({ scanner, check, verdict, path, why })), null, 2) + '\n';
  }
}
