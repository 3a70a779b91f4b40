/** The outline of a rules file, grouped by key, and a workspace-wide search over rules by key or path. */
import { Range, SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver-types';
import type { Analysis } from '../analyze';
import type { FileModel, RuleFile } from '../load/ruleFile';
import { modelFile, targetMachine } from '../load/ruleSet';
import { listedValue } from '../load/listing';
import type { BuiltRule, LineAnalysis } from '../auditctl/types';
import { AUDIT_ARCH, AUDIT_DIR, AUDIT_FILTERKEY, AUDIT_WATCH } from '../auditctl/tables';

const NO_KEY = '(no key)';
const SETTINGS = '(settings)';

export function documentSymbols(analysis: Analysis, uri: string): DocumentSymbol[] {
  const model = analysis.set.files.find((f) => f.uri === uri);
  return model ? outline(model) : [];
}

function outline(model: FileModel): DocumentSymbol[] {
  const groups = new Map<string, DocumentSymbol[]>();
  model.analyses.forEach((a, line) => {
    const item = lineSymbol(a, model.split.lines[line].text, line);
    if (!item) return;
    const group = a.rule ? (a.rule.key?.split('\x01')[0] ?? NO_KEY) : SETTINGS;
    groups.set(group, [...(groups.get(group) ?? []), item]);
  });
  return [...groups].map(([name, children]) => ({
    name,
    kind: name === SETTINGS ? SymbolKind.Module : SymbolKind.Key,
    detail: `${children.length} line${children.length === 1 ? '' : 's'}`,
    range: Range.create(children[0].range.start, children[children.length - 1].range.end),
    selectionRange: children[0].selectionRange,
    children,
  }));
}

function lineSymbol(a: LineAnalysis, text: string, line: number): DocumentSymbol | undefined {
  if (a.kind !== 'command' || a.tokens.length === 0) return undefined;
  const range = Range.create(line, a.tokens[0].start, line, a.tokens[a.tokens.length - 1].end);
  if (!a.rule) {
    return a.controls.length > 0 || !a.refused ? { name: text.trim(), kind: SymbolKind.Property, range, selectionRange: range } : undefined;
  }
  return { name: ruleName(a.rule), detail: `${a.rule.list},${a.rule.action}`, kind: a.rule.watch ? SymbolKind.File : SymbolKind.Event, range, selectionRange: range };
}

/** "-w /etc/passwd", "2 syscalls auid>=1000 (b64)" or "path=/usr/bin/sudo perm=wa": values as `auditctl -l` prints them. */
export function ruleName(rule: BuiltRule): string {
  const path = rule.fields.find((f) => f.id === AUDIT_WATCH || f.id === AUDIT_DIR);
  const prefix = rule.op === 'delete' ? 'delete ' : rule.action === 'never' ? 'never ' : '';
  if (rule.watch && path) return `${prefix}-w ${path.value}`;
  const fields = rule.fields.filter((f) => f.id !== AUDIT_FILTERKEY && f.id !== AUDIT_ARCH).map((f) => `${f.name}${f.op}${listedValue(f)}`);
  const syscalls = rule.syscalls === 'all' ? '' : `${rule.syscalls.size} syscall${rule.syscalls.size === 1 ? '' : 's'}`;
  return `${prefix}${[syscalls, ...fields].filter(Boolean).join(' ') || rule.list}${rule.arch ? ` (${rule.arch.name})` : ''}`;
}

/** Rules of the given files whose key, path or text contains the query. */
export function workspaceSymbols(files: readonly RuleFile[], query: string, targetArch: string): SymbolInformation[] {
  const target = targetMachine(targetArch);
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const file of files) {
    const model = modelFile(file, target);
    model.analyses.forEach((a, line) => {
      if (!a.rule) return;
      const text = model.split.lines[line].text;
      if (q && !text.toLowerCase().includes(q)) return;
      const range = Range.create(line, 0, line, text.length);
      // VS Code matches the query against the name alone, so the key goes in it (Ctrl+T "identity").
      const key = a.rule.key?.split('\x01')[0];
      out.push({ name: key ? `${ruleName(a.rule)} -k ${key}` : ruleName(a.rule), kind: a.rule.watch ? SymbolKind.File : SymbolKind.Event, location: { uri: file.uri, range }, containerName: a.rule.key?.split('\x01')[0] });
    });
  }
  return out;
}
