/**
 * --fix: the core's fix all (fixes/fixAll: the certain syntax fixes, then the missing CIS rules, the same
 * text source.fixAll.auditd makes in the editor), in memory on the exact text, for the files the user
 * named. Writing is rewrite.ts's, once every set is planned. Every byte no fix names stays (line
 * endings, a missing final newline).
 */
import { fixAll, type Analysis } from '../core';
import { CliError } from './errors';
import type { LintSet, SourceFile } from './inputs';
import { analyzeRequest, type LintContext } from './lint';
import type { Rewrite } from './rewrite';

interface FixOutcome {
  /** The set as it will be written, and its analysis. */
  set: LintSet;
  analysis: Analysis;
  /** The files whose text changed. */
  rewrites: Rewrite[];
  /** What was done, or why not, for stderr. */
  messages: string[];
}

export function fixSet(set: LintSet, ctx: LintContext): FixOutcome {
  const result = fixAll({ ...analyzeRequest(set, ctx), editable: [...set.shown] });
  const byUri = new Map(set.files.map((f) => [f.uri, f]));
  const fixed = result.files.map((f) => ({ source: byUri.get(f.uri)!, ...f }));
  const messages = fixed.flatMap((f) => (f.fixes.length > 0 ? [fixedMessage(f.source, f.fixes)] : []));
  if (result.cisElsewhere) messages.push(`Not fixed: the missing CIS rules belong in ${byUri.get(result.cisElsewhere)!.path}; name it or its directory.`);
  for (const f of fixed) if (f.added.length > 0) messages.push(`Added ${plural(f.added.length, 'line')} to ${f.source.path}`);
  if (result.unsettled) messages.push(`Not fixed further: ${result.unsettled}; what could be fixed for certain is written, nothing else.`);
  const rewrites = fixed.flatMap((f) => (f.text === f.source.text ? [] : [{ file: f.source, text: f.text }]));
  const unsafe = rewrites.find((r) => !r.file.lossless);
  if (unsafe) throw new CliError(`${unsafe.file.path}: not valid UTF-8, so rewriting it would change bytes the fix does not touch; nothing was written`);
  return { set: { ...set, files: fixed.map((f) => ({ ...f.source, text: f.text })) }, analysis: result.analysis, rewrites, messages };
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
