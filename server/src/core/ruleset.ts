/**
 * A rule set: one file as `auditctl -R` loads it, or the files of a rules.d directory as augenrules
 * merges them (natural sort, blank and comment lines dropped, the last -D/-b/-f first, the last -e
 * last). Each line is analysed once per distinct text, so an edit costs the lines it touched.
 */
import { MACHINES, type MachineSpec } from './data/auditTables';
import { analyzeLine } from './language/line';
import { simulateLoad, type LoadEntry, type LoadResult } from './language/load';
import type { LineAnalysis } from './language/types';
import { splitLines, type SplitText } from './text/lines';

export interface RuleFile {
  uri: string;
  text: string;
}

export interface FileModel {
  uri: string;
  text: string;
  split: SplitText;
  analyses: LineAnalysis[];
}

export interface RuleSet {
  files: FileModel[];
  /** True for a rules.d set merged as augenrules does. */
  merged: boolean;
  entries: LoadEntry[];
  load: LoadResult;
  target: MachineSpec;
}

const LINE_CACHE_LIMIT = 200_000;
const lineCache = new Map<string, LineAnalysis>();

/** The analysis of one line's text, shared by every line with the same text and target. */
export function cachedAnalysis(text: string, target: MachineSpec): LineAnalysis {
  const key = `${target.name}\0${text}`;
  let analysis = lineCache.get(key);
  if (!analysis) {
    if (lineCache.size >= LINE_CACHE_LIMIT) lineCache.clear();
    analysis = analyzeLine(text, target);
    lineCache.set(key, analysis);
  }
  return analysis;
}

export function targetMachine(arch: string): MachineSpec {
  return MACHINES.get(arch.toLowerCase()) ?? MACHINES.get('x86_64')!;
}

export function modelFile(file: RuleFile, target: MachineSpec): FileModel {
  const split = splitLines(file.text);
  return { uri: file.uri, text: file.text, split, analyses: split.lines.map((l) => cachedAnalysis(l.text, target)) };
}

/** Files of one set in augenrules order: `sort -V` on the names. */
export function augenrulesOrder<T extends { uri: string }>(files: readonly T[]): T[] {
  const base = (uri: string) => decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  return [...files].sort((a, b) => naturalCompare(base(a.uri), base(b.uri)));
}

/** GNU version sort, for the names rules.d uses: runs of digits compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) return Number(x) - Number(y) || x.length - y.length;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

export function buildRuleSet(files: readonly RuleFile[], merged: boolean, target: MachineSpec): RuleSet {
  const ordered = merged ? augenrulesOrder(files) : [...files];
  const models = ordered.map((f) => modelFile(f, target));
  const entries = merged ? mergedEntries(models, target) : loneEntries(models[0]);
  return { files: models, merged, entries, load: simulateLoad(entries), target };
}

function loneEntries(model: FileModel): LoadEntry[] {
  return model.analyses.map((analysis, line) => ({ ref: { file: 0, line }, analysis }));
}

/** augenrules' awk program, line by line, keeping where every line came from. */
function mergedEntries(models: FileModel[], target: MachineSpec): LoadEntry[] {
  let lastD: LoadEntry | undefined;
  let lastB: LoadEntry | undefined;
  let lastF: LoadEntry | undefined;
  let lastE: LoadEntry | undefined;
  const rules: LoadEntry[] = [];
  let carry: { text: string; ref: { file: number; line: number } } | undefined;
  models.forEach((model, file) => {
    model.split.lines.forEach((l, line) => {
      let text = l.text;
      let ref = { file, line };
      if (carry && line === 0) {
        // `cat` joins a file without a final newline to the next file's first line.
        text = carry.text + text;
        ref = carry.ref;
        carry = undefined;
      }
      const isLast = line === model.split.lines.length - 1;
      if (isLast && !model.split.finalNewline && file < models.length - 1) {
        carry = { text, ref };
        return;
      }
      if (text.length < 1 || /^\s*#/.test(text)) return;
      const analysis = text === l.text ? model.analyses[line] : cachedAnalysis(text, target);
      const entry: LoadEntry = { ref, analysis };
      if (/^\s*-e/.test(text)) lastE = entry;
      else if (/^\s*-D\s*$/.test(text)) lastD = entry;
      else if (/^\s*-f/.test(text)) lastF = entry;
      else if (/^\s*-b/.test(text)) lastB = entry;
      else rules.push(entry);
    });
  });
  return [lastD, lastB, lastF, ...rules, lastE].filter((e): e is LoadEntry => e !== undefined);
}
