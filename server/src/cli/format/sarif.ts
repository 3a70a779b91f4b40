/**
 * SARIF 2.1.0 for code-scanning uploads: one rule per diagnostic code, documented (a title, what it
 * checks, help in Markdown with the fix, a link per CIS control), and one result per finding.
 */
import * as path from 'node:path';
import type { ReportingDescriptor, Result } from 'sarif';
import { homepage, repository } from '../../../../package.json';
import { diagnosticHelp, type AnalysisSettings } from '../../core';
import type { SetFindings } from '../lint';
import { toFinding, type SeverityName } from '../findings';

const LEVEL: Record<SeverityName, Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** Where the per-control documentation lives: docs/cis-docker.md, one section per audited target. */
const CIS_DOCS = `${repository.url.replace(/\.git$/, '')}/blob/main/docs/cis-docker.md`;

interface SarifOptions {
  toolVersion: string;
  /** Result paths are relative to it, as code scanning resolves them against the checkout. */
  cwd: string;
  /** The benchmark version and key the rules' help speaks of. */
  settings: AnalysisSettings;
}

/** A relative URI reference from the working directory. */
function artifactUri(absolute: string, cwd: string): string {
  return path.relative(cwd, absolute).split(path.sep).map(encodeURIComponent).join('/');
}

function rule(code: string, severity: SeverityName, settings: AnalysisSettings): ReportingDescriptor {
  const help = diagnosticHelp(code, settings);
  const descriptor: ReportingDescriptor = {
    id: code,
    shortDescription: { text: help?.title ?? code },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { tags: [code.startsWith('cis-docker-') ? 'cis-docker' : 'auditctl'] },
  };
  if (!help) return descriptor;
  descriptor.fullDescription = { text: help.description };
  descriptor.help = { text: [help.description, help.fix].filter(Boolean).join(' '), markdown: help.markdown };
  if (help.cisTarget) descriptor.helpUri = `${CIS_DOCS}#${help.cisTarget}`;
  return descriptor;
}

export function formatSarif(sets: readonly SetFindings[], options: SarifOptions): string {
  // Required here, not at the top: the builder and what it loads (fs-extra, graceful-fs, which patches
  // fs) cost every run of the CLI 15 ms of its start, and only a SARIF report uses them.
  const { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } = require('node-sarif-builder') as typeof import('node-sarif-builder');
  const run = new SarifRunBuilder().initSimple({ toolDriverName: 'auditd-lint', toolDriverVersion: options.toolVersion, url: homepage });
  // The core counts columns in UTF-16 code units, as LSP does (the builder's options cannot set this field).
  run.run.columnKind = 'utf16CodeUnits';
  const rules = new Set<string>();
  for (const { file, diagnostics } of sets.flatMap((s) => s.files)) {
    for (const f of diagnostics.map(toFinding)) {
      if (!rules.has(f.code)) {
        rules.add(f.code);
        run.addRule(new SarifRuleBuilder(rule(f.code, f.severity, options.settings)));
      }
      run.addResult(new SarifResultBuilder().initSimple({
        ruleId: f.code,
        level: LEVEL[f.severity],
        messageText: f.message,
        fileUri: artifactUri(file.absolute, options.cwd),
        startLine: f.line,
        startColumn: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
      }));
    }
  }
  const log = new SarifBuilder();
  log.addRun(run);
  return log.buildSarifJsonString({ indent: true }) + '\n';
}
