/** The syntax quick fixes for the diagnostics of a code action request, from their `data`. */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { Analysis } from '../analyze';
import { FIX_KIND } from './kinds';
import type { SyntaxFixData } from './types';

/**
 * `normalizesLineEndings`: the client makes every line ending of a document the same on its own (VS
 * Code does, and says so in workspace.workspaceEdit.normalizesLineEndings), so an edit that only
 * changes line endings does nothing there and is not offered.
 */
export function syntaxQuickFixes(analysis: Analysis, uri: string, diagnostics: readonly Diagnostic[], normalizesLineEndings = false): CodeAction[] {
  const model = analysis.set.files.find((f) => f.uri === uri);
  if (!model) return [];
  return diagnostics.flatMap((d) => {
    const data = d.data as SyntaxFixData | undefined;
    if (data?.kind !== 'syntax-fix') return [];
    return data.fixes.flatMap((payload) => {
      // The data comes back from the client: a fix this server does not know is none.
      const kind = FIX_KIND.get(payload.fix);
      if (!kind || (kind.lineEndings && normalizesLineEndings)) return [];
      return kind.build(payload, model).map((fix): CodeAction => ({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        ...(kind.certain ? { isPreferred: true } : {}),
        edit: { changes: { [uri]: fix.edits } },
      }));
    });
  });
}
