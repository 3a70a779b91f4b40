/**
 * --fix: the certain syntax fixes (core certainFixes), then the editor's "add all missing CIS rules"
 * edit on the result, all in memory on the exact text. Writing is rewrite.ts's, once every set is
 * planned. Every byte no fix names stays (line endings, a missing final newline), and only files the
 * user named are changed.
 */
import { applyEdits, cleanUp } from './cleanup';
import { CliError } from './errors';
import type { LintSet, SourceFile } from './inputs';
import { lintSet, type LintContext } from './lint';
import type { Rewrite } from './rewrite';

export interface FixOutcome {
  /** The set as it will be written. */
  set: LintSet;
  /** The files whose text changed. */
  rewrites: Rewrite[];
  /** What was done, or why not, for stderr. */
  messages: string[];
}

export function fixSet(set: LintSet, ctx: LintContext): FixOutcome {
  const { set: cleaned, fixed } = cleanUp(set, ctx);
  const messages = cleaned.files.flatMap((f) => (fixed.has(f.uri) ? [fixedMessage(f, fixed.get(f.uri)!)] : []));
  const found = lintSet(cleaned, ctx);
  let result = cleaned;
  if (found.fixElsewhere) messages.push(`Not fixed: the missing CIS rules belong in ${found.fixElsewhere.path}; name it or its directory.`);
  if (found.fix) {
    const { file, edit, lines } = found.fix;
    result = { ...cleaned, files: cleaned.files.map((f) => (f.uri === file.uri ? { ...f, text: applyEdits(f.uri, f.text, [edit]) } : f)) };
    messages.push(`Added ${plural(lines.length, 'line')} to ${file.path}`);
  }
  const rewrites = result.files.flatMap((f, i) => (f.text === set.files[i].text ? [] : [{ file: set.files[i], text: f.text }]));
  const unsafe = rewrites.find((r) => !r.file.lossless);
  if (unsafe) throw new CliError(`${unsafe.file.path}: not valid UTF-8, so rewriting it would change bytes the fix does not touch; nothing was written`);
  return { set: result, rewrites, messages };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "Fixed 3 problems in audit.rules: Delete this duplicate line (×2); Move -e 2 to the end of the file". */
function fixedMessage(file: SourceFile, titles: string[]): string {
  const counts = new Map<string, number>();
  for (const t of titles) counts.set(t, (counts.get(t) ?? 0) + 1);
  const list = [...counts].map(([t, n]) => (n === 1 ? t : `${t} (×${n})`)).join('; ');
  return `Fixed ${plural(titles.length, 'problem')} in ${file.path}: ${list}`;
}
