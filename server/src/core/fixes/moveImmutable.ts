/**
 * -e 2 before other rules: the kernel refuses everything after it. The fix moves the line, as written,
 * to the end of the file. (A lone file's warning: in a rules.d set augenrules loads only the last -e,
 * and last.)
 */
import { appendLine, deleteLine, unchanged } from './lineEdits';
import type { FixKind } from './types';

export const moveImmutableLast: FixKind<{ fix: 'move-immutable'; line: number; text: string }> = {
  id: 'move-immutable',
  codes: ['immutable-too-early'],
  scope: 'line',
  certain: true,
  find: ({ line, text }) => ({ fix: 'move-immutable', line, text }),
  build: (p, model) => {
    // Past lines that all read the same (a second -e 2), the move would leave the text as it is.
    if (!unchanged(model.split, p) || model.split.lines.slice(p.line + 1).every((l) => l.text === p.text)) return [];
    return [{ title: 'Move -e 2 to the end of the file', edits: [deleteLine(model.split, p.line), appendLine(model.split, p.text)] }];
  },
};
