/** Severity names (the language's problems, the settings) as LSP numbers. */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Severity } from './language/types';

export const LSP_SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};
