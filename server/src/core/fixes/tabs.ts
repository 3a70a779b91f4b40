/**
 * Tabs in a refused line. auditctl splits words on spaces only, so a tab glues two words into one (or
 * makes a line start with a word that is no option). One action mends the whole line: a tab is never
 * meant as part of a word, and one fix per tab would leave the line refused after each of them. Tabs
 * that indent the line go (auditctl takes a line from its first word); the others become a space.
 * Tabs inside a stray `# comment` are left to the comment fix, which moves it as written.
 */
import { DiagnosticSeverity, Range, TextEdit } from 'vscode-languageserver-types';
import { unchanged, counted } from './lineEdits';
import type { FixKind } from './types';

export const replaceTabs: FixKind<{ fix: 'tabs'; line: number; text: string; end: number }> = {
  id: 'tabs',
  scope: 'line',
  certain: true,
  find: ({ diagnostic: d, line, text, analysis }) => {
    if (d.severity !== DiagnosticSeverity.Error) return undefined;
    const refusal = analysis.problems.some((p) => p.severity === 'error' && p.code === d.code && p.start === d.range.start.character);
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
