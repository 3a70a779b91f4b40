/**
 * The edits that turn a document's text into another (fix all's result) touching only the lines that
 * differ: an editor keeps its cursor, folds and undo steps on every other line, as it does for eslint's
 * fix all. A line diff (jsdiff's Myers diff over auditctl's lines, each with its own line ending), with
 * positions mapped to the editor's lines (load/editorLines: a lone CR is a line break there).
 */
import { diffArrays } from 'diff';
import { Range, TextEdit } from 'vscode-languageserver-types';
import { editorLines } from '../load/editorLines';
import { splitLines, type SplitText } from '../load/ruleFile';

/**
 * Past this many lines added or removed (after the lines both texts start and end with), one edit
 * replaces the lines between: they are nearly all changed (CRLF to LF), and the diff's cost grows with
 * the count.
 */
const MAX_DIFF = 256;

/** Edits from `split` (the document, as auditctl's lines) to `text`, none overlapping, in document order. */
export function lineEdits(split: SplitText, text: string): TextEdit[] {
  const before = withEndings(split);
  const after = withEndings(splitLines(text));
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const old = before.slice(head, before.length - tail);
  const now = after.slice(head, after.length - tail);
  if (old.length === 0 && now.length === 0) return [];
  const changes = diffArrays(old, now, { maxEditLength: MAX_DIFF }) ?? [{ value: old, removed: true, added: false, count: old.length }, { value: now, added: true, removed: false, count: now.length }];

  const map = editorLines(split);
  const edits: TextEdit[] = [];
  let line = head;
  let pending: { from: number; to: number; text: string } | undefined;
  const flush = () => {
    if (pending) edits.push(TextEdit.replace(Range.create(map.position(pending.from, 0), map.position(pending.to, 0)), pending.text));
    pending = undefined;
  };
  for (const change of changes) {
    if (!change.added && !change.removed) {
      flush();
      line += change.count;
      continue;
    }
    pending ??= { from: line, to: line, text: '' };
    if (change.removed) pending.to = line += change.count;
    else pending.text += change.value.join('');
  }
  flush();
  return edits;
}

/** Each line with its own line ending (the last one without, in a text with no final newline). */
function withEndings({ lines, finalNewline }: SplitText): string[] {
  return lines.map((l, i) => l.text + (i < lines.length - 1 || finalNewline ? (l.cr ? '\r\n' : '\n') : ''));
}
