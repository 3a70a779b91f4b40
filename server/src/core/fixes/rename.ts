/**
 * An unknown syscall, field, list or action with one close known name (see closest.ts): "Replace "opn"
 * with "open"". Not automatic: a name that exists but was not meant would audit something else.
 */
import { Range, TextEdit } from 'vscode-languageserver-types';
import { closestName } from './closest';
import { unchanged } from './lineEdits';
import { misspelt, MISSPELT_CODES } from './misspelt';
import type { FixKind } from './types';

export const rename: FixKind<{ fix: 'rename'; line: number; text: string; start: number; from: string; to: string }> = {
  id: 'rename',
  codes: MISSPELT_CODES,
  scope: 'line',
  certain: false,
  find: (found) => {
    const word = misspelt(found);
    const to = word && closestName(word.word, word.names);
    return word && to ? { fix: 'rename', line: found.line, text: found.text, start: word.start, from: word.word, to } : undefined;
  },
  build: (p, model) => {
    if (!unchanged(model.split, p)) return [];
    const range = Range.create(p.line, p.start, p.line, p.start + p.from.length);
    return [{ title: `Replace "${p.from}" with "${p.to}"`, edits: [TextEdit.replace(range, p.to)] }];
  },
};
