/**
 * The syntax fixes as a whole: every kind in the order `auditd-lint --fix` applies the certain ones,
 * the fix data each diagnostic carries, the quick fixes built from it on request, and the certain
 * fixes --fix applies.
 */
import { editorLines } from '../load/editorLines';
import { joinedToEarlier, runsInto } from '../load/augenrules';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { Analysis } from '../analyze';
import type { LineAnalysis } from '../auditctl/types';
import type { RuleSet } from '../load/ruleSet';
import { addFinalNewline, convertToLf, removeBom } from './fileFixes';
import { deleteDuplicate, deleteRepeatedImmutable, moveImmutableLast, moveInlineComment, replaceTabs } from './lineFixes';
import { addArch, rename } from './nameFixes';
import type { BuiltFix, FixId, FixKind, Found, SyntaxFixData } from './types';

// Every syntax fix, in the order fix all applies the certain ones: the BOM and the line endings first
// (they change how every line reads), then what makes single lines readable (tabs, inline comments),
// then what the load as a whole needs (duplicates, a repeated -e 2 gone, -e 2 last).

export const FIX_KINDS: readonly FixKind[] = [
  removeBom,
  convertToLf,
  addFinalNewline,
  replaceTabs,
  moveInlineComment,
  deleteDuplicate,
  deleteRepeatedImmutable,
  moveImmutableLast,
  addArch,
  rename,
];

const FIX_KIND: ReadonlyMap<FixId, FixKind> = new Map(FIX_KINDS.map((k) => [k.id, k]));

// After the analysis (before the CIS diagnostics, which carry their own data), each diagnostic a syntax
// fix can mend gets `data` naming the fix and what it needs (see types.ts); the code actions are built
// from it on request.

export function attachFixData(set: RuleSet, diagnostics: ReadonlyMap<string, Diagnostic[]>): void {
  set.files.forEach((model, file) => {
    let texts: Set<string> | undefined;
    const hasLine = (text: string) => (texts ??= new Set(model.split.lines.map((l) => l.text))).has(text);
    for (const diagnostic of diagnostics.get(model.uri) ?? []) {
      const map = editorLines(model.split);
      const { line, offset: start } = map.locate(diagnostic.range.start);
      const to = map.locate(diagnostic.range.end);
      const text = model.split.lines[line]?.text;
      if (text === undefined) continue;
      let analysis: LineAnalysis | undefined;
      const found: Found = {
        set, file, model, diagnostic, line, start, end: to.line === line ? to.offset : text.length, text, hasLine,
        get analysis() { return (analysis ??= model.lineAnalysis(line)); },
      };
      const whole = wholeLine(found);
      const fixes = FIX_KINDS
        .filter((k) => (k.codes ? k.codes.includes(String(diagnostic.code)) : true) && (k.scope === 'file' || whole))
        .flatMap((k) => k.find(found) ?? []);
      if (fixes.length > 0) diagnostic.data = { kind: 'syntax-fix', fixes } satisfies SyntaxFixData;
    }
  });
}

/**
 * auditctl reads the line as the editor shows it: in one piece (not cut by its read buffer) and not
 * joined to the next file's first line (a rules.d file without a final newline, see load/augenrules.ts).
 * The model knows which lines auditctl reads in parts: an over-long line is not read again per diagnostic.
 */
function wholeLine({ set, file, model, line }: Found): boolean {
  if (set.merged && line === model.split.lines.length - 1 && runsInto(set.files, file) !== undefined) return false;
  if (set.merged && line === 0 && joinedToEarlier(set.files, file)) return false;
  return model.wholeLine(line);
}

// The syntax quick fixes for the diagnostics of a code action request, from their `data`.


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
        edit: { changes: { [uri]: fix.edits.map((e) => editorLines(model.split).editorEdit(e)) } },
      }));
    });
  });
}

// What fix all (fixes/fixAll: --fix and source.fixAll.auditd) makes before it adds missing CIS rules: the
// certain syntax fixes, which leave what is audited as meant (see FixKind.certain). One kind at a time,
// in FIX_KINDS order, so the caller analyses the text again between kinds and each fix sees the text
// the one before left.

/**
 * The fixes of the first certain kind the file has, as many as can go in one edit (none overlap).
 * `lineEndings`: false leaves out the fixes that only change line endings (see syntaxQuickFixes).
 */
export function certainFixes(analysis: Analysis, uri: string, lineEndings = true): BuiltFix[] {
  const model = analysis.set.files.find((f) => f.uri === uri);
  if (!model) return [];
  const payloads = (analysis.diagnostics.get(uri) ?? []).flatMap((d) => {
    const data = d.data as SyntaxFixData | undefined;
    return data?.kind === 'syntax-fix' ? data.fixes : [];
  });
  for (const kind of FIX_KINDS.filter((k) => k.certain && (lineEndings || !k.lineEndings))) {
    const chosen: BuiltFix[] = [];
    const built = payloads.filter((p) => p.fix === kind.id).flatMap((p) => kind.build(p, model));
    for (const fix of built.map((f) => ({ ...f, edits: f.edits.map((e) => editorLines(model.split).editorEdit(e)) }))) {
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
