/** A rule the kernel already holds ("Rule exists"): auditctl stops there, and deleting the line loses nothing. */
import { deleteLine, unchanged } from './lineEdits';
import type { FixKind } from './types';

export const deleteDuplicate: FixKind<{ fix: 'delete-duplicate'; line: number; text: string }> = {
  id: 'delete-duplicate',
  codes: ['kernel-rule-exists'],
  scope: 'line',
  certain: true,
  find: ({ line, text }) => ({ fix: 'delete-duplicate', line, text }),
  build: (p, model) => (unchanged(model.split, p) ? [{ title: 'Delete this duplicate line', edits: [deleteLine(model.split, p.line)] }] : []),
};
