/**
 * The options that build a rule: -a, -A and -d (the rule's LIST,ACTION), -S (syscalls), -F and -C
 * (fields), -k (the key).
 */
import { compareFields } from './compare';
import { fieldpair, type FieldpairResult } from './fieldpair';
import { AUDIT_FIELD_COMPARE, AUDIT_PERM, LISTS, MACHINES } from './tables';
import { syscallMachine } from './arch';
import { Rc, type LineState, type OptionHandler, type OptionTable } from './lineState';
import { addSyscalls, sameMask } from './syscalls';

// -a, -A and -d: the rule's LIST,ACTION, read by audit_rule_setup(); one rule operation per line.

/** -a appends the rule, -A prepends it. */
const addRule = (prepend: boolean): OptionHandler => (line, { arg }) => {
  if (arg.includes('task') && line.syscallAdded) {
    return line.fail('auditctl-syscall-task', prepend ? 'Error: syscall auditing requested for task list' : 'Syscall auditing requested for task list');
  }
  const setup = ruleSetup(line, arg, line.add?.list);
  if (setup.code === 3) return line.fail('auditctl-multiple-rules', 'Multiple rule insert/delete operations are not allowed');
  if (setup.code === 2) return line.fail('auditctl-bad-keyword', `${prepend ? 'Add' : 'Append'} rule - bad keyword ${arg}`);
  if (setup.code === 1) {
    line.problem('warning', 'auditctl-possible-deprecated', 'Append rule - possible is deprecated');
    // opt_append() eats the rest of the line (setopt returns at once); opt_prepend() does not, so after
    // `-A LIST,possible` the leftover-word check still refuses whatever follows.
    return prepend ? Rc.Deprecated : line.finish(Rc.Deprecated);
  }
  line.add = { list: setup.list!, prepend };
  line.action = setup.action;
  return Rc.Rule;
};

export const RULE_OPTIONS: OptionTable = {
  a: addRule(false),
  A: addRule(true),
  d: (line, { arg }) => {
    const setup = ruleSetup(line, arg, line.del?.list);
    if (setup.code === 3) return line.fail('auditctl-multiple-rules', 'Multiple rule insert/delete operations are not allowed');
    if (setup.code === 2) return line.fail('auditctl-bad-keyword', `Delete rule - bad keyword ${arg}`);
    if (setup.code === 1) {
      line.problem('warning', 'auditctl-possible-deprecated', 'Delete rule - possible is deprecated');
      return line.finish(Rc.Deprecated);
    }
    line.del = { list: setup.list! };
    line.action = setup.action;
    return Rc.Rule;
  },
};

/** audit_rule_setup(): "LIST,ACTION" in either order. 0 ok, 1 deprecated, 2 bad keyword, 3 multiple. */
function ruleSetup(line: LineState, opt: string, current: string | undefined): { code: 0 | 1 | 2 | 3; list?: string; action?: 'always' | 'never' } {
  if (++line.ruleOps !== 1) return { code: 3 };
  const parts = opt.split(',');
  if (parts.length !== 2) return { code: 2 };
  const [first, second] = parts;
  let list = current;
  let action = line.action;
  const firstAction = lookupAction(first);
  if (firstAction === 'bad') {
    const l = lookupList(first);
    if (l === undefined) return { code: 2 };
    list = l;
  } else if (firstAction === 'possible') {
    // lookup_action returns 1 for "possible": taken as a list name, which fails.
    return { code: 2 };
  } else {
    action = firstAction;
  }
  if (list === undefined) {
    // Action first: the second word is the list; auditctl does not check it, the kernel does.
    list = lookupList(second) ?? `?${second}`;
  } else {
    const a = lookupAction(second);
    if (a === 'possible') return { code: 1 };
    if (a === 'bad') return { code: 2 };
    action = a;
  }
  if (action === undefined) return { code: 2 };
  return { code: 0, list, action };
}

function lookupAction(word: string): 'always' | 'never' | 'possible' | 'bad' {
  return word === 'always' || word === 'never' || word === 'possible' ? word : 'bad';
}

function lookupList(word: string): string | undefined {
  const spec = LISTS.get(word.toLowerCase());
  return spec && spec.syscalls !== 'removed' ? spec.name : undefined;
}

// -S: syscall names or numbers into the rule's mask, on the lists that take them, and the 32/64-bit mismatch warning.

const SYSCALL_LIST_REFUSAL: Record<string, string> = {
  task: 'Error: syscall auditing being added to task list',
  user: 'Error: syscall auditing being added to user list',
  filesystem: 'Error: syscall auditing being added to filesystem list',
  exclude: 'Error: syscall auditing cannot be put on exclude list',
};

export const SYSCALL_OPTIONS: OptionTable = {
  S: (line, { arg, rc }) => {
    const list = line.list;
    if (list === 'io_uring') {
      const { mask, unknown } = addSyscalls(arg, line.target, line.mask, true);
      if (unknown !== undefined) return line.fail('auditctl-syscall-unknown', `io_uring op unknown: ${arg}`);
      line.mask = mask;
      line.syscallAdded = true;
      return Rc.Rule;
    }
    const refusal = SYSCALL_LIST_REFUSAL[list ?? ''];
    if (refusal) return line.finish(line.fail('auditctl-syscall-list', refusal));
    const unknownArch = !line.arch;
    const { mask, unknown } = addSyscalls(arg, syscallMachine(line), line.mask, false);
    if (unknown !== undefined) return line.fail('auditctl-syscall-unknown', `Syscall name unknown: ${arg.includes(',') ? unknown : arg}`);
    line.mask = mask;
    line.syscallAdded = true;
    line.explicitSyscalls = mask !== 'all';
    if (unknownArch && line.add) checkMismatch(line, arg);
    return rc;
  },
};

/** check_rule_mismatch(): the same names in the 32-bit table give other numbers → auditctl warns. */
function checkMismatch(line: LineState, arg: string): void {
  const twin = line.target.warnsMismatch && line.target.b32Twin ? MACHINES.get(line.target.b32Twin) : undefined;
  if (!twin) return;
  const { mask } = addSyscalls(arg, twin, new Set<number>(), false);
  if (!sameMask(mask, line.mask)) {
    line.problem('warning', 'auditctl-arch-mismatch', 'WARNING - 32/64 bit syscall mismatch in line {line}, you should specify an arch');
  }
}

// -F and -C: a field, or a comparison of two fields, added to the rule.

export const FIELD_OPTIONS: OptionTable = {
  F: (line, { arg, rc, optind }) => {
    if (line.list === undefined) {
      const archWithTrim = optind - 1 < line.count - 1 && arg.includes('arch=') && line.tokens[optind - 1]?.text === '-t';
      if (!archWithTrim) return line.fail('auditctl-field-before-list', 'List must be given before field');
    }
    if (arg.startsWith('key=')) return keyAppend(line, arg.slice(4)) ?? rc;
    if (line.fieldsFull) return line.fail('auditctl-field', `Too many fields in rule: ${arg}`);
    const result = fieldpair(arg, line);
    if (!result.ok) return line.fail('auditctl-field', result.message);
    if (result.hostName) {
      line.problem('information', 'auditctl-host-name', `${result.hostName === 'user' ? 'Unknown user' : 'Unknown group'}: ${result.value} unless the host has it`);
    }
    line.addField(result.id, result.name, result.op, result.value);
    // opt_field(): a perm field lets -k follow (_audit_permadded), as -p does.
    if (result.id === AUDIT_PERM) line.permAdded = true;
    return rc;
  },
  C: (line, { arg, rc }) => {
    // audit_rule_interfield_comp_data() checks the field count before it reads the pair.
    if (line.fieldsFull) return line.fail('auditctl-compare', `Too many fields in rule: ${arg}`);
    const result = compareFields(arg, line.list);
    if (!result.ok) return line.fail('auditctl-compare', result.message);
    line.addField(AUDIT_FIELD_COMPARE, 'field_compare', result.op, result.value);
    return rc;
  },
};

// -k and the rule's key, as process_key_option() builds it: every -k and -F key= part joins the
// others with \x01, 256 bytes in all, and the joined key enters the rule as one field at the end.

const MAX_KEY = 256;

export const KEY_OPTIONS: OptionTable = {
  k: (line, { arg, rc }) => {
    if (!(line.syscallAdded || line.permAdded || line.exeAdded || line.filterFsAdded) || (!line.add && !line.del)) {
      return line.fail('auditctl-key-placement', 'key option needs a watch or syscall given prior to it');
    }
    return keyAppend(line, arg) ?? rc;
  },
};

/** Adds a part to the key; auditctl's refusal if it does not fit. */
function keyAppend(line: LineState, part: string): Rc | undefined {
  const err = keyLimit(line, part);
  if (err) return err;
  if (line.keyStart < 0) line.keyStart = line.at.start;
  line.keyEnd = line.at.end;
  line.key = line.key === '' ? part : `${line.key}\x01${part}`;
  return undefined;
}

/** The size and character checks of a key part (-l -k and -D -k make them too). */
export function keyLimit(line: LineState, part: string): Rc | undefined {
  const used = Buffer.byteLength(line.key);
  if (Buffer.byteLength(part) + used + (used > 0 ? 1 : 0) > MAX_KEY) return line.fail('auditctl-key-too-long', 'key option exceeds size limit');
  if (part.includes('\x01')) return line.fail('auditctl-key-character', `key ${part} has illegal character`);
  return undefined;
}

/** After the options: the joined key goes through audit_rule_fieldpair_data() like any -F, field limit included. */
export function keyField(line: LineState, rc: Rc): Rc {
  if (line.key === '' || line.listRequested) return rc;
  const key: FieldpairResult = line.fieldsFull
    ? { ok: false, message: `Too many fields in rule: key=${line.key}` }
    : fieldpair(`key=${line.key}`, line);
  line.at = { start: line.keyStart, end: line.keyEnd };
  if (!key.ok) {
    if (rc !== Rc.Error) line.problem('error', 'auditctl-field', key.message);
    return Rc.Error;
  }
  line.fields.push({ id: key.id, name: key.name, op: key.op, value: key.value, start: line.keyStart, end: line.keyEnd });
  return rc;
}
