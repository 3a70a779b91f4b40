/**
 * A rule set: one file as `auditctl -R` loads it, or the files of a rules.d directory as augenrules
 * merges them (natural sort, blank and comment lines dropped, the last -D/-b/-f first, the last -e
 * last). Each line is analysed once per distinct text, so an edit costs the lines it touched.
 */
import { MACHINES, type MachineSpec } from '../auditctl/tables';
import { analyzeLine } from '../auditctl/setopt';
import { simulateLoad, type LoadEntry, type LoadResult } from './load';
import type { LineAnalysis } from '../auditctl/types';
import { splitLines, type SplitText } from './ruleFile';
import { auditctlReads } from '../auditctl/reads';
import { baseName } from './uri';

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
 * split into several, see text/reads). A CR before the newline is left out: augenrules strips it, and
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

/** augenrules takes `rules.d/*.rules` through a shell glob, which leaves out hidden files. */
export function augenrulesTakes(name: string): boolean {
  return name.endsWith('.rules') && !name.startsWith('.');
}

/** The rules.d directory of a file path, when augenrules merges that file with its siblings. */
export function rulesDirOf(filePath: string): string | undefined {
  const slash = filePath.lastIndexOf('/');
  const dir = filePath.slice(0, slash);
  return slash > 0 && dir.endsWith('/rules.d') && augenrulesTakes(filePath.slice(slash + 1)) ? dir : undefined;
}

/** Files of one set in augenrules order: `sort -V` on the names. */
export function augenrulesOrder<T extends { uri: string }>(files: readonly T[]): T[] {
  return [...files].sort((a, b) => naturalCompare(baseName(a.uri), baseName(b.uri)));
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
  const entries = merged ? mergedEntries(models, target) : loneEntries(models[0], target);
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

/** augenrules' awk patterns; gawk's \s is [ \t\n\r\f\v], where JavaScript's would also take a BOM. */
const AWK_SPACE = '[ \\t\\n\\r\\f\\v]*';
const AUGENRULES = {
  comment: new RegExp(`^${AWK_SPACE}#`),
  enable: new RegExp(`^${AWK_SPACE}-e`),
  deleteAll: new RegExp(`^${AWK_SPACE}-D${AWK_SPACE}$`),
  failure: new RegExp(`^${AWK_SPACE}-f`),
  backlog: new RegExp(`^${AWK_SPACE}-b`),
};

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
      if (text.length < 1 || AUGENRULES.comment.test(text)) return;
      const kept = (entry: LoadEntry) => {
        if (AUGENRULES.enable.test(text)) lastE = entry;
        else if (AUGENRULES.deleteAll.test(text)) lastD = entry;
        else if (AUGENRULES.failure.test(text)) lastF = entry;
        else if (AUGENRULES.backlog.test(text)) lastB = entry;
        else rules.push(entry);
      };
      // auditctl reads the merged file with the same buffer: an over-long line is several lines to it.
      const reads = auditctlReads(text, true);
      if (reads.length > 1) {
        reads.forEach((read) => rules.push({ ref: { ...ref, column: read.column }, analysis: cachedAnalysis(read.text, target) }));
        return;
      }
      kept({ ref, analysis: text === l.text ? model.analyses[line] : cachedAnalysis(text, target) });
    });
  });
  return [lastD, lastB, lastF, ...rules, lastE].filter((e): e is LoadEntry => e !== undefined);
}
