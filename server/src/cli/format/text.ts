/** eslint-like text: `path:line:col  severity  message  [code]` grouped by file, a summary, and what --fix would add. */
import { styleText } from 'node:util';
import type { SetFindings } from '../lint';
import { toFinding, type SeverityName } from '../findings';

type Style = Parameters<typeof styleText>[0];
const SEVERITY_STYLE: Record<SeverityName, Style> = { error: 'red', warning: 'yellow', information: 'cyan', hint: 'dim' };

interface TextOptions {
  color: boolean;
  /** Print what --fix would add (not after a --fix run, which reports what it added on stderr). */
  fixPreview: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(sets: readonly SetFindings[], options: TextOptions): string {
  // Whether to colour is decided by the caller (a terminal, NO_COLOR); Node 22 would check the stream again.
  const paint = (style: Style, s: string) => (options.color ? styleText(style, s, { validateStream: false }) : s);
  const counts = { error: 0, warning: 0, information: 0 };
  const groups: string[] = [];
  for (const set of sets) {
    for (const { file, diagnostics } of set.files) {
      const lines: string[] = [];
      for (const f of diagnostics.map(toFinding)) {
        // A hint (the lines that do not load, once per file) follows from an error: shown, not counted.
        if (f.severity !== 'hint') counts[f.severity]++;
        const where = paint('bold', `${file.path}:${f.line}:${f.column}`);
        lines.push(`${where}  ${paint(SEVERITY_STYLE[f.severity], f.severity)}  ${f.message}  ${paint('dim', `[${f.code}]`)}`);
      }
      if (lines.length) groups.push(lines.join('\n'));
    }
  }
  const total = counts.error + counts.warning + counts.information;
  const summary = `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.information, 'info')})`;
  const out = [...groups, paint(total ? 'bold' : 'dim', summary)];
  if (options.fixPreview) out.push(...sets.flatMap((s) => fixPreview(s, paint)));
  return out.join('\n\n') + '\n';
}

function fixPreview(set: SetFindings, paint: (style: Style, s: string) => string): string[] {
  if (set.fixElsewhere) return [`The missing CIS rules belong in ${set.fixElsewhere.path}; name it or its directory to see them and to --fix.`];
  if (!set.fix) return [];
  const { file, lines, edit } = set.fix;
  // An insertion at column 0 goes before that line; one mid-line starts a new line after it (no final newline).
  const after = edit.range.start.character === 0 ? edit.range.start.line : edit.range.start.line + 1;
  const place = after === 0 ? 'at the top' : `after line ${after}`;
  const head = `--fix would add ${plural(lines.length, 'line')} to ${file.path} (${place}):`;
  return [[paint('bold', head), ...lines.map((l) => `  ${paint('dim', l)}`)].join('\n')];
}
