/**
 * How augenrules builds audit.rules from rules.d: the files it takes (`*.rules`, not hidden), their
 * order (`sort -V`), and its awk program over their concatenation — blank and comment lines dropped,
 * the last -D, -b and -f first, the last -e last — keeping where every line came from.
 */
import { auditctlReads } from '../auditctl/reads';
import type { LineFacts } from '../auditctl/types';
import { baseName, SHORT_LINE, type FileModel, type SplitText } from './ruleFile';
import { LoadEntry } from './load';

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

/** augenrules' awk patterns; gawk's \s is [ \t\n\r\f\v], where JavaScript's would also take a BOM. */
const AWK_SPACE = '[ \\t\\n\\r\\f\\v]*';
const AUGENRULES = {
  comment: new RegExp(`^${AWK_SPACE}#`),
  enable: new RegExp(`^${AWK_SPACE}-e`),
  deleteAll: new RegExp(`^${AWK_SPACE}-D${AWK_SPACE}$`),
  failure: new RegExp(`^${AWK_SPACE}-f`),
  backlog: new RegExp(`^${AWK_SPACE}-b`),
};

/** What the joins below need of a file: its lines, and whether its text ends with a newline. */
type Split = { split: Pick<SplitText, 'lines' | 'finalNewline'> };

/**
 * The file whose first line a rules.d file's last line runs into: `cat` joins a file without a final
 * newline to the next line it prints, the first line of the next file that has any.
 */
export function runsInto(models: readonly Split[], file: number): number | undefined {
  const { lines, finalNewline } = models[file].split;
  if (finalNewline || lines.length === 0) return undefined;
  for (let next = file + 1; next < models.length; next++) if (models[next].split.lines.length > 0) return next;
  return undefined;
}

/** The last line of the nearest earlier file that has lines runs into this file's first line (or would, once it has one). */
export function joinedToEarlier(models: readonly Split[], file: number): boolean {
  for (let before = file - 1; before >= 0; before--) {
    const { lines, finalNewline } = models[before].split;
    if (lines.length > 0) return !finalNewline;
  }
  return false;
}

/** augenrules' awk program, line by line, keeping where every line came from. */
export function mergedEntries(models: readonly FileModel[], factsOf: (text: string) => LineFacts): LoadEntry[] {
  let lastD: LoadEntry | undefined;
  let lastB: LoadEntry | undefined;
  let lastF: LoadEntry | undefined;
  let lastE: LoadEntry | undefined;
  const rules: LoadEntry[] = [];
  let carry: { text: string; ref: { file: number; line: number } } | undefined;
  let joined: LoadEntry['joined'];
  models.forEach((model, file) => {
    model.split.lines.forEach((l, line) => {
      let text = l.text;
      let ref = { file, line };
      if (carry && line === 0) {
        // `cat` joins a file without a final newline to the next file's first line.
        joined ??= { file, line, at: carry.text.length };
        text = carry.text + text;
        ref = carry.ref;
        carry = undefined;
      }
      const isLast = line === model.split.lines.length - 1;
      if (isLast && runsInto(models, file) !== undefined) {
        carry = { text, ref };
        return;
      }
      const fusedWith = joined;
      joined = undefined;
      if (text.length < 1 || AUGENRULES.comment.test(text)) return;
      // Only a line whose first word starts with '-' can be one of the settings augenrules moves.
      const setting = /^[ \t\n\r\f\v]*-/.test(text);
      const kept = (entry: LoadEntry) => {
        if (!setting) rules.push(entry);
        else if (AUGENRULES.enable.test(text)) lastE = entry;
        else if (AUGENRULES.deleteAll.test(text)) lastD = entry;
        else if (AUGENRULES.failure.test(text)) lastF = entry;
        else if (AUGENRULES.backlog.test(text)) lastB = entry;
        else rules.push(entry);
      };
      // auditctl reads the merged file with the same buffer: an over-long line is several lines to it.
      const reads = text.length < SHORT_LINE ? undefined : auditctlReads(text, true);
      if (reads && reads.length > 1) {
        reads.forEach((read) => rules.push(new LoadEntry(ref.file, ref.line, factsOf(read.text), read.column, read.text)));
        return;
      }
      const entry = text === l.text ? new LoadEntry(ref.file, ref.line, model.facts[line]) : new LoadEntry(ref.file, ref.line, factsOf(text), undefined, text);
      if (fusedWith) entry.joined = fusedWith;
      kept(entry);
    });
  });
  for (const e of [lastD, lastB, lastF]) if (e) e.moved = 'first';
  if (lastE) lastE.moved = 'last';
  return [lastD, lastB, lastF, ...rules, lastE].filter((e): e is LoadEntry => e !== undefined);
}
