/**
 * A rule set: one file as `auditctl -R` loads it, or the files of a rules.d directory as augenrules
 * merges them (natural sort, blank and comment lines dropped, the last -D/-b/-f first, the last -e
 * last). Each line is analysed once per distinct text, so an edit costs the lines it touched.
 */
import { MACHINES, type MachineSpec } from '../auditctl/tables';
import { analyzeLine } from '../auditctl/setopt';
import { simulateLoad, type LoadEntry, type LoadResult } from './load';
import type { LineAnalysis } from '../auditctl/types';
import { auditctlReads } from '../auditctl/reads';
import { augenrulesOrder, mergedEntries } from './augenrules';
import { splitLines, type FileModel, type RuleFile, type SplitText } from './ruleFile';

export interface RuleSet {
  files: FileModel[];
  /** True for a rules.d set merged as augenrules does. */
  merged: boolean;
  entries: LoadEntry[];
  load: LoadResult;
  target: MachineSpec;
}

const LINE_CACHE_LIMIT = 200_000;
/** Per target machine (b32/b64 and syscall names depend on it), the analysis of each line text seen. */
const lineCaches = new Map<MachineSpec, Map<string, LineAnalysis>>();

/** The analysis of one line's text, shared by every line with the same text and target. */
export function cachedAnalysis(text: string, target: MachineSpec): LineAnalysis {
  let cache = lineCaches.get(target);
  if (!cache) lineCaches.set(target, (cache = new Map()));
  let analysis = cache.get(text);
  if (!analysis) {
    if (cache.size >= LINE_CACHE_LIMIT) cache.clear();
    analysis = analyzeLine(text, target);
    cache.set(text, analysis);
  }
  return analysis;
}

export function targetMachine(arch: string): MachineSpec {
  return MACHINES.get(arch.toLowerCase()) ?? MACHINES.get('x86_64')!;
}

/**
 * The analysis of a line is that of auditctl's first read of it (a line longer than the read buffer is
 * split into several, see auditctl/reads). A CR before the newline is left out: augenrules strips it, and
 * for a lone file the CRLF warning says what it breaks (see analyze.ts).
 */
export function modelFile(file: RuleFile, target: MachineSpec): FileModel {
  const split = splitLines(file.text);
  const analyses = split.lines.map((l, i) => cachedAnalysis(auditctlReads(l.text, terminated(split, i))[0].text, target));
  return { uri: file.uri, text: file.text, split, analyses };
}

/** Whether a newline follows line i. */
function terminated(split: SplitText, i: number): boolean {
  return i < split.lines.length - 1 || split.finalNewline;
}

export function buildRuleSet(files: readonly RuleFile[], merged: boolean, target: MachineSpec): RuleSet {
  const ordered = merged ? augenrulesOrder(files) : [...files];
  const models = ordered.map((f) => modelFile(f, target));
  const entries = merged ? mergedEntries(models, (text) => cachedAnalysis(text, target)) : loneEntries(models[0], target);
  return { files: models, merged, entries, load: simulateLoad(entries), target };
}

/** auditctl -R over one file: each read of the file is a line to it, numbered from 1. */
function loneEntries(model: FileModel | undefined, target: MachineSpec): LoadEntry[] {
  if (!model) return [];
  const entries: LoadEntry[] = [];
  let lineno = 1;
  model.split.lines.forEach((l, line) => {
    const reads = auditctlReads(l.text, terminated(model.split, line));
    reads.forEach((read, k) => {
      const analysis = k === 0 ? model.analyses[line] : cachedAnalysis(read.text, target);
      entries.push({ ref: { file: 0, line, column: read.column, lineno: lineno++ }, analysis });
    });
  });
  return entries;
}

