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

/** The settings augenrules moves: its last -D, -b and -f go first, its last -e last. */
type Moved = 'D' | 'b' | 'f' | 'e';

/** Which moved setting a line is to augenrules' awk program, if any. */
function movedAs(text: string): Moved | undefined {
  // Only a line whose first word starts with '-' can be one of the settings augenrules moves.
  if (!/^[ \t\n\r\f\v]*-/.test(text)) return undefined;
  if (AUGENRULES.enable.test(text)) return 'e';
  if (AUGENRULES.deleteAll.test(text)) return 'D';
  if (AUGENRULES.failure.test(text)) return 'f';
  if (AUGENRULES.backlog.test(text)) return 'b';
  return undefined;
}

/**
 * augenrules' awk program, line by line, keeping where every line came from. Plain loops with no
 * object or closure made per line: a rules.d of 100,000 lines goes through here on every lint.
 */
export function mergedEntries(models: readonly FileModel[], factsOf: (text: string) => LineFacts): LoadEntry[] {
  const last: Partial<Record<Moved, LoadEntry>> = {};
  const rules: LoadEntry[] = [];
  let carry: { text: string; file: number; line: number } | undefined;
  let joined: LoadEntry['joined'];
  for (let file = 0; file < models.length; file++) {
    const model = models[file];
    const { lines } = model.split;
    for (let line = 0; line < lines.length; line++) {
      let text = lines[line].text;
      let refFile = file;
      let refLine = line;
      if (carry && line === 0) {
        // `cat` joins a file without a final newline to the next file's first line.
        joined ??= { file, line, at: carry.text.length };
        text = carry.text + text;
        refFile = carry.file;
        refLine = carry.line;
        carry = undefined;
      }
      if (line === lines.length - 1 && runsInto(models, file) !== undefined) {
        carry = { text, file: refFile, line: refLine };
        continue;
      }
      const fusedWith = joined;
      joined = undefined;
      if (text.length < 1 || AUGENRULES.comment.test(text)) continue;
      // auditctl reads the merged file with the same buffer: an over-long line is several lines to it.
      const reads = text.length < SHORT_LINE ? undefined : auditctlReads(text, true);
      if (reads && reads.length > 1) {
        for (const read of reads) rules.push(new LoadEntry(refFile, refLine, factsOf(read.text), read.column, read.text));
        continue;
      }
      const entry = text === lines[line].text ? new LoadEntry(refFile, refLine, model.facts[line]) : new LoadEntry(refFile, refLine, factsOf(text), undefined, text);
      if (fusedWith) entry.joined = fusedWith;
      const moved = movedAs(text);
      if (moved) last[moved] = entry;
      else rules.push(entry);
    }
  }
  for (const e of [last.D, last.b, last.f]) if (e) e.moved = 'first';
  if (last.e) last.e.moved = 'last';
  return [last.D, last.b, last.f, ...rules, last.e].filter((e): e is LoadEntry => e !== undefined);
}
