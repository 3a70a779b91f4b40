/** Severity names (the language's problems, the settings, the CLI's output) and their LSP numbers. */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Severity } from './auditctl/types';

export const LSP_SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Every severity name, most severe first. */
export const SEVERITY_NAMES = Object.keys(LSP_SEVERITY) as readonly Severity[];

/** The name of an LSP severity number. */
export function severityName(n: DiagnosticSeverity): Severity {
  return SEVERITY_NAMES.find((name) => LSP_SEVERITY[name] === n)!;
}
