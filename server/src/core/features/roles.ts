/**
 * What each piece of a line is (an option, a LIST,ACTION pair, a field name, an operator, a value, a
 * syscall, a path, perms, a key), with its offsets, for hover and completion. It reads the line the
 * way getopt does, so attached arguments (-Farch=b64) and clusters are understood.
 */
import { getopt } from '../auditctl/getopt';
import { tokenizeLine, type Token } from '../auditctl/tokenize';
import { splitFieldpair } from '../auditctl/fieldpair';

type RoleKind =
  | 'option' | 'list-action' | 'field-name' | 'operator' | 'field-value'
  | 'compare' | 'syscall' | 'path' | 'perm' | 'key' | 'value';

export interface Role {
  kind: RoleKind;
  /** The option this piece belongs to: "-F", "-w", "--backlog_wait_time", … */
  option: string;
  text: string;
  start: number;
  end: number;
  /** For field names, operators and values: the field's name. */
  field?: string;
}

const ARG_ROLE: Record<string, RoleKind> = {
  a: 'list-action', A: 'list-action', d: 'list-action', S: 'syscall', w: 'path', W: 'path',
  p: 'perm', k: 'key', C: 'compare', e: 'value', f: 'value', b: 'value', r: 'value',
};

function lineRoles(line: string): Role[] {
  const shape = tokenizeLine(line);
  if (shape.kind !== 'tokens') return [];
  const tokens = shape.tokens;
  const roles: Role[] = [];
  for (const ev of getopt(tokens).events) {
    if (ev.kind !== 'option') continue;
    const option = ev.name.length === 1 ? `-${ev.name}` : `--${ev.name}`;
    const arg = argSpan(ev, tokens);
    roles.push({ kind: 'option', option, text: option, start: ev.start, end: arg ? Math.min(arg.start, ev.start + option.length) : ev.end });
    if (!arg || ev.arg === undefined) continue;
    if (ev.name === 'F') roles.push(...fieldRoles(ev.arg, arg.start, option));
    else if (ev.name === 'S') roles.push(...commaRoles(ev.arg, arg.start, option));
    else roles.push({ kind: ARG_ROLE[ev.name] ?? 'value', option, text: ev.arg, start: arg.start, end: arg.end });
  }
  return roles;
}

/** Where an option's argument sits: the next token, or the rest of the option's own token. */
function argSpan(ev: { first: number; last: number; end: number; arg?: string }, tokens: Token[]): { start: number; end: number } | undefined {
  if (ev.arg === undefined) return undefined;
  if (ev.last > ev.first) return { start: tokens[ev.last].start, end: tokens[ev.last].end };
  return { start: ev.end - ev.arg.length, end: ev.end };
}

function fieldRoles(pair: string, at: number, option: string): Role[] {
  const split = splitFieldpair(pair);
  if (!split) return [{ kind: 'field-name', option, text: pair, start: at, end: at + pair.length, field: pair }];
  const { name, op, value } = split;
  const opAt = at + name.length;
  return [
    { kind: 'field-name', option, text: name, start: at, end: opAt, field: name },
    { kind: 'operator', option, text: op, start: opAt, end: opAt + op.length, field: name },
    { kind: 'field-value', option, text: value, start: opAt + op.length, end: opAt + op.length + value.length, field: name },
  ];
}

function commaRoles(list: string, at: number, option: string): Role[] {
  const roles: Role[] = [];
  let offset = at;
  for (const name of list.split(',')) {
    roles.push({ kind: 'syscall', option, text: name, start: offset, end: offset + name.length });
    offset += name.length + 1;
  }
  return roles;
}

export function roleAt(line: string, character: number): Role | undefined {
  return lineRoles(line).find((r) => r.start <= character && character <= r.end && !(r.kind === 'option' && character === r.end && r.end !== r.start + r.text.length));
}
