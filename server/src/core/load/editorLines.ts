/**
 * Where auditctl's lines sit in the editor. auditctl (fgets) ends a line at \n only; LSP, VS Code and
 * every client library also end one at a lone \r (a CR not followed by \n). So the core reads a file in
 * auditctl's lines, and every position it hands out or takes in goes through this map: a lone CR makes
 * one auditctl line span several editor lines. Without a lone CR the map is the identity.
 */
import { Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { SplitText } from './ruleFile';

/** A place in auditctl's reading of a file: its line, and an offset in that line's text. */
interface LinePlace { line: number; offset: number }

/** The line holding `at`, given where each line starts (ascending, the first at or before `at`): a binary search. */
export function lineHolding(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The map of a split text, built once per split (a RuleText makes a new one on every change). */
const maps = new WeakMap<SplitText, EditorLines>();

export function editorLines(split: SplitText): EditorLines {
  let map = maps.get(split);
  if (!map) maps.set(split, (map = new EditorLines(split)));
  return map;
}

class EditorLines {
  /** The editor line each auditctl line starts on; undefined when no line holds a lone CR. */
  private readonly starts: readonly number[] | undefined;
  /** Per line, the offsets just after each of its lone CRs (where a new editor line begins). */
  private readonly breaks = new Map<number, number[]>();
  private readonly lines: SplitText['lines'];
  /** auditctl's lines, and the empty one after a final newline, which the editor shows too. */
  private readonly pieces: number;

  constructor(split: SplitText) {
    this.lines = split.lines;
    this.pieces = split.lines.length + (split.finalNewline || split.lines.length === 0 ? 1 : 0);
    if (split.loneCrLines === 0) {
      this.starts = undefined;
      return;
    }
    // A line's CR before its LF is in `cr`, not in its text: every CR left in a text is a lone one.
    const starts: number[] = [];
    let next = 0;
    for (let i = 0; i < this.pieces; i++) {
      starts.push(next);
      const text = this.lines[i]?.text ?? '';
      const at: number[] = [];
      for (let cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', cr + 1)) at.push(cr + 1);
      if (at.length > 0) this.breaks.set(i, at);
      next += 1 + at.length;
    }
    this.starts = starts;
  }

  private length(line: number): number {
    return this.lines[line]?.text.length ?? 0;
  }

  /** How many lines the editor shows. */
  get count(): number {
    const last = this.pieces - 1;
    return this.startOf(last) + 1 + (this.breaks.get(last)?.length ?? 0);
  }

  /** The editor position of an offset in auditctl's line `line`; beyond the line's end, its end. */
  position(line: number, offset: number): Position {
    if (line >= this.pieces) return this.end();
    const clamped = Math.max(0, Math.min(offset, this.length(line)));
    const breaks = this.breaks.get(line);
    if (!breaks) return Position.create(this.startOf(line), clamped);
    let k = 0;
    while (k < breaks.length && breaks[k] <= clamped) k++;
    return Position.create(this.startOf(line) + k, clamped - (k === 0 ? 0 : breaks[k - 1]));
  }

  range(line: number, start: number, end: number): Range {
    return Range.create(this.position(line, start), this.position(line, Math.max(start, end)));
  }

  /** A range in auditctl's lines (as the fixes build their edits) as the editor's. */
  editorRange(range: Range): Range {
    return Range.create(this.position(range.start.line, range.start.character), this.position(range.end.line, range.end.character));
  }

  editorEdit(edit: TextEdit): TextEdit {
    return { range: this.editorRange(edit.range), newText: edit.newText };
  }

  /** The auditctl line and offset of an editor position (clamped into the document). */
  locate(position: Position): LinePlace {
    const editorLine = Math.max(0, Math.min(position.line, this.count - 1));
    if (!this.starts) return { line: editorLine, offset: Math.min(position.character, this.length(editorLine)) };
    const lo = lineHolding(this.starts, editorLine);
    const within = editorLine - this.starts[lo];
    const from = within === 0 ? 0 : this.breaks.get(lo)![within - 1];
    const to = within < (this.breaks.get(lo)?.length ?? 0) ? this.breaks.get(lo)![within] - 1 : this.length(lo);
    return { line: lo, offset: from + Math.min(position.character, to - from) };
  }

  private startOf(line: number): number {
    return this.starts ? this.starts[line] : line;
  }

  private end(): Position {
    const last = this.pieces - 1;
    return this.position(last, this.length(last));
  }
}
