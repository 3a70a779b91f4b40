/** `[{"file", "diagnostics": [{line, column, endLine, endColumn, severity, code, message}]}]`, hints included. */
import type { SetFindings } from '../lint';
import { toFinding } from '../findings';

export function formatJson(sets: readonly SetFindings[]): string {
  const files = sets.flatMap((s) => s.files).map(({ file, diagnostics }) => ({ file: file.path, diagnostics: diagnostics.map(toFinding) }));
  return JSON.stringify(files, null, 2) + '\n';
}
