/**
 * The certain fixes of single lines (tabs, an inline comment, a duplicate rule, an early -e 2), and the
 * whole-line edits they are made of, which keep every other byte: the file's line ending, and a
 * missing final newline stays missing.
 */
import { DiagnosticSeverity, Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { FileModel, SplitText } from '../load/ruleFile';
import type { FixKind, LinePin } from './types';

// Whole-line edits that keep every other byte: the file's line ending, and a missing final newline stays missing.


/** The line still reads as the diagnostic saw it. */
export function unchanged(split: SplitText, pin: LinePin): boolean {
  return split.lines[pin.line]?.text === pin.text;
}

/** Deletes a line with its line ending; the last line of a file without a final newline takes the ending before it. */
function deleteLine(split: SplitText, line: number): TextEdit {
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

// Tabs in a refused line. auditctl splits words on spaces only, so a tab glues two words into one (or
// makes a line start with a word that is no option). One action mends the whole line: a tab is never
// meant as part of a word, and one fix per tab would leave the line refused after each of them. Tabs
// that indent the line go (auditctl takes a line from its first word); the others become a space.
// Tabs inside a stray `# comment` are left to the comment fix, which moves it as written.

export const replaceTabs: FixKind<'tabs'> = {
  id: 'tabs',
  scope: 'line',
  certain: true,
  find: ({ diagnostic: d, line, start, text, analysis }) => {
    if (d.severity !== DiagnosticSeverity.Error) return undefined;
    const refusal = analysis.problems.some((p) => p.severity === 'error' && p.code === d.code && p.start === start);
    if (!refusal) return undefined;
    const comment = analysis.problems.find((p) => p.code === 'auditctl-stray-word' && text[p.start] === '#');
    const end = comment?.start ?? text.length;
    return text.slice(0, end).includes('\t') ? { fix: 'tabs', line, text, end } : undefined;
  },
  build: (p, model) => {
    if (!unchanged(model.split, p)) return [];
    const indent = /^[ \t]*/.exec(p.text)![0].length;
    const edits: TextEdit[] = [];
    let leading = 0;
    for (let i = 0; i < p.end; i++) {
      if (p.text[i] !== '\t') continue;
      const range = Range.create(p.line, i, p.line, i + 1);
      if (i < indent) leading++;
      edits.push(i < indent ? TextEdit.del(range) : TextEdit.replace(range, ' '));
    }
    const inner = edits.length - leading;
    const other = leading > 0 ? 'other ' : '';
    const parts = [
      leading > 0 ? `remove ${counted(leading, 'leading tab')}` : '',
      inner === 0 ? '' : inner === 1 ? `replace the ${other}tab with a space` : `replace the ${other}${inner} tabs with spaces`,
    ].filter((part) => part !== '');
    const title = parts.join(' and ');
    return [{ title: title[0].toUpperCase() + title.slice(1), edits }];
  },
};

// An inline comment: auditctl has none, so `# …` after a rule is a word without an option and the line
// is refused. The fix moves the comment, as written, to a line of its own above the rule, indented like
// it, and drops the spaces that separated it from the rule.

export const moveInlineComment: FixKind<'inline-comment'> = {
  id: 'inline-comment',
  codes: ['auditctl-stray-word'],
  scope: 'line',
  certain: true,
  find: ({ line, start: at, text }) => {
    return text[at] === '#' ? { fix: 'inline-comment', line, text, at } : undefined;
  },
  build: (p, model) => {
    if (!unchanged(model.split, p)) return [];
    const indent = /^ */.exec(p.text)![0];
    const ruleEnd = p.text.slice(0, p.at).replace(/ +$/, '').length;
    return [{
      title: 'Move the comment to its own line above',
      edits: [
        TextEdit.insert(Position.create(p.line, 0), indent + p.text.slice(p.at) + model.split.eol),
        TextEdit.del(Range.create(p.line, ruleEnd, p.line, p.text.length)),
      ],
    }];
  },
};

// A rule the kernel already holds ("Rule exists"): auditctl stops there, and deleting the line loses nothing.


export const deleteDuplicate: FixKind<'delete-duplicate'> = {
  id: 'delete-duplicate',
  codes: ['kernel-rule-exists'],
  scope: 'line',
  certain: true,
  find: ({ line, text }) => ({ fix: 'delete-duplicate', line, text }),
  build: (p, model) => (unchanged(model.split, p) ? [{ title: 'Delete this duplicate line', edits: [deleteLine(model.split, p.line)] }] : []),
};

// -e 2 again, after an -e 2 locked the configuration: the kernel refuses it ("Operation not permitted")
// and auditctl stops there. The lock it asks for is in place already, so deleting the line loses
// nothing; a line that does anything besides (`-e 2 -f 1`) is left to a person.

export const deleteRepeatedImmutable: FixKind<'delete-repeated-immutable'> = {
  id: 'delete-repeated-immutable',
  codes: ['kernel-immutable'],
  scope: 'line',
  certain: true,
  find: ({ model, line, text }) => {
    // The line says -e 2 and nothing else: auditctl itself has nothing against it (no stray word, no -k).
    const facts = model.facts[line];
    const [only, ...more] = facts.controls;
    const lockOnly = facts.kind === 'command' && !facts.rule && facts.problems.length === 0 && more.length === 0 && only?.kind === 'enable' && only.value === 2;
    return lockOnly ? { fix: 'delete-repeated-immutable', line, text } : undefined;
  },
  build: (p, model) => (unchanged(model.split, p)
    ? [{ title: 'Delete this -e 2: an earlier -e 2 already made the configuration immutable', edits: [deleteLine(model.split, p.line)] }]
    : []),
};

// -e 2 before other rules: the kernel refuses everything after it. The fix moves the line, as written,
// to the end of the file. (A lone file's warning: in a rules.d set augenrules loads only the last -e,
// and last.) Not a line auditctl refuses (`-e2 -k x`): the load stops there, and moved to the end it
// would let every line after it load, a -D among them: that changes what loads, for a person to choose.

/** Some command after `line` does more than set -e 2 again: moving -e 2 past it lets it load. */
function locksMoreThanEnable2(model: FileModel, line: number): boolean {
  for (let i = line + 1; i < model.facts.length; i++) {
    const f = model.facts[i];
    if (f.kind !== 'command') continue;
    if (!(f.controls.length === 1 && f.controls[0].kind === 'enable' && f.controls[0].value === 2)) return true;
  }
  return false;
}

export const moveImmutableLast: FixKind<'move-immutable'> = {
  id: 'move-immutable',
  codes: ['immutable-too-early'],
  scope: 'line',
  certain: true,
  find: ({ line, text }) => ({ fix: 'move-immutable', line, text }),
  build: (p, model) => {
    // Moved past lines that all set -e 2 themselves ("-e2" after "-e 2"), it would lock them just the
    // same, and the next --fix round would move the other one back: no move, the Error stays for a person.
    if (!unchanged(model.split, p) || model.facts[p.line].refused || !locksMoreThanEnable2(model, p.line)) return [];
    return [{ title: 'Move -e 2 to the end of the file', edits: [deleteLine(model.split, p.line), appendLine(model.split, p.text)] }];
  },
};
