/** A diagnostic as the outputs print it: 1-based lines and columns (end exclusive), severity by name. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { LSP_SEVERITY, severityName, type SeverityName } from '../core';

export type { SeverityName };

export interface Finding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: SeverityName;
  code: string;
  message: string;
}

export function toFinding(d: Diagnostic): Finding {
  return {
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    // LSP leaves a missing severity to the client; the editor shows it as an error.
    severity: severityName(d.severity ?? DiagnosticSeverity.Error),
    code: String(d.code ?? ''),
    // LSP 3.18 allows Markdown messages; the core writes plain text, and markdown's source reads as text too.
    message: typeof d.message === 'string' ? d.message : d.message.value,
  };
}

/** Hints (lines greyed out as not loaded) restate an error already reported, so they never fail a run. */
export function failsAt(severity: SeverityName, failOn: Exclude<SeverityName, 'hint'>): boolean {
  // LSP numbers severity from 1 (error) down: at or above --fail-on is a number at or below it.
  return severity !== 'hint' && LSP_SEVERITY[severity] <= LSP_SEVERITY[failOn];
}
