/**
 * Where inserted CIS rules go so that they really load: next to the Docker rules already there, else
 * with the other rules; never after an -e line, never before a line that would remove them again
 * (-D, -W, -d), never after the line where auditctl stops loading.
 */
import type { FileModel } from '../load/ruleFile';
import type { RuleSet } from '../load/ruleSet';
import { auditedPathKey } from './check';

/** The line index before which new lines go (the line count means: at the end). */
export function insertionLine(set: RuleSet, fileIndex: number, dockerPaths: ReadonlySet<string>, key: string): number {
  const model = set.files[fileIndex];
  const count = model.analyses.length;
  const loadedHere = new Set(
    set.entries.filter((e) => e.ref.file === fileIndex && set.load.outcomes.get(e) === 'loaded').map((e) => e.ref.line),
  );
  let lo = 0;
  let hardHi = count;
  let firstEnable = count;
  let lastDocker = -1;
  model.analyses.forEach((a, line) => {
    if (a.kind !== 'command') return;
    // Only a removal that really runs can undo the inserted rules.
    const removes = a.controls.some((c) => c.kind === 'deleteAll' && (c.key === undefined || c.key === key)) || a.rule?.op === 'delete';
    if (removes && loadedHere.has(line)) lo = line + 1;
    // augenrules moves every -e to the end of the merged file, so only a lone file needs these bounds.
    for (const c of a.controls) {
      if (set.merged || c.kind !== 'enable') continue;
      firstEnable = Math.min(firstEnable, line);
      if (c.value === 2) hardHi = Math.min(hardHi, line);
    }
    if (a.rule && isDockerRule(a.rule, dockerPaths, key)) lastDocker = line;
  });
  const stop = set.load.stop;
  if (stop && stop.ref.file === fileIndex) hardHi = Math.min(hardHi, stop.ref.line);
  let at = lastDocker >= 0 ? lastDocker + 1 : Math.min(firstEnable, hardHi);
  // Keep a comment that introduces the -e line (or the stop) with it.
  if (lastDocker < 0) while (at - 1 >= lo && at < count && model.analyses[at - 1].kind === 'comment') at--;
  return Math.max(Math.min(at, hardHi), Math.min(lo, hardHi));
}

export function isDockerRule(rule: NonNullable<FileModel['analyses'][number]['rule']>, dockerPaths: ReadonlySet<string>, key: string): boolean {
  if (rule.op !== 'add') return false;
  if (rule.key !== undefined && (rule.key === key || rule.key.split('\x01').includes(key))) return true;
  const path = auditedPathKey(rule);
  return path !== undefined && dockerPaths.has(path);
}
