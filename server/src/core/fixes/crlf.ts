/** CRLF → LF for the whole file (a lone file: `auditctl -R` keeps the CR in the last word of each line). */
import { Range, TextEdit } from 'vscode-languageserver-types';
import type { FixKind } from './types';

export const convertToLf: FixKind<{ fix: 'crlf' }> = {
  id: 'crlf',
  codes: ['crlf'],
  scope: 'file',
  certain: true,
  lineEndings: true,
  find: () => ({ fix: 'crlf' }),
  build: (_, model) => {
    // A position cannot fall between CR and LF, so each edit replaces the pair with an LF.
    const edits = model.split.lines.flatMap((l, i) => (l.cr ? [TextEdit.replace(Range.create(i, l.text.length, i + 1, 0), '\n')] : []));
    return edits.length === 0 ? [] : [{ title: 'Convert the file to LF line endings', edits }];
  },
};
