/**
 * After the analysis (before the CIS diagnostics, which carry their own data), each diagnostic a syntax
 * fix can mend gets `data` naming the fix and what it needs (see types.ts); the code actions are built
 * from it on request.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { RuleSet } from '../load/ruleSet';
import { auditctlReads } from '../auditctl/reads';
import { FIX_KINDS } from './kinds';
import type { Found, SyntaxFixData } from './types';

export function attachFixData(set: RuleSet, diagnostics: ReadonlyMap<string, Diagnostic[]>): void {
  set.files.forEach((model, file) => {
    for (const diagnostic of diagnostics.get(model.uri) ?? []) {
      const line = diagnostic.range.start.line;
      const found: Found = { set, file, model, diagnostic, line, text: model.split.lines[line].text, analysis: model.analyses[line] };
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
 * joined to the next file's first line (a rules.d file without a final newline, see ruleset.ts).
 */
function wholeLine({ set, file, model, line, text }: Found): boolean {
  const { lines, finalNewline } = model.split;
  const last = line === lines.length - 1;
  if (set.merged && last && !finalNewline && file < set.files.length - 1) return false;
  return auditctlReads(text, !last || finalNewline).length === 1;
}
