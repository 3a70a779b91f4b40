/** A diagnostic as the outputs print it: 1-based lines and columns (end exclusive), severity by name. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

export interface Finding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: SeverityName;
  code: string;
  message: string;
}

const NAMES: Record<DiagnosticSeverity, SeverityName> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function toFinding(d: Diagnostic): Finding {
  return {
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    // LSP leaves a missing severity to the client; the editor shows it as an error.
    severity: NAMES[d.severity ?? DiagnosticSeverity.Error],
    code: String(d.code ?? ''),
    // LSP 3.18 allows Markdown messages; the core writes plain text, and markdown's source reads as text too.
    message: typeof d.message === 'string' ? d.message : d.message.value,
  };
}

const RANK: Record<SeverityName, number> = { error: 3, warning: 2, information: 1, hint: 0 };

/** Hints (lines greyed out as not loaded) restate an error already reported, so they never fail a run. */
export function failsAt(severity: SeverityName, failOn: Exclude<SeverityName, 'hint'>): boolean {
  return severity !== 'hint' && RANK[severity] >= RANK[failOn];
}
