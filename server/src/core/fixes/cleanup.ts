/**
 * What `auditd-lint --fix` applies before it adds missing CIS rules: the certain syntax fixes, which
 * leave what is audited as meant (see FixKind.certain). One kind at a time, in FIX_KINDS order, so the
 * caller analyses the text again between kinds and each fix sees the text the one before left.
 */
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { Analysis } from '../analyze';
import { FIX_KINDS } from './kinds';
import type { BuiltFix, SyntaxFixData } from './types';

/** The fixes of the first certain kind the file has, as many as can go in one edit (none overlap). */
export function certainFixes(analysis: Analysis, uri: string): BuiltFix[] {
  const model = analysis.set.files.find((f) => f.uri === uri);
  if (!model) return [];
  const payloads = (analysis.diagnostics.get(uri) ?? []).flatMap((d) => {
    const data = d.data as SyntaxFixData | undefined;
    return data?.kind === 'syntax-fix' ? data.fixes : [];
  });
  for (const kind of FIX_KINDS.filter((k) => k.certain)) {
    const chosen: BuiltFix[] = [];
    for (const fix of payloads.filter((p) => p.fix === kind.id).flatMap((p) => kind.build(p, model))) {
      if (!fix.edits.some((e) => chosen.some((c) => c.edits.some((o) => overlap(e, o))))) chosen.push(fix);
    }
    if (chosen.length > 0) return chosen;
  }
  return [];
}

type Position = Range['start'];
const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
const same = (a: Position, b: Position) => a.line === b.line && a.character === b.character;

/** Two edits touch the same text, or insert at the same place (their order would be a guess). */
function overlap(a: TextEdit, b: TextEdit): boolean {
  if (same(a.range.start, b.range.start)) return true;
  return before(a.range.start, b.range.end) && before(b.range.start, a.range.end);
}
