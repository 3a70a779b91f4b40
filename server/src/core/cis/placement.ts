/**
 * Where inserted CIS rules go so that they really load: next to the Docker rules already there, else
 * with the other rules; never after an -e line, never before a line that would remove them again
 * (-D, -W, -d), never after the line where auditctl stops loading.
 */
import type { FileModel, RuleSet } from '../ruleset';
import { auditedPath } from './check';
import { normalizePath } from './catalogue';

/** The line index before which new lines go (the line count means: at the end). */
export function insertionLine(set: RuleSet, fileIndex: number, dockerPaths: ReadonlySet<string>, key: string): number {
  const model = set.files[fileIndex];
  const count = model.analyses.length;
  let lo = 0;
  let hi = count;
  let lastDocker = -1;
  model.analyses.forEach((a, line) => {
    if (a.kind !== 'command') return;
    const removes = a.controls.some((c) => c.kind === 'deleteAll') || a.rule?.op === 'delete';
    if (removes) lo = line + 1;
    // augenrules moves every -e to the end of the merged file, so only a lone file needs this bound.
    if (!set.merged && a.controls.some((c) => c.kind === 'enable')) hi = Math.min(hi, line);
    if (a.rule && isDockerRule(a.rule, dockerPaths, key)) lastDocker = line;
  });
  const stop = set.load.stop;
  if (stop && stop.ref.file === fileIndex) hi = Math.min(hi, stop.ref.line);
  if (lastDocker >= 0) return clamp(lastDocker + 1, lo, hi);
  let at = hi;
  // Keep a comment that introduces the -e line (or the stop) with it.
  while (at - 1 >= lo && at < count && model.analyses[at - 1].kind === 'comment') at--;
  return Math.max(Math.min(at, hi), Math.min(lo, hi));
}

export function isDockerRule(rule: NonNullable<FileModel['analyses'][number]['rule']>, dockerPaths: ReadonlySet<string>, key: string): boolean {
  if (rule.op !== 'add') return false;
  if (rule.key !== undefined && (rule.key === key || rule.key.split('\x01').includes(key))) return true;
  const path = auditedPath(rule);
  return path !== undefined && dockerPaths.has(normalizePath(path));
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(Math.min(v, hi), Math.min(lo, hi));
}
