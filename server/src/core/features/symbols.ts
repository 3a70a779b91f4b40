/** The outline of a rules file, grouped by key, and a workspace-wide search over rules by key or path. */
import { editorLines } from '../load/editorLines';
import { Range, SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver-types';
import type { Analysis } from '../analyze';
import { analyzeLine } from '../auditctl/setopt';
import { auditctlReads } from '../auditctl/reads';
import type { FileModel, RuleFile } from '../load/ruleFile';
import { splitLines } from '../load/ruleFile';
import { targetMachine } from '../load/ruleSet';
import { listedValue } from '../load/listing';
import type { BuiltRule, LineFacts } from '../auditctl/types';
import { AUDIT_ARCH, AUDIT_DIR, AUDIT_FILTERKEY, AUDIT_WATCH } from '../auditctl/tables';

const NO_KEY = '(no key)';
const SETTINGS = '(settings)';

/**
 * An outline or a search must stay useful on a file of 100,000 rules: past these counts the reply is
 * cut, and says so (a group's detail counts what it holds; one last entry counts what is not listed).
 */
const SYMBOL_LIMITS = {
  /** Lines listed in the outline, over all its groups. */
  lines: 1000,
  /** Groups (keys) listed in the outline. */
  groups: 200,
  /** Workspace symbols returned for one query. */
  workspace: 1000,
};

export function documentSymbols(analysis: Analysis, uri: string): DocumentSymbol[] {
  const model = analysis.set.files.find((f) => f.uri === uri);
  return model ? outline(model) : [];
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function outline(model: FileModel): DocumentSymbol[] {
  // Group first from the kept facts (no line is read again), then read only the lines listed.
  const groups = new Map<string, number[]>();
  model.facts.forEach((f, line) => {
    if (!listed(f)) return;
    const group = f.rule ? (f.rule.key?.split('\x01')[0] ?? NO_KEY) : SETTINGS;
    const lines = groups.get(group);
    if (lines) lines.push(line);
    else groups.set(group, [line]);
  });
  let budget = SYMBOL_LIMITS.lines;
  const out: DocumentSymbol[] = [];
  let unlisted = 0;
  for (const [name, lines] of groups) {
    if (out.length >= SYMBOL_LIMITS.groups) {
      unlisted++;
      continue;
    }
    const shown = lines.slice(0, Math.max(budget, 0));
    budget -= shown.length;
    const children = shown.map((line) => lineSymbol(model, line));
    const first = wordRange(model, lines[0]);
    const last = wordRange(model, lines[lines.length - 1]);
    out.push({
      name,
      kind: name === SETTINGS ? SymbolKind.Module : SymbolKind.Key,
      detail: shown.length < lines.length ? `${plural(lines.length, 'line')}, ${shown.length.toLocaleString('en-US')} listed` : plural(lines.length, 'line'),
      range: Range.create(first.start, last.end),
      selectionRange: first,
      children,
    });
  }
  if (unlisted > 0) {
    const range = Range.create(0, 0, 0, 0);
    out.push({ name: `… ${plural(unlisted, 'more key')}`, detail: `the outline lists ${SYMBOL_LIMITS.groups} keys`, kind: SymbolKind.Key, range, selectionRange: range });
  }
  return out;
}

/** A line the outline shows: a rule, or a command that sets something (or is not refused). */
function listed(f: LineFacts): boolean {
  return f.kind === 'command' && (f.rule !== undefined || f.controls.length > 0 || !f.refused);
}

/** From the line's first word to the end of its last (auditctl separates words with spaces only). */
function wordRange(model: FileModel, line: number): Range {
  const text = model.split.lines[line].text;
  const start = text.length - text.replace(/^ +/, '').length;
  return editorLines(model.split).range(line, start, text.replace(/ +$/, '').length);
}

function lineSymbol(model: FileModel, line: number): DocumentSymbol {
  const range = wordRange(model, line);
  const rule = model.facts[line].rule ? model.lineAnalysis(line).rule : undefined;
  if (!rule) return { name: model.split.lines[line].text.trim(), kind: SymbolKind.Property, range, selectionRange: range };
  return { name: ruleName(rule), detail: `${rule.list},${rule.action}`, kind: rule.watch ? SymbolKind.File : SymbolKind.Event, range, selectionRange: range };
}

/** "-w /etc/passwd", "2 syscalls auid>=1000 (b64)" or "path=/usr/bin/sudo perm=wa": values as `auditctl -l` prints them. */
function ruleName(rule: BuiltRule): string {
  const path = rule.fields.find((f) => f.id === AUDIT_WATCH || f.id === AUDIT_DIR);
  const prefix = rule.op === 'delete' ? 'delete ' : rule.action === 'never' ? 'never ' : '';
  if (rule.watch && path) return `${prefix}-w ${path.value}`;
  const fields = rule.fields.filter((f) => f.id !== AUDIT_FILTERKEY && f.id !== AUDIT_ARCH).map((f) => `${f.name}${f.op}${listedValue(f)}`);
  const syscalls = rule.syscalls === 'all' ? '' : `${rule.syscalls.size} syscall${rule.syscalls.size === 1 ? '' : 's'}`;
  return `${prefix}${[syscalls, ...fields].filter(Boolean).join(' ') || rule.list}${rule.arch ? ` (${rule.arch.name})` : ''}`;
}

/**
 * Rules of the given files whose key, path or text contains the query, at most SYMBOL_LIMITS.workspace:
 * a line is read only when its text matches.
 */
export function workspaceSymbols(files: readonly RuleFile[], query: string, targetArch: string): SymbolInformation[] {
  const target = targetMachine(targetArch);
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const file of files) {
    const split = splitLines(file.text);
    const { lines, finalNewline } = split;
    for (let line = 0; line < lines.length && out.length < SYMBOL_LIMITS.workspace; line++) {
      const text = lines[line].text;
      if (q && !text.toLowerCase().includes(q)) continue;
      const rule = analyzeLine(auditctlReads(text, line < lines.length - 1 || finalNewline)[0].text, target).rule;
      if (!rule) continue;
      const range = editorLines(split).range(line, 0, text.length);
      // VS Code matches the query against the name alone, so the key goes in it (Ctrl+T "identity").
      const key = rule.key?.split('\x01')[0];
      out.push({ name: key ? `${ruleName(rule)} -k ${key}` : ruleName(rule), kind: rule.watch ? SymbolKind.File : SymbolKind.Event, location: { uri: file.uri, range }, containerName: key });
    }
  }
  return out;
}
