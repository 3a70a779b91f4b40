/** SARIF 2.1.0 for code-scanning uploads: one rule per diagnostic code, one result per diagnostic. */
import * as path from 'node:path';
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Result } from 'sarif';
import type { SetFindings } from '../lint';
import { toFinding, type SeverityName } from '../findings';

const LEVEL: Record<SeverityName, Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A relative URI reference from the working directory, as code-scanning services resolve them against the checkout. */
function artifactUri(absolute: string, cwd: string): string {
  return path.relative(cwd, absolute).split(path.sep).map(encodeURIComponent).join('/');
}

export function formatSarif(sets: readonly SetFindings[], toolVersion: string, cwd: string): string {
  const run = new SarifRunBuilder().initSimple({ toolDriverName: 'auditd-lint', toolDriverVersion: toolVersion });
  // The core counts columns in UTF-16 code units, as LSP does (the builder's options cannot set this field).
  run.run.columnKind = 'utf16CodeUnits';
  const rules = new Set<string>();
  for (const { file, diagnostics } of sets.flatMap((s) => s.files)) {
    for (const d of diagnostics) {
      const f = toFinding(d);
      if (!rules.has(f.code)) {
        rules.add(f.code);
        // The core has no per-code description; the first message of a code says what it checks.
        run.addRule(new SarifRuleBuilder().initSimple({ ruleId: f.code, shortDescriptionText: f.message, helpUri: d.codeDescription?.href }));
      }
      run.addResult(new SarifResultBuilder().initSimple({
        ruleId: f.code,
        level: LEVEL[f.severity],
        messageText: f.message,
        fileUri: artifactUri(file.absolute, cwd),
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
