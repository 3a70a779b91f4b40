/**
 * Fix all: each file's text with every certain fix made and the missing CIS rules added. `auditd-lint
 * --fix` writes it and source.fixAll.auditd edits the document to it (fixes/lineDiff), so the two are one
 * feature. The certain syntax fixes go one kind per round (FIX_KINDS order), each round on a fresh
 * analysis of the text the last one left; when none is left, the CIS report's lines go where it puts
 * them (missingLines, insertLinesEdit: cis/ decides which lines and where); then the result is analysed
 * again and must ask for nothing more.
 *
 * A second run is a no-op by construction: the result is either a text on which no fix applies, or, when
 * the fixes do not settle (a state comes back, or a phase runs past its rounds), the first text on which no
 * certain syntax fix applied (the input itself if none did), from which the same run fails the same way.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { analyze, type Analysis, type AnalyzeRequest } from '../analyze';
import { FactsCache, type RuleFile } from '../load/ruleFile';
import { targetMachine } from '../load/ruleSet';
import { DEFAULT_SETTINGS } from '../settings';
import { insertLinesEdit, missingLines } from './codeActions';
import { certainFixes, FIX_KINDS } from './syntaxFixes';

export interface FixAllRequest extends AnalyzeRequest {
  /** The files the fixes may change (the CLI: those named; the editor: the document). Default: all. */
  editable?: readonly string[];
  /** The client cannot apply an edit that only changes line endings (VS Code normalizes them): no CRLF fix. */
  normalizesLineEndings?: boolean;
  /**
   * The analysis of `files` as given, when the caller has it (the editor's, kept as the document
   * changes): the first round starts from it, so a file with nothing to fix costs no analysis at all.
   */
  analysis?: Analysis;
}

export interface FixedFile {
  uri: string;
  /** The file's text with the fixes made (the text given, when none applies). */
  text: string;
  /** The titles of the certain syntax fixes made, in the order made. */
  fixes: string[];
  /** The CIS rule lines added. */
  added: string[];
}

export interface FixAllResult {
  /** Every file of the request, in its order. */
  files: FixedFile[];
  /** The missing CIS rules belong in this file, which may not change. */
  cisElsewhere?: string;
  /** Why fixes that apply were not made: they do not settle. */
  unsettled?: string;
  /** The analysis of the files as fixed (the CLI reports from it). */
  analysis: Analysis;
}

/**
 * Rounds per phase (before the CIS lines, after them): each round makes every fix of one kind, so a few
 * per kind cover the fixes that only appear once another is made (a duplicate after -e 2 moved).
 */
const ROUNDS_PER_PHASE = 4 * FIX_KINDS.length;

interface State {
  texts: RuleFile[];
  log: Map<string, { fixes: string[]; added: string[] }>;
  /** The texts' analysis, once made. */
  analysis?: Analysis;
}

export function fixAll(req: FixAllRequest): FixAllResult {
  const settings = req.settings ?? DEFAULT_SETTINGS;
  const target = targetMachine(settings.targetArch);
  // Most lines read alike from round to round: each distinct line is analysed once.
  const cache = req.cache?.target === target ? req.cache : new FactsCache(target, true);
  const editable = new Set(req.editable ?? req.files.map((f) => f.uri));
  const analyse = (texts: RuleFile[]): Analysis => analyze({ ...req, files: texts, cache });

  const input: State = { texts: req.files.map(({ uri, text }) => ({ uri, text })), log: new Map(), analysis: req.analysis };
  let state = input;
  const seen = new Set([stateKey(state.texts)]);
  let settled: State | undefined;
  let cisAdded = false;
  let rounds = 0;
  const unsettled = (why: string): FixAllResult => ({ ...result(settled ?? input), unsettled: why });

  for (;;) {
    const analysis = (state.analysis ??= analyse(state.texts));
    const syntax = new Map(state.texts.filter((f) => editable.has(f.uri)).map((f) => [f.uri, certainFixes(analysis, f.uri, !req.normalizesLineEndings)]));
    let next: State | undefined;
    if ([...syntax.values()].some((fixes) => fixes.length > 0)) {
      if (++rounds > ROUNDS_PER_PHASE) return unsettled(`the certain fixes still find something to fix after ${ROUNDS_PER_PHASE} rounds`);
      next = applied(state, (uri) => {
        const fixes = syntax.get(uri) ?? [];
        return { edits: fixes.flatMap((f) => f.edits), fixes: fixes.map((f) => f.title) };
      });
    } else {
      settled ??= state;
      const cis = analysis.cis;
      const lines = missingLines(analysis);
      if (!cis || lines.length === 0) return result(state);
      const fixUri = analysis.set.files[cis.fixFile].uri;
      if (!editable.has(fixUri)) return { ...result(state), cisElsewhere: fixUri };
      const edit = insertLinesEdit(analysis.set, cis, lines);
      // No place in the file would load them (the load stops before it): the report says so, nothing is added.
      if (!edit) return result(state);
      if (cisAdded) return unsettled(`the CIS rules added are still reported missing: ${lines.join('; ')}`);
      cisAdded = true;
      rounds = 0;
      next = applied(state, (uri) => (uri === fixUri ? { edits: [edit], added: lines } : {}));
    }
    const key = stateKey(next.texts);
    if (seen.has(key)) return unsettled('the fixes undo one another');
    seen.add(key);
    state = next;
  }
}

/** The state after each file's edits, with what they did logged. */
function applied(state: State, change: (uri: string) => { edits?: TextEdit[]; fixes?: string[]; added?: string[] }): State {
  const log = new Map([...state.log].map(([uri, l]) => [uri, { fixes: [...l.fixes], added: [...l.added] }]));
  const texts = state.texts.map((f) => {
    const { edits = [], fixes = [], added = [] } = change(f.uri);
    if (edits.length === 0) return f;
    const entry = log.get(f.uri) ?? { fixes: [], added: [] };
    entry.fixes.push(...fixes);
    entry.added.push(...added);
    log.set(f.uri, entry);
    // Edits in LSP positions, as an editor applies them (a lone CR ends a line there: see load/editorLines).
    return { uri: f.uri, text: TextDocument.applyEdits(TextDocument.create(f.uri, 'auditd', 0, f.text), edits) };
  });
  return { texts, log };
}

/** Every state returned was analysed: the input and each state the loop went on from. */
function result(state: State): FixAllResult {
  const files = state.texts.map((f) => ({ uri: f.uri, text: f.text, fixes: state.log.get(f.uri)?.fixes ?? [], added: state.log.get(f.uri)?.added ?? [] }));
  return { files, analysis: state.analysis! };
}

/** The texts of a state, one string: two states are the same when their keys are. */
function stateKey(texts: readonly RuleFile[]): string {
  return texts.map((f) => `${f.text.length}:${f.text}`).join('');
}
