/**
 * An inline comment: auditctl has none, so `# …` after a rule is a word without an option and the line
 * is refused. The fix moves the comment, as written, to a line of its own above the rule, indented like
 * it, and drops the spaces that separated it from the rule.
 */
import { Position, Range, TextEdit } from 'vscode-languageserver-types';
import { unchanged } from './lineEdits';
import type { FixKind } from './types';

export const moveInlineComment: FixKind<{ fix: 'inline-comment'; line: number; text: string; at: number }> = {
  id: 'inline-comment',
  codes: ['auditctl-stray-word'],
  scope: 'line',
  certain: true,
  find: ({ diagnostic: d, line, text }) => {
    const at = d.range.start.character;
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
