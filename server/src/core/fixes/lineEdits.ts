/** Whole-line edits that keep every other byte: the file's line ending, and a missing final newline stays missing. */
import { Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { SplitText } from '../load/ruleFile';
import type { LinePin } from './types';

/** The line still reads as the diagnostic saw it. */
export function unchanged(split: SplitText, pin: LinePin): boolean {
  return split.lines[pin.line]?.text === pin.text;
}

/** Deletes a line with its line ending; the last line of a file without a final newline takes the ending before it. */
export function deleteLine(split: SplitText, line: number): TextEdit {
  const { lines, finalNewline } = split;
  if (line < lines.length - 1 || finalNewline || line === 0) return TextEdit.del(Range.create(line, 0, line + 1, 0));
  return TextEdit.del(Range.create(line - 1, lines[line - 1].text.length, line, lines[line].text.length));
}

/** Adds a line after the last one, in the file's line ending. */
export function appendLine(split: SplitText, text: string): TextEdit {
  const { lines, finalNewline, eol } = split;
  if (finalNewline) return TextEdit.insert(Position.create(lines.length, 0), text + eol);
  const last = lines.length - 1;
  return TextEdit.insert(Position.create(last, lines[last].text.length), eol + text);
}

/** "the tab" or "the 2 tabs". */
export function counted(n: number, noun: string): string {
  return n === 1 ? `the ${noun}` : `the ${n} ${noun}s`;
}
