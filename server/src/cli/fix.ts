/**
 * --fix: the certain syntax fixes (core certainFixes), then the editor's "add all missing CIS rules" edit on
 * the result, all in memory on the exact text; then each changed file written once, so that a crash
 * never leaves a half-written rules file. Every byte no fix names stays (line endings, a missing final
 * newline), and only files the user named are changed.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, cleanUp } from './cleanup';
import { CliError, ioMessage } from './errors';
import type { LintSet, SourceFile } from './inputs';
import { lintSet, type LintContext } from './lint';

export interface FixOutcome {
  /** The set as written. */
  set: LintSet;
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
  const changed = result.files.filter((f, i) => f.text !== set.files[i].text);
  // All or nothing: a file that cannot be rewritten stops the run before any is.
  const unsafe = changed.find((f) => !f.lossless);
  if (unsafe) throw new CliError(`${unsafe.path}: not valid UTF-8, so rewriting it would change bytes the fix does not touch; left unchanged`);
  changed.forEach(writeAtomically);
  return { set: result, messages };
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

/** A temp file beside the original, given its mode, then renamed over it (through a symlink to its target). */
function writeAtomically(file: SourceFile): void {
  try {
    const target = fs.realpathSync(file.absolute);
    const mode = fs.statSync(target).mode & 0o7777;
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
    try {
      fs.writeFileSync(temp, file.text, { encoding: 'utf8', flag: 'wx', mode: 0o600 });
      fs.chmodSync(temp, mode);
      fs.renameSync(temp, target);
    } catch (err) {
      fs.rmSync(temp, { force: true });
      throw err;
    }
  } catch (err) {
    throw new CliError(ioMessage(file.path, err));
  }
}
