/**
 * Fixes that concern the whole file's bytes rather than a rule: a UTF-8 byte order mark, and CRLF line
 * endings in a lone file.
 */
import { Diagnostic, DiagnosticSeverity, Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { TextLine } from '../load/ruleFile';
import type { FixKind } from './types';

// A UTF-8 byte order mark at the start of a file: auditctl reads it as part of the first word of line 1
// (fgets and strtok know nothing of encodings), so that line is not what it looks like. Editors hide
// it, so the Error says so; the fix removes the three bytes and nothing else.

export const BOM = '\uFEFF';
export const BOM_CODE = 'bom';

/**
 * The Error on line 1 of a file that starts with a BOM. `firstLine` is line 1 as the reader holds it
 * (with the BOM, or without it when an editor hid it); the range is the first word auditctl reads.
 * `advice` says how to save the file without it where the reader is.
 */
export function bomDiagnostic(firstLine: string, advice = 'save the file as UTF-8 without a BOM'): Diagnostic {
  // (A lone CR ends the editor's line 1 inside that word: the range stops there.)
  const word = firstLine.search(/[ \r]|$/);
  return {
    range: Range.create(0, 0, 0, word),
    severity: DiagnosticSeverity.Error,
    code: BOM_CODE,
    source: 'auditd',
    message: `The file starts with a UTF-8 byte order mark (BOM, bytes EF BB BF): auditctl reads it as part of the first word of line 1, which is then not the word you see — ${advice}.`,
  };
}

export const removeBom: FixKind<'bom'> = {
  id: 'bom',
  codes: [BOM_CODE],
  scope: 'file',
  certain: true,
  find: () => ({ fix: 'bom' }),
  build: (_, model) => (model.bom
    ? [{ title: 'Remove the byte order mark (BOM)', edits: [TextEdit.del(Range.create(0, 0, 0, BOM.length))] }]
    : []),
};

// CRLF → LF for the whole file (a lone file: `auditctl -R` keeps the CR in the last word of each line).


/**
 * A CRLF ending the fix turns into LF. Not after a lone CR: the LF would make that CR a CRLF of its own,
 * and the next fix would remove a CR that was no line ending.
 */
function convertible(line: TextLine): boolean {
  return line.cr && !line.text.endsWith('\r');
}

export const convertToLf: FixKind<'crlf'> = {
  id: 'crlf',
  codes: ['crlf'],
  scope: 'file',
  certain: true,
  lineEndings: true,
  find: ({ model }) => (model.split.lines.some(convertible) ? { fix: 'crlf' } : undefined),
  build: (_, model) => {
    // A position cannot fall between CR and LF, so each edit replaces the pair with an LF.
    const edits = model.split.lines.flatMap((l, i) => (convertible(l) ? [TextEdit.replace(Range.create(i, l.text.length, i + 1, 0), '\n')] : []));
    return edits.length === 0 ? [] : [{ title: 'Convert the file to LF line endings', edits }];
  },
};

// A rules.d file without a final newline: augenrules' cat runs its last line into the next file's
// first. The fix ends the file with a newline (in its own line ending), which is all augenrules needs.

export const FINAL_NEWLINE_CODE = 'no-final-newline';

export const addFinalNewline: FixKind<'final-newline'> = {
  id: 'final-newline',
  codes: [FINAL_NEWLINE_CODE],
  scope: 'file',
  certain: true,
  find: () => ({ fix: 'final-newline' }),
  build: (_, model) => {
    const { lines, finalNewline, eol } = model.split;
    if (finalNewline || lines.length === 0) return [];
    const last = lines.length - 1;
    return [{ title: 'Add a newline at the end of the file', edits: [TextEdit.insert(Position.create(last, lines[last].text.length), eol)] }];
  },
};
