/**
 * A rule file as the load and the fixes see it: its URI and name, its text cut into lines (keeping what a
 * fix must preserve: the line ending, a BOM, a missing final newline), and what each line does. An
 * editor's document is a RuleText, which takes the editor's changes line by line; its FileModel then
 * reads again only the lines a change touched.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI, Utils } from 'vscode-uri';
import { analyzeLine } from '../auditctl/setopt';
import { auditctlReads, type Read } from '../auditctl/reads';
import type { MachineSpec } from '../auditctl/tables';
import type { BuiltRule, LineAnalysis, LineFacts, RuleFacts } from '../auditctl/types';
import { controlPathKey } from '../cis/check';
import { disableWords } from '../cis/report';
import { identityHashes } from './kernelRules';
import { dockerWords } from '../scanners/data';

export interface RuleFile {
  uri: string;
  text: string;
}

/** One of auditctl's lines: fgets() ends a line at \n only, so a lone CR is part of it (see editorLines). */
export interface TextLine {
  /** The line without its end-of-line (and without the CR of a CRLF ending). */
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
  /** Lines whose text holds a lone CR, a line break to the editor (see editorLines). */
  loneCrLines: number;
}

export function splitLines(text: string): SplitText {
  const raw = text.split('\n');
  const finalNewline = text.length === 0 || text.endsWith('\n');
  if (finalNewline) raw.pop();
  let crlfLines = 0;
  const lines = raw.map((line, i) => {
    const terminated = i < raw.length - 1 || finalNewline;
    const cr = terminated && line.endsWith('\r');
    if (cr) crlfLines++;
    return { text: cr ? line.slice(0, -1) : line, cr };
  });
  return { lines, eol: eolOf(lines), finalNewline, crlfLines, loneCrLines: countLoneCr(lines) };
}

/** The text of split lines, each with its own line ending. */
export function joinLines({ lines, finalNewline }: SplitText): string {
  let out = '';
  lines.forEach((l, i) => {
    out += l.text;
    if (i < lines.length - 1 || finalNewline) out += l.cr ? '\r\n' : '\n';
  });
  return out;
}

function eolOf(lines: readonly TextLine[]): '\n' | '\r\n' {
  return lines[0]?.cr ? '\r\n' : '\n';
}

/**
 * The file name at the end of a URI, as a person reads it (rules.d names sort and print by it), decoded as
 * VS Code decodes it: a stray `%` that starts no escape stays a `%`.
 */
export function baseName(uri: string): string {
  return Utils.basename(URI.parse(uri));
}

/** Lines [from, from + removed) were replaced by `added` lines. */
interface Splice { from: number; removed: number; added: number }

/** An LSP position and a text change of a document (textDocument/didChange's contentChanges). */
export interface TextChange {
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** How many changes a RuleText remembers for the models that read it; one further behind reads it all again. */
const CHANGE_LOG = 64;

/**
 * A document's text as lines, changed in place by the editor's changes: a change costs the lines it
 * touches (plus moving the array's tail), not a split of the whole text. Each change is logged as a
 * splice of lines, so a FileModel can analyse again just those.
 *
 * A lone CR (not before an LF) is a line break to LSP but not to auditctl; a text holding one takes
 * each change through the whole text, as LSP counts lines, and is split again.
 */
export class RuleText {
  private split: SplitText;
  /** Bumped by every change. */
  generation = 0;
  private readonly log: { generation: number; splice: Splice }[] = [];

  constructor(text: string) {
    this.split = splitLines(text);
  }

  get lines(): SplitText {
    return this.split;
  }

  getText(): string {
    return joinLines(this.split);
  }

  /** The text as it is now, kept as its lines (the lines are shared until they change; no copy of the text). */
  snapshot(): SplitText {
    return { ...this.split, lines: this.split.lines.slice() };
  }

  /** The splices since `generation`, oldest first; undefined when they are no longer known. */
  changesSince(generation: number): Splice[] | undefined {
    if (generation === this.generation) return [];
    const first = this.log.findIndex((c) => c.generation > generation);
    if (first < 0 || this.log[first].generation !== generation + 1) return undefined;
    return this.log.slice(first).map((c) => c.splice);
  }

  apply(change: TextChange): void {
    // Positions count lines as LSP does; they match this split while no line holds a lone CR.
    const splice = change.range === undefined || this.split.loneCrLines > 0
      ? this.replaceAll(change)
      : this.replaceRange(change.range, change.text);
    this.generation++;
    this.log.push({ generation: this.generation, splice });
    if (this.log.length > CHANGE_LOG) this.log.shift();
  }

  /** A change within lines that hold no lone CR, and whose text holds no CR: only those lines are split again. */
  private replaceRange(range: NonNullable<TextChange['range']>, inserted: string): Splice {
    const { lines, finalNewline } = this.split;
    // LSP's line count: a final newline starts one more (empty) line.
    const lspLines = lines.length + (finalNewline ? 1 : 0);
    const lineText = (n: number) => lines[n]?.text ?? '';
    // As LSP places a position: a line past the end is the end of the text; a character, within its line.
    const place = (p: { line: number; character: number }) => {
      if (p.line >= lspLines) return { line: lspLines - 1, character: lineText(lspLines - 1).length };
      if (p.line < 0) return { line: 0, character: 0 };
      return { line: p.line, character: Math.max(0, Math.min(p.character, lineText(p.line).length)) };
    };
    let start = place(range.start);
    let end = place(range.end);
    if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
    const { line: startLine, character: startChar } = start;
    const { line: endLine, character: endChar } = end;
    // The lines the change touches, with the end-of-line of the last one if it has one.
    const last = Math.min(endLine, lines.length - 1);
    const terminated = endLine < lines.length - 1 || (endLine < lines.length && finalNewline);
    const ending = terminated ? (lines[endLine].cr ? '\r\n' : '\n') : '';
    const region = lineText(startLine).slice(0, startChar) + inserted + lineText(endLine).slice(endChar) + ending;
    const replaced = splitLines(region);
    const removed = Math.max(0, last - startLine + 1);
    let crlf = this.split.crlfLines;
    for (let i = startLine; i < startLine + removed; i++) if (lines[i].cr) crlf--;
    for (const l of replaced.lines) if (l.cr) crlf++;
    spliceIn(lines, startLine, removed, replaced.lines);
    // A change that runs to the end of the text decides whether it ends with a newline.
    const toEnd = !terminated;
    this.split = {
      lines,
      eol: eolOf(lines),
      finalNewline: toEnd ? replaced.finalNewline : finalNewline,
      crlfLines: crlf,
      loneCrLines: this.split.loneCrLines + countLoneCr(replaced.lines),
    };
    return { from: startLine, removed, added: replaced.lines.length };
  }

  /** The whole text, changed as LSP counts lines (a lone CR breaks one), and split again. */
  private replaceAll(change: TextChange): Splice {
    const removed = this.split.lines.length;
    let text = change.text;
    if (change.range) {
      const doc = TextDocument.create('file:///', 'auditd', 0, this.getText());
      text = TextDocument.applyEdits(doc, [{ range: change.range, newText: change.text }]);
    }
    this.split = splitLines(text);
    return { from: 0, removed, added: this.split.lines.length };
  }
}

/**
 * Array.splice with the new items as a list: spread into call arguments, a paste of 200,000 lines
 * would pass the engine's argument limit. Returns the items removed.
 */
export function spliceIn<T>(array: T[], at: number, removed: number, added: readonly T[]): T[] {
  if (added.length < 10_000) return array.splice(at, removed, ...added);
  const gone = array.slice(at, at + removed);
  const tail = array.slice(at + removed);
  array.length = at;
  for (const item of added) array.push(item);
  for (const item of tail) array.push(item);
  return gone;
}

function countLoneCr(lines: readonly TextLine[]): number {
  let n = 0;
  for (const l of lines) if (l.text.includes('\r')) n++;
  return n;
}

/** One read of an over-long line beyond its first (auditctl reads a line in 6143-byte parts). */
interface ExtraRead extends Read { facts: LineFacts }

/** A line this long (in UTF-16 code units, 3 UTF-8 bytes at most each) fits auditctl's read buffer. */
export const SHORT_LINE = 2000;

/** One empty list for the many lines with no problems, no controls, no further reads. */
const NO_PROBLEMS: readonly never[] = [];

/**
 * The facts a line's analysis leaves for the later passes (see LineFacts). Every field is there from the
 * start, `undefined` or not: a record that gains a field later grows a second array for it (40 bytes a
 * rule line). The rule's rarer fields (host, words) are added when present: most rules have neither.
 */
export function factsOf(a: LineAnalysis, text: string): LineFacts {
  return {
    kind: a.kind,
    problems: a.problems.length === 0 ? NO_PROBLEMS : a.problems,
    refused: a.refused,
    skipped: a.skipped,
    controls: a.controls.length === 0 ? NO_PROBLEMS : a.controls,
    rule: a.rule && ruleFacts(a.rule, text),
    disables: text.includes('auditd-lint') ? disableWords(text) : undefined,
  };
}

function ruleFacts(rule: BuiltRule, text: string): RuleFacts {
  const { findIds, storedIds, host } = identityHashes(rule);
  const facts: RuleFacts = { op: rule.op, findIds, storedIds, key: rule.key, pathKey: controlPathKey(rule) };
  const words = dockerWords(text);
  if (words) facts.words = words;
  if (host) facts.host = host;
  return facts;
}

/**
 * Reads lines for one target machine. With `remember`, each distinct text is analysed once: for a CLI
 * run that analyses a set again after each round of fixes. Its owner decides how long it lives, so there
 * is no global cache to clear; a document's model keeps its lines' facts itself and needs none.
 */
export class FactsCache {
  private readonly byText = new Map<string, LineFacts>();
  constructor(readonly target: MachineSpec, private readonly remember = false) {}

  facts(text: string): LineFacts {
    if (!this.remember) return this.read(text);
    let facts = this.byText.get(text);
    if (!facts) {
      facts = this.read(text);
      this.byText.set(text, facts);
    }
    return facts;
  }

  private read(text: string): LineFacts {
    // Blank and comment lines (as auditctl splits words: on spaces only), a good part of any file, share one record each.
    // Bounded by the length: a read past the end (every blank line's) makes V8 drop the optimised code.
    let first = 0;
    while (first < text.length && text.charCodeAt(first) === 32) first++;
    if (first === text.length) return BLANK;
    if (text[first] === '#' && !text.includes('auditd-lint')) return COMMENT;
    return factsOf(analyzeLine(text, this.target), text);
  }
}

const BLANK: LineFacts = { kind: 'blank', problems: [], refused: false, skipped: false, controls: [], rule: undefined, disables: undefined };
const COMMENT: LineFacts = { kind: 'comment', problems: [], refused: false, skipped: false, controls: [], rule: undefined, disables: undefined };

/**
 * A rule file with auditctl's reading of each line: the facts of its first read, and the further reads
 * of an over-long line. Built from a text, or kept in step with a RuleText. `keepsCr`: the CR of a CRLF
 * ending is part of the line, as `auditctl -R` reads a lone file; augenrules strips it from the files it
 * merges.
 */
export class FileModel {
  readonly facts: LineFacts[];
  /** What the CIS checks ask of a whole file, counted over its lines and kept in step with them. */
  readonly tally = new FileTally();
  /**
   * The reads of the over-long lines, by line (sparse; a line that changes is a new TextLine): a line is
   * cut into auditctl's reads once, when it changes, never again per diagnostic or request.
   */
  private readonly longLines = new WeakMap<TextLine, { first: string; more: ExtraRead[] }>();
  private generation: number;

  constructor(readonly uri: string, private readonly source: RuleText, private readonly cache: FactsCache, readonly keepsCr: boolean) {
    this.generation = source.generation;
    const { lines } = source.lines;
    this.facts = new Array<LineFacts>(lines.length);
    for (let i = 0; i < lines.length; i++) this.tally.count(this.facts[i] = this.read(i), 1);
  }

  static of(file: RuleFile, cache: FactsCache, keepsCr: boolean): FileModel {
    return new FileModel(file.uri, new RuleText(file.text), cache, keepsCr);
  }

  get split(): SplitText {
    return this.source.lines;
  }

  get target(): MachineSpec {
    return this.cache.target;
  }

  /** The file starts with a UTF-8 byte order mark. */
  get bom(): boolean {
    return this.source.lines.lines[0]?.text.startsWith('\uFEFF') ?? false;
  }

  getText(): string {
    return this.source.getText();
  }

  /**
   * Catches up with the text's changes; returns the splices applied (undefined: every line was read
   * again), for the rule set to follow.
   */
  sync(): Splice[] | undefined {
    if (this.generation === this.source.generation) return [];
    const splices = this.source.changesSince(this.generation);
    this.generation = this.source.generation;
    if (!splices) {
      for (const f of this.facts) this.tally.count(f, -1);
      this.facts.length = 0;
      for (let i = 0; i < this.split.lines.length; i++) this.tally.count(this.facts[i] = this.read(i), 1);
      return undefined;
    }
    for (const s of splices) {
      const added: LineFacts[] = [];
      for (let i = s.from; i < s.from + s.added; i++) added.push(this.read(i));
      for (const f of spliceIn(this.facts, s.from, s.removed, added)) this.tally.count(f, -1);
      for (const f of added) this.tally.count(f, 1);
    }
    return splices;
  }

  /** Whether a newline follows line i. */
  terminated(i: number): boolean {
    return i < this.split.lines.length - 1 || this.split.finalNewline;
  }

  /** auditctl reads line i in one piece. */
  wholeLine(i: number): boolean {
    return !this.longLines.has(this.split.lines[i]);
  }

  /** The further reads of line i, if auditctl reads it in parts. */
  readsAfterFirst(i: number): readonly ExtraRead[] {
    return this.longLines.get(this.split.lines[i])?.more ?? NO_PROBLEMS;
  }

  /** Line i as auditctl gets it, before its read buffer cuts it. */
  auditctlLine(i: number): string {
    const line = this.split.lines[i];
    return this.keepsCr && line.cr ? `${line.text}\r` : line.text;
  }

  /** The text auditctl parses for the first read of line i. */
  firstRead(i: number): string {
    return this.longLines.get(this.split.lines[i])?.first ?? auditctlReads(this.auditctlLine(i), this.terminated(i))[0].text;
  }

  /** auditctl's full analysis of line i (tokens, rule fields), read again on request. */
  lineAnalysis(i: number): LineAnalysis {
    return analyzeLine(this.firstRead(i), this.target);
  }

  private read(i: number): LineFacts {
    const line = this.split.lines[i];
    // Most lines are far shorter than auditctl's read buffer, and NUL-free: they are read as they are.
    if (line.text.length < SHORT_LINE && !line.text.includes('\0') && !(this.keepsCr && line.cr)) return this.cache.facts(line.text);
    const reads = auditctlReads(this.auditctlLine(i), this.terminated(i));
    // A line that changed is a new TextLine: there is no earlier cut of it to forget.
    if (reads.length > 1) this.longLines.set(line, { first: reads[0].text, more: reads.slice(1).map((r) => ({ ...r, facts: this.cache.facts(r.text) })) });
    return this.cache.facts(reads[0].text);
  }
}

/** How many lines of a file set -e, and disable each control (what the CIS report asks of a whole file). */
class FileTally {
  readonly disables = new Map<string, number>();
  enableLines = 0;

  count(f: LineFacts, by: 1 | -1): void {
    if (f.controls.length > 0 && f.controls.some((c) => c.kind === 'enable')) this.enableLines += by;
    if (f.disables) for (const word of f.disables) bump(this.disables, word, by);
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n === 0) map.delete(key);
  else map.set(key, n);
}
