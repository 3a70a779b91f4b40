/** Hover: the reference at the cursor — options, lists, fields, values, syscalls, and what a rule means for CIS. */
import { editorLines } from '../load/editorLines';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { Analysis } from '../analyze';
import { AUDIT_DIR, AUDIT_PERM, AUDIT_WATCH, ERRNOS, FIELDS, FILETYPES, MACHINES, MSGTYPES, syscallTable } from '../auditctl/tables';
import { doc } from './docs';
import { cisTarget, controlPaths, equivalents, normalizePath, rationaleFor, type CisControl } from '../cis/catalogue';
import { versionLabel, type CisReport, type MissingData } from '../cis/report';
import { benchmarkLabel } from '../cis/label';
import { auditedPath } from '../cis/check';
import { permLetters } from '../load/listing';
import { SCANNERS } from '../scanners/data';
import { fieldMarkdown, fieldOperators } from './fieldInfo';
import { roleAt, type Role } from './roles';

export function hover(analysis: Analysis, uri: string, position: Position): Hover | undefined {
  const file = analysis.set.files.findIndex((f) => f.uri === uri);
  if (file < 0) return undefined;
  const { split } = analysis.set.files[file];
  const { line, offset } = editorLines(split).locate(position);
  const text = split.lines[line]?.text;
  if (text === undefined) return undefined;
  const parts: string[] = [];
  const role = roleAt(text, offset);
  if (role) parts.push(...describe(analysis, file, line, role));
  if (role && (role.kind === 'path' || role.option === '-w' || role.field === 'path' || role.field === 'dir')) parts.push(...cisOfLine(analysis, file, line));
  parts.push(...missingHere(analysis, uri, position));
  if (parts.length === 0) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } };
}

function describe(analysis: Analysis, file: number, line: number, role: Role): string[] {
  switch (role.kind) {
    case 'option': {
      const text = doc('option', role.option);
      return text ? [`**${role.option}** — ${text}`] : [];
    }
    case 'list-action':
      return role.text.split(',').flatMap((w) => {
        const list = doc('list', w.toLowerCase());
        if (list) return [`**${w}** (list) — ${list}`];
        const action = doc('action', w);
        return action ? [`**${w}** (action) — ${action}`] : [];
      });
    case 'field-name': {
      const spec = FIELDS.get(role.text.toLowerCase());
      return spec ? [fieldMarkdown(spec)] : [];
    }
    case 'operator': {
      const spec = FIELDS.get((role.field ?? '').toLowerCase());
      const text = doc('operator', role.text);
      const allowed = spec ? ` · \`${spec.name}\` takes \`${fieldOperators(spec).join(' ')}\`` : '';
      return text ? [`**${role.text}** — ${text}${allowed}`] : [];
    }
    case 'field-value':
      return fieldValue(analysis, role);
    case 'perm':
      return [permText(role.text)];
    case 'syscall':
      return syscall(analysis, file, line, role.text);
    case 'key':
      return ['**key** — a tag for this rule; search the log with `ausearch -k KEY`.'];
    default:
      return [];
  }
}

function fieldValue(analysis: Analysis, role: Role): string[] {
  const spec = FIELDS.get((role.field ?? '').toLowerCase());
  if (!spec) return [];
  const v = role.text;
  const named = (table: ReadonlyMap<string, number>, what: string) => {
    const n = table.get(v.replace(/^-/, '').toLowerCase());
    return n === undefined ? [] : [`\`${v}\` — ${what} ${v.startsWith('-') ? -n : n}`];
  };
  switch (spec.kind) {
    case 'arch': {
      const lower = v.toLowerCase();
      const target = analysis.set.target;
      const m = lower === 'b64' ? target : lower === 'b32' ? MACHINES.get(target.b32Twin ?? target.name) : MACHINES.get(lower);
      return m ? [`\`${v}\` — ${m.name} (${m.bits}-bit, ELF 0x${m.elf.toString(16)}); \`-S\` names resolve in the ${m.table} syscall table`] : [];
    }
    case 'msgtype': return named(MSGTYPES, 'record type');
    case 'errno': return named(ERRNOS, 'exit value');
    case 'filetype': return named(FILETYPES, 'S_IF value');
    case 'perm': return [permText(v)];
    default: return [fieldMarkdown(spec)];
  }
}

function permText(perms: string): string {
  const letters = [...perms.toLowerCase()].map((c) => `\`${c}\` ${doc('perm', c) ?? '?'}`);
  return `**Permissions** — ${letters.join(', ')}`;
}

function syscall(analysis: Analysis, file: number, line: number, name: string): string[] {
  const a = analysis.set.files[file].lineAnalysis(line);
  const target = analysis.set.target;
  const machine = a.rule?.arch ?? target;
  const nr = syscallTable(machine.table).get(name.toLowerCase());
  if (nr === undefined) return name === 'all' ? ['`all` — every syscall'] : [`\`${name}\` is not a syscall on ${machine.name}`];
  const out = [`\`${name}\` — syscall ${nr} on ${machine.name}`];
  const twin = !a.rule?.arch && target.b32Twin ? MACHINES.get(target.b32Twin) : undefined;
  if (twin) {
    const twinNr = syscallTable(twin.table).get(name.toLowerCase());
    out.push(twinNr === undefined ? `no \`${name}\` on ${twin.name} (b32)` : `${twin.name} (b32): ${twinNr}`);
  }
  return [out.join(' · ')];
}

/**
 * For a rule on a Docker path: "Meets CIS Docker 1.8.0 §1.1.3 (also 1.2.0 §1.2.3)" and each scanner's
 * verdict on its check of that target, the selected scanners first.
 */
function cisOfLine(analysis: Analysis, file: number, line: number): string[] {
  const cis = analysis.cis;
  const rule = analysis.set.files[file].lineAnalysis(line).rule;
  if (!cis || !rule) return [];
  const path = auditedPath(rule) ?? rule.fields.find((f) => f.id === AUDIT_WATCH || f.id === AUDIT_DIR)?.value;
  if (path === undefined) return [];
  const key = normalizePath(String(path));
  const onThisLine = (ref: { file: number; line: number } | undefined) => ref?.file === file && ref.line === line;
  const targets = new Set([
    ...cis.statuses.filter((s) => onThisLine(s.metBy?.ref)).map((s) => s.control.target),
    ...cis.verdicts.filter((v) => onThisLine(v.rule?.ref) || (v.path !== '' && normalizePath(v.path) === key)).map((v) => v.check.target),
    ...cis.verdicts.map((v) => v.check.target).filter((t) => cisTarget(t).paths.some((p) => normalizePath(p) === key)),
  ]);
  return [...targets].map((target) => {
    const status = cis.statuses.find((s) => s.control.target === target);
    const perm = rule.fields.find((f) => f.id === AUDIT_PERM);
    const head = !status
      ? `**${cisTarget(target).title}** — no control in ${versionLabel(cis.version)}`
      : status.state === 'met' && onThisLine(status.metBy?.ref)
        ? `**Meets ${versionLabel(cis.version)} §${status.control.id}** (${equivalents(status.control, cis.version.id).join(', ')})`
        : `**${versionLabel(cis.version)} §${status.control.id}**: ${status.state === 'met' ? 'met by another rule' : status.state}`;
    return [
      head,
      perm ? `Permissions ${permLetters(Number(perm.value))}, key ${rule.key?.replace(/\x01/g, ', ') ?? '(none)'}.` : '',
      ...scannerLines(cis, target),
    ].filter(Boolean).join('\n');
  });
}

/** Each scanner's verdict on its check of a target: "- docker-bench-security 1.1.3 (selected): ✓ PASS — why". */
function scannerLines(cis: CisReport, target: string): string[] {
  const verdicts = SCANNERS.flatMap((s) => cis.verdicts.filter((v) => v.scanner === s && v.check.target === target));
  const ordered = [...verdicts.filter((v) => cis.selected.has(v.scanner.id)), ...verdicts.filter((v) => !cis.selected.has(v.scanner.id))];
  return ordered.map((v) => `- ${v.scanner.id} ${v.check.id}${cis.selected.has(v.scanner.id) ? ' (selected)' : ''}: ${v.verdict === 'pass' ? '✓' : '✗'} ${v.said} — ${v.why}`);
}

/** On a missing-control diagnostic: the benchmark's description, rationale, audit and remediation. */
function missingHere(analysis: Analysis, uri: string, position: Position): string[] {
  const cis = analysis.cis;
  if (!cis) return [];
  const here = (analysis.diagnostics.get(uri) ?? []).filter((d) =>
    (d.data as MissingData | undefined)?.kind === 'cis-missing' && d.range.start.line === position.line);
  const missing = here.map((d) => {
    const data = d.data as MissingData;
    return { control: cis.version.controls.find((c) => c.id === data.control)!, lines: data.lines, notAdded: data.notAdded };
  });
  // One or two controls get the benchmark's full text; more get a list, so the hover stays readable.
  if (missing.length <= 2) {
    return missing.map((m) => {
      const scanners = scannerLines(cis, m.control.target);
      return [controlMarkdown(m.control, cis.version.id, m.lines, m.notAdded), ...(scanners.length ? ['', '*Scanners.*', ...scanners] : [])].join('\n');
    });
  }
  return [[
    `**${missing.length} ${versionLabel(cis.version)} controls are missing; their rules go here**`,
    '',
    ...missing.map((m) => `- §${m.control.id} \`${m.control.path}\`${m.control.ifApplicable ? ' (if applicable)' : ''} — ${m.notAdded ? `not added: ${m.notAdded}` : `\`${m.lines[0]}\``}`),
    '',
    `*Rationale.* ${rationaleFor(missing[0].control)}`,
  ].join('\n')];
}

export function controlMarkdown(control: CisControl, versionId: string, lines: string[], notAdded?: string): string {
  const paths = controlPaths(control).filter((p) => p !== control.path);
  return [
    `**${benchmarkLabel(versionId)} §${control.id} — Ensure auditing is configured for ${control.title ?? control.path}**${control.level ? ` (Level ${control.level})` : ''}`,
    '',
    `*Description.* Audit ${control.path}${paths.length > 0 ? ` (also found at ${[...new Set(paths)].join(', ')})` : ''}.${control.ifApplicable ? ' Applies if the file exists on the host.' : ''}`,
    '',
    `*Rationale.* ${rationaleFor(control)}`,
    '',
    `*Audit.* \`auditctl -l | grep ${control.path}\` lists a rule.`,
    '',
    ...(notAdded
      ? [`*Remediation.* Not added: ${notAdded}.`]
      : ['*Remediation.* Add to /etc/audit/rules.d/audit.rules and run `augenrules --load`:', '```', ...lines, '```']),
    `Same control: ${equivalents(control, versionId).join(', ')}`,
  ].join('\n');
}
