/**
 * A syscall rule without -F arch= (auditctl's "32/64 bit syscall mismatch"): its names are looked up
 * in the target's 64-bit table, and 32-bit programs, whose numbers differ, are not audited as meant.
 * One fix pins it to b64; the other also adds the b32 copy, offered only if that copy loads (every
 * syscall of the rule exists in the target's 32-bit table). -F arch= goes right after -a LIST,ACTION,
 * since auditctl wants it before any -S. Both change what is audited, so neither is automatic.
 */
import { Position, TextEdit } from 'vscode-languageserver-types';
import { cachedAnalysis } from '../load/ruleSet';
import { unchanged } from './lineEdits';
import { optionAt, options, ruleOption } from './options';
import type { FixKind } from './types';

const withArch = (text: string, at: number, arch: 'b64' | 'b32') => `${text.slice(0, at)} -F arch=${arch}${text.slice(at)}`;

export const addArch: FixKind<{ fix: 'add-arch'; line: number; text: string; at: number; twin: boolean }> = {
  id: 'add-arch',
  codes: ['auditctl-arch-mismatch'],
  scope: 'line',
  certain: false,
  find: ({ set, model, diagnostic: d, line, text, analysis }) => {
    const opts = options(analysis.tokens);
    const rule = ruleOption(opts);
    if (!rule || !optionAt(opts, d.range.start.character, d.range.end.character)) return undefined;
    const twinText = withArch(text, rule.end, 'b32');
    // A copy the file already has would be a duplicate the kernel refuses.
    const twin = !cachedAnalysis(twinText, set.target).refused && !model.split.lines.some((l) => l.text === twinText);
    return { fix: 'add-arch', line, text, at: rule.end, twin };
  },
  build: (p, model) => {
    if (!unchanged(model.split, p)) return [];
    const b64 = TextEdit.insert(Position.create(p.line, p.at), ' -F arch=b64');
    const fixes = [{ title: 'Add -F arch=b64', edits: [b64] }];
    if (p.twin) {
      const twin = TextEdit.insert(Position.create(p.line, p.text.length), model.split.eol + withArch(p.text, p.at, 'b32'));
      fixes.push({ title: 'Add -F arch=b64 and a -F arch=b32 twin', edits: [b64, twin] });
    }
    return fixes;
  },
};
