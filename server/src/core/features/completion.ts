/**
 * Completion at the cursor: options at a line start, LIST,ACTION pairs, the fields the list allows,
 * a field's operators and values, the syscalls of the arch in effect, the CIS paths not yet met,
 * the keys the rule set already uses, and snippets for the common shapes.
 */
import { editorLines } from '../load/editorLines';
import { CompletionItemKind, InsertTextFormat, Range, TextEdit, type CompletionItem, type Position } from 'vscode-languageserver-types';
import type { Analysis } from '../analyze';
import { ERRNOS, FIELDS, FILETYPES, FSTYPES, LISTS, MACHINES, MSGTYPES, syscallTable } from '../auditctl/tables';
import { doc, docNames } from './docs';
import { splitFieldpair } from '../auditctl/fieldpair';
import { versionLabel } from '../cis/report';
import { fieldOperators, fieldValueText } from './fieldInfo';

/** Options whose argument is the next word (getopt also takes it attached: -Farch=b64). */
const TAKES_ARG = new Set(['a', 'A', 'd', 'S', 'F', 'C', 'w', 'W', 'k', 'p', 'e', 'f', 'b', 'r', 'm', 'q', 'R']);

interface Context { option?: string; word: string; wordStart: number; line: string }

export function completion(analysis: Analysis, uri: string, position: Position): CompletionItem[] {
  const file = analysis.set.files.findIndex((f) => f.uri === uri);
  const map = file < 0 ? undefined : editorLines(analysis.set.files[file].split);
  const at = map?.locate(position);
  const line = (at && analysis.set.files[file].split.lines[at.line]?.text) ?? '';
  const ctx = context(line.slice(0, at?.offset ?? 0));
  const range = (from: number) => (map && at ? map.range(at.line, from, at.offset) : Range.create(position, position));
  const items = (labels: string[], kind: CompletionItemKind, from: number, detail?: (l: string) => string | undefined): CompletionItem[] =>
    labels.map((label) => ({ label, kind, detail: detail?.(label), textEdit: TextEdit.replace(range(from), label) }));

  if (!ctx.option) {
    if (ctx.word !== '' && !ctx.word.startsWith('-')) return [];
    return [...optionItems(range(ctx.wordStart)), ...(ctx.wordStart === firstNonSpace(line) ? snippets(range(ctx.wordStart)) : [])];
  }
  switch (ctx.option) {
    case 'a': case 'A': case 'd':
      return items(listActionPairs(), CompletionItemKind.EnumMember, ctx.wordStart, (l) => doc('list', l.split(',')[1]));
    case 'F':
      return fieldItems(analysis, ctx, range);
    case 'S': {
      const comma = ctx.word.lastIndexOf(',');
      const machine = archOfLine(analysis, ctx.line);
      const names = [...syscallTable(machine.table).keys()].sort();
      return items(comma < 0 ? ['all', ...names] : names, CompletionItemKind.Function, ctx.wordStart + comma + 1, (n) => {
        const nr = syscallTable(machine.table).get(n);
        return nr === undefined ? undefined : `${machine.name} ${nr}`;
      });
    }
    case 'w': case 'W':
      return missingPathItems(analysis, range(ctx.wordStart));
    case 'k':
      return items(usedKeys(analysis), CompletionItemKind.Value, ctx.wordStart);
    case 'p':
      return items(['wa', 'rwxa', 'x', 'r', 'w', 'a'], CompletionItemKind.Value, ctx.wordStart, (p) => [...p].map((c) => doc('perm', c)).join(', '));
    case 'e':
      return items(['0', '1', '2'], CompletionItemKind.Value, ctx.wordStart, (v) => ['disable', 'enable', 'enable and lock (immutable; put last)'][Number(v)]);
    case 'f':
      return items(['0', '1', '2'], CompletionItemKind.Value, ctx.wordStart, (v) => ['silent', 'printk', 'panic'][Number(v)]);
    default:
      return [];
  }
}

/** Which option the word at the cursor is the argument of, if any. */
function context(prefix: string): Context {
  const wordStart = prefix.lastIndexOf(' ') + 1;
  const word = prefix.slice(wordStart);
  const attached = /^-([A-Za-z])(.+)$/.exec(word);
  if (attached && TAKES_ARG.has(attached[1])) return { option: attached[1], word: attached[2], wordStart: wordStart + 2, line: prefix };
  const before = prefix.slice(0, wordStart).trimEnd().split(' ').filter(Boolean);
  const prev = before[before.length - 1];
  const option = prev && /^-[A-Za-z]$/.test(prev) && TAKES_ARG.has(prev[1]) ? prev[1] : undefined;
  return { option, word, wordStart, line: prefix };
}

function firstNonSpace(line: string): number {
  return line.length - line.trimStart().length;
}

function optionItems(range: Range): CompletionItem[] {
  return docNames('option').map((name, i) => ({
    label: name,
    kind: CompletionItemKind.Keyword,
    documentation: doc('option', name),
    sortText: String(i).padStart(3, '0'),
    textEdit: TextEdit.replace(range, name),
  }));
}

function snippets(range: Range): CompletionItem[] {
  const snippet = (label: string, detail: string, body: string): CompletionItem => ({
    label, detail, kind: CompletionItemKind.Snippet, insertTextFormat: InsertTextFormat.Snippet, textEdit: TextEdit.replace(range, body),
  });
  return [
    snippet('watch', 'Watch a file: -w PATH -p PERMS -k KEY', '-w ${1:/etc/path} -p ${2|wa,rwxa,x,r|} -k ${3:key}'),
    snippet('syscall rule (b64 + b32)', 'A syscall rule with its arch pair', [
      '-a always,exit -F arch=b64 -S ${1:syscall} -F auid>=1000 -F auid!=unset -k ${2:key}',
      '-a always,exit -F arch=b32 -S ${1:syscall} -F auid>=1000 -F auid!=unset -k ${2:key}',
    ].join('\n')),
  ];
}

function listActionPairs(): string[] {
  const lists = [...LISTS.values()].filter((l) => l.syscalls !== 'removed').map((l) => l.name);
  return ['always', 'never'].flatMap((a) => lists.map((l) => `${a},${l}`));
}

/** The list the line's rule is on, for which fields apply. */
function listOfLine(line: string): string | undefined {
  const m = /(?:^|\s)-[aAd]\s*(\S+)/.exec(line);
  if (m) return m[1].split(',').map((w) => w.toLowerCase()).find((w) => LISTS.has(w));
  return /(?:^|\s)-[wW]/.test(line) ? 'exit' : undefined;
}

function archOfLine(analysis: Analysis, line: string) {
  const m = /-F\s*arch=(\S+)/.exec(line);
  const target = analysis.set.target;
  if (!m) return target;
  const v = m[1].toLowerCase();
  if (v === 'b64') return target;
  if (v === 'b32') return MACHINES.get(target.b32Twin ?? target.name) ?? target;
  return MACHINES.get(v) ?? target;
}

function fieldItems(analysis: Analysis, ctx: Context, range: (from: number) => Range): CompletionItem[] {
  const split = splitFieldpair(ctx.word);
  if (!split) {
    const list = listOfLine(ctx.line);
    const names = [...FIELDS.values()].filter((f) => !f.lists || list === undefined || f.lists.includes(list));
    return names.map((f) => ({
      label: f.name, kind: CompletionItemKind.Field, detail: fieldValueText(f), textEdit: TextEdit.replace(range(ctx.wordStart), f.name),
    }));
  }
  const spec = FIELDS.get(split.name.toLowerCase());
  if (!spec) return [];
  const valueStart = ctx.wordStart + split.name.length + split.op.length;
  if (split.value === '' && split.op.length === 1 && ctx.word.endsWith(split.op)) {
    // Just typed an operator: offer the others this field takes too, and the values.
    const ops = fieldOperators(spec).filter((o) => o !== split.op);
    const opItems = ops.map((o) => ({ label: `${split.name}${o}`, kind: CompletionItemKind.Operator, detail: doc('operator', o), textEdit: TextEdit.replace(range(ctx.wordStart), `${split.name}${o}`) }));
    return [...valueItems(analysis, spec.kind, spec.name, range(valueStart)), ...opItems];
  }
  return valueItems(analysis, spec.kind, spec.name, range(valueStart));
}

function valueItems(analysis: Analysis, kind: string, name: string, range: Range): CompletionItem[] {
  const values = (labels: string[], detail?: (l: string) => string | undefined) =>
    labels.map((label) => ({ label, kind: CompletionItemKind.EnumMember, detail: detail?.(label), textEdit: TextEdit.replace(range, label) }));
  switch (kind) {
    case 'arch': return values(['b64', 'b32', ...MACHINES.keys()]);
    case 'msgtype': return values([...MSGTYPES.keys()].map((k) => k.toUpperCase()), (k) => String(MSGTYPES.get(k.toLowerCase())));
    case 'filetype': return values([...FILETYPES.keys()]);
    case 'fstype': return values([...FSTYPES.keys()]);
    case 'errno': return values([...ERRNOS.keys()].map((k) => `-${k.toUpperCase()}`), (k) => String(-ERRNOS.get(k.slice(1).toLowerCase())!));
    case 'perm': return values(['wa', 'rwxa', 'x', 'r']);
    case 'uid': return name === 'auid' || name === 'loginuid' ? values(['unset', '1000', '0']) : values(['0']);
    case 'key': return values(usedKeys(analysis));
    default: return [];
  }
}

function usedKeys(analysis: Analysis): string[] {
  return [...analysis.set.load.byKey.keys()].sort();
}

/** After -w: the CIS control paths no loaded rule audits yet. */
function missingPathItems(analysis: Analysis, range: Range): CompletionItem[] {
  const cis = analysis.cis;
  if (!cis) return [];
  return cis.statuses.filter((s) => s.state === 'missing').map((s, i) => ({
    label: s.control.path,
    kind: CompletionItemKind.File,
    detail: `${versionLabel(cis.version)} §${s.control.id}`,
    sortText: String(i).padStart(3, '0'),
    textEdit: TextEdit.replace(range, s.control.path),
  }));
}
