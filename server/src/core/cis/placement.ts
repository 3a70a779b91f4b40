/**
 * Where inserted CIS rules go so that they really load: next to the Docker rules already there, else
 * with the other rules; never after an -e line, never before a line that would remove them again
 * (-D, -W, -d), never after the line where auditctl stops loading.
 */
import type { RuleFacts } from '../auditctl/types';
import type { LoadEntry, LoadResult } from '../load/load';
import type { RuleSet } from '../load/ruleSet';

/**
 * The line index before which new lines go (the line count means: at the end), or undefined when no
 * place in the file would load them: the load stops before every such place, or a removal that runs
 * comes after the last place before the stop. It reads only the lines that bound it (removals, -e,
 * Docker rules: the load's indexes), never the whole file.
 */
export function insertionLine(set: RuleSet, load: LoadResult, fileIndex: number, dockerPaths: ReadonlySet<string>, key: string): number | undefined {
  const model = set.files[fileIndex];
  const count = model.facts.length;
  // A line's own first read: auditctl reads an over-long line in parts, and only the first speaks for the line.
  const here = (e: LoadEntry) => e.ref.file === fileIndex && !e.ref.column;
  let lo = 0;
  let hardHi = count;
  let firstEnable = count;
  let lastDocker = -1;
  // Only a removal that really runs can undo the inserted rules: a rule deleted by a line that loads, a
  // -W or -d of a rule with the Docker key that the kernel is sent (it finds no rule now, but would find
  // an inserted one before it), or a -D whose handler ran, as it does before auditctl refuses the rest of
  // its line ("-D\r").
  const runs = (e: LoadEntry) => ['loaded', 'stopped-here', 'refused-skipped'].includes(load.outcome(e) ?? '') && e.sent?.kind !== 'locked';
  const handlerRan = (e: LoadEntry) => here(e) && runs(e);
  const takesDocker = (e: LoadEntry) => hasKey(e.facts.rule!.key, key);
  for (const e of set.load.deletes) if (handlerRan(e) && (load.outcome(e) === 'loaded' || takesDocker(e))) lo = Math.max(lo, e.ref.line + 1);
  // A later rules.d file's removal of Docker rules (augenrules moves only a bare -D first) runs after
  // every line of this file: no place here would keep the rules.
  const later = (e: LoadEntry) => e.ref.file > fileIndex && !e.moved && runs(e);
  for (const e of set.load.deletes) if (later(e) && takesDocker(e)) return undefined;
  for (const e of set.load.controls) if (later(e) && e.facts.controls.some((c) => c.kind === 'deleteAll' && (c.key === undefined || c.key === key))) return undefined;
  for (const e of set.load.controls) {
    if (!here(e)) continue;
    if (e.facts.controls.some((c) => c.kind === 'deleteAll' && (c.key === undefined || c.key === key)) && handlerRan(e)) lo = Math.max(lo, e.ref.line + 1);
    // augenrules moves every -e to the end of the merged file, so only a lone file needs these bounds.
    for (const c of e.facts.controls) {
      if (set.merged || c.kind !== 'enable') continue;
      firstEnable = Math.min(firstEnable, e.ref.line);
      if (c.value === 2) hardHi = Math.min(hardHi, e.ref.line);
    }
  }
  for (const e of dockerEntries(set, dockerPaths, key)) if (here(e)) lastDocker = Math.max(lastDocker, e.ref.line);
  const stop = load.stop;
  // augenrules loads its moved -D, -b and -f before every rule, and -e after them all; the other lines
  // load in file order, so a stop in an earlier file comes before every line of this one.
  if (stop && stop.moved === 'first') return undefined;
  if (stop && stop.moved !== 'last') {
    if (stop.ref.file < fileIndex) return undefined;
    if (stop.ref.file === fileIndex) hardHi = Math.min(hardHi, stop.ref.line);
  }
  if (lo > hardHi) return undefined;
  // A lone file with CRLF endings: auditctl -R reads each CR as part of its line, so an inserted line
  // would carry one into its key, and appending after an unterminated last line would give that line a
  // CR too. The CRLF fix comes first (--fix and fix-all make it where the client can).
  if (!set.merged && model.split.crlfLines > 0) return undefined;
  let at = lastDocker >= 0 ? lastDocker + 1 : Math.min(firstEnable, hardHi);
  // Keep a comment that introduces the -e line (or the stop) with it.
  if (lastDocker < 0) while (at - 1 >= lo && at < count && model.facts[at - 1].kind === 'comment') at--;
  return Math.max(Math.min(at, hardHi), lo);
}

/** The rule entries that are Docker rules: with the key, or on a control's path. */
export function* dockerEntries(set: RuleSet, dockerPaths: ReadonlySet<string>, key: string): Iterable<LoadEntry> {
  for (const e of set.load.byKey.get(key)) if (isDockerRule(e.facts.rule!, dockerPaths, key)) yield e;
  for (const path of dockerPaths) for (const e of set.load.byPath.get(path)) if (isDockerRule(e.facts.rule!, dockerPaths, key)) yield e;
}

function isDockerRule(rule: RuleFacts, dockerPaths: ReadonlySet<string>, key: string): boolean {
  if (rule.op !== 'add') return false;
  if (hasKey(rule.key, key)) return true;
  return rule.pathKey !== undefined && dockerPaths.has(rule.pathKey);
}

/** A rule's joined key (parts separated by \x01) is or holds `key`. */
function hasKey(joined: string | undefined, key: string): boolean {
  return joined !== undefined && (joined === key || joined.split('\x01').includes(key));
}
