/**
 * A rule file as the load and the fixes see it: its URI and name, and its text cut into lines, keeping
 * what a fix must preserve (the line ending, a BOM, a missing final newline).
 */
import type { LineAnalysis } from '../auditctl/types';

export interface RuleFile {
  uri: string;
  text: string;
}

/** A rule file with its lines and auditctl's reading of each. */
export interface FileModel {
  uri: string;
  text: string;
  split: SplitText;
  analyses: LineAnalysis[];
}

export interface TextLine {
  /** The line without its end-of-line (and without a trailing CR, which augenrules strips). */
  text: string;
  /** The line carried a CR before its LF. */
  cr: boolean;
}

export interface SplitText {
  lines: TextLine[];
  /** The file's end-of-line, for inserted lines: CRLF when its first line ending is CRLF. */
  eol: '\n' | '\r\n';
  /** The text ends with a line ending (or is empty). */
  finalNewline: boolean;
  /** Lines that end in CRLF. */
  crlfLines: number;
}

export function splitLines(text: string): SplitText {
  const raw = text.split('\n');
  const finalNewline = text.length === 0 || text.endsWith('\n');
  if (finalNewline) raw.pop();
  let crlfLines = 0;
  const lines = raw.map((line, i) => {
    const terminated = i < raw.length - 1 || finalNewline;
    const cr = line.endsWith('\r') && terminated;
    if (cr) crlfLines++;
    return { text: cr ? line.slice(0, -1) : line, cr };
  });
  const firstLf = text.indexOf('\n');
  const eol = firstLf > 0 && text[firstLf - 1] === '\r' ? '\r\n' : '\n';
  return { lines, eol, finalNewline, crlfLines };
}

/** The file name at the end of a URI, as a person reads it (rules.d names sort and print by it). */
export function baseName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
