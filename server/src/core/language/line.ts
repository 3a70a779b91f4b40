/**
 * One line of a rules file, executed the way auditctl's fileopt()/setopt() execute it: getopt over the
 * tokens, each option's handler in turn until one fails, then the leftover-word check, the key, and
 * the rule that would be sent to the kernel. The result says whether auditctl refuses the line, in
 * its own words, and what the line does when it loads.
 */
import { LISTS, MACHINES, type MachineSpec } from '../data/auditTables';
import { getopt, type GetoptEvent } from '../syntax/getopt';
import { tokenizeLine, type Token } from '../syntax/tokenize';
import { fieldpair, type FieldpairResult, type FieldState } from './fieldpair';
import { syscallMachine } from './arch';
import { compareFields } from './compare';
import { kernelCheck } from './kernel';
import { untestedField } from './listFields';
import { addSyscalls, permSyscalls, sameMask, type SyscallMask } from './syscalls';
import { hintFor } from './hints';
import type { Control, LineAnalysis, LineProblem, RuleField, Severity } from './types';
import { isDigit, strtoul64 } from './numbers';

const MAX_KEY = 256;
const MAX_FIELDS = 64;
const PATH_MAX = 4096;
const NAME_MAX = 255;

/** What auditctl's handlers return (src/auditctl.c). */
const enum Rc { Deprecated = -3, NoReply = -2, Error = -1, Reply = 0, Rule = 1 }

export function analyzeLine(text: string, target: MachineSpec): LineAnalysis {
  const shape = tokenizeLine(text);
  if (shape.kind !== 'tokens') return { kind: shape.kind, tokens: [], problems: [], refused: false, skipped: false, controls: [] };
  return new LineRun(shape.tokens, target).run();
}

class LineRun implements FieldState {
  readonly problems: LineProblem[] = [];
  readonly controls: Control[] = [];
  add: { list: string; prepend: boolean } | undefined;
  del: { list: string } | undefined;
  action: 'always' | 'never' | undefined;
  /** -a/-A/-d seen on this line (auditctl's `multiple`). */
  ruleOps = 0;
  syscallAdded = false;
  permAdded = false;
  exeAdded = false;
  filterFsAdded = false;
  arch: MachineSpec | undefined;
  fields: RuleField[] = [];
  mask: SyscallMask = new Set<number>();
  watch = false;
  explicitSyscalls = false;
  key = '';
  keyStart = -1;
  keyEnd = -1;
  listRequested = false;
  /** Where the current option sits in the line. */
  at = { start: 0, end: 0 };

  constructor(readonly tokens: Token[], readonly target: MachineSpec) {}

  get list(): string | undefined {
    return this.add?.list ?? this.del?.list;
  }

  run(): LineAnalysis {
    const run = getopt(this.tokens);
    let rc: Rc = Rc.Reply;
    let optind = run.finalOptind;
    let count = this.tokens.length + 1;
    let stopped = false;
    for (let k = 0; k < run.events.length; k++) {
      const ev = run.events[k];
      this.at = { start: ev.start, end: ev.end };
      const result = this.handle(ev, rc, run.optindAfter[k], count);
      rc = result.rc;
      if (result.count !== undefined) count = result.count;
      // A handler that sets `finish` makes setopt() return at once: no leftover check, no key.
      if (result.finish) return this.result(rc);
      if (rc < 0) {
        optind = run.optindAfter[k];
        stopped = true;
        break;
      }
    }
    if (!stopped) optind = run.finalOptind;

    const whole = { start: this.tokens[0].start, end: this.tokens[this.tokens.length - 1].end };
    if (optind === 1) {
      // No option at all: auditctl refuses the line without a word of its own.
      this.at = whole;
      this.problem('error', 'auditctl-no-option', 'There was an error in line {line} of {file}');
      rc = Rc.Error;
    } else if (optind < count && rc !== Rc.Error) {
      const leftover = this.firstLeftover(run.nonOptions, optind);
      this.at = leftover ?? whole;
      this.problem('error', 'auditctl-stray-word', 'parameter passed without an option given');
      rc = Rc.Error;
    }
    if (this.key !== '' && !this.listRequested) {
      // The joined key goes through audit_rule_fieldpair_data() like any -F, field limit included.
      const key: FieldpairResult = this.fields.length >= MAX_FIELDS - 1
        ? { ok: false, message: `Too many fields in rule: key=${this.key}` }
        : fieldpair(`key=${this.key}`, this);
      this.at = { start: this.keyStart, end: this.keyEnd };
      if (!key.ok) {
        if (rc !== Rc.Error) this.problem('error', 'auditctl-field', key.message);
        rc = Rc.Error;
      } else {
        this.fields.push({ id: key.id, name: key.name, op: key.op, value: key.value, start: this.keyStart, end: this.keyEnd });
      }
    }
    return this.result(rc);
  }

  /** The first word getopt passed over, for pointing at an inline comment or a stray word. */
  private firstLeftover(nonOptions: number[], optind: number): { start: number; end: number } | undefined {
    const idx = nonOptions.length > 0 ? nonOptions[0] : optind - 1;
    const tok = this.tokens[idx];
    if (!tok) return undefined;
    const last = this.tokens[this.tokens.length - 1];
    return { start: tok.start, end: nonOptions.length > 0 ? this.tokens[nonOptions[nonOptions.length - 1]].end : last.end };
  }

  private result(rc: Rc): LineAnalysis {
    const base: LineAnalysis = {
      kind: 'command',
      tokens: this.tokens,
      problems: this.problems,
      refused: rc === Rc.Error,
      skipped: rc === Rc.Deprecated,
      controls: this.controls,
    };
    if (rc === Rc.Reply && this.syscallAdded) {
      this.at = { start: this.tokens[0].start, end: this.tokens[this.tokens.length - 1].end };
      this.problem('error', 'auditctl-no-list', 'Error - no list specified');
      return { ...base, refused: true };
    }
    if (rc !== Rc.Rule) return base;
    const op = this.add ? 'add' : 'delete';
    const list = this.list!;
    const rule = {
      op, list, action: this.action!, prepend: this.add?.prepend ?? false,
      fields: this.fields,
      syscalls: list !== 'task' && !this.syscallAdded ? 'all' as const : this.mask,
      watch: this.watch,
      explicitSyscalls: this.explicitSyscalls,
      arch: this.arch,
      key: this.key || undefined,
    } as const;
    const kernel = kernelCheck(rule, this.tokens);
    if (kernel) {
      this.at = kernel;
      this.problem('error', kernel.code, kernel.message, kernel.hint);
      return { ...base, refused: true };
    }
    const untested = untestedField(rule);
    if (untested) {
      this.at = untested;
      this.problem('warning', 'kernel-untested-field', `The kernel's ${list} filter does not test ${untested.name}: it stops reading the ${list} list at this field, so the rule never applies and the ${list} rules after it are skipped for the events that reach it`);
    }
    return { ...base, rule };
  }

  problem(severity: Severity, code: string, message: string, hint = hintFor(code)): void {
    this.problems.push({ severity, code, message, hint, start: this.at.start, end: this.at.end });
  }

  private fail(code: string, message: string): Rc {
    this.problem('error', code, message);
    return Rc.Error;
  }

  addPermSyscalls(perm: 'r' | 'w' | 'x' | 'a'): void {
    // Without an arch auditctl keeps the old behaviour (perm filters every syscall).
    if (!this.arch) return;
    for (const nr of permSyscalls(perm, this.arch)) {
      if (this.mask !== 'all') this.mask.add(nr);
    }
    this.syscallAdded = true;
  }

  private handle(ev: GetoptEvent, rc: Rc, optind: number, count: number): { rc: Rc; finish?: boolean; count?: number } {
    if (ev.kind === 'invalid') return { rc: this.fail('auditctl-option-invalid', `Option ${ev.shown} on line {line} is invalid`) };
    const arg = ev.arg ?? '';
    switch (ev.name) {
      case 'h': case 'help': case 'v':
        return { rc: Rc.NoReply };
      case 'i':
      case 'c':
        this.controls.push({ kind: 'ignoreErrors', continueAfter: ev.name === 'c' });
        return { rc: Rc.NoReply };
      case 's':
        if (count > 3) return { rc: this.fail('auditctl-status', 'Too many options for status command') };
        if (optind === 2 && count === 3) {
          if (this.tokens[1].text !== '-i') return { rc: this.fail('auditctl-status', 'Only -i option is allowed') };
          return { rc: Rc.NoReply, count: count - 1 };
        }
        return { rc: Rc.NoReply };
      case 'l':
        return this.list_(count, optind);
      case 'e':
      case 'f': {
        if (arg === '0' || arg === '1' || arg === '2') {
          if (ev.name === 'e') this.controls.push({ kind: 'enable', value: Number(arg) as 0 | 1 | 2, ...this.at });
          else this.controls.push({ kind: 'kernelSetting', name: 'f', request: 'failure mode', ...this.at });
          return { rc };
        }
        const what = ev.name === 'e' ? 'Enable' : 'Failure';
        return { rc: this.fail(`auditctl-${ev.name === 'e' ? 'enable' : 'failure'}-value`, `${what} must be 0, 1, or 2 was ${arg}`) };
      }
      case 'r':
      case 'b':
      case 'backlog_wait_time':
        return this.numericSetting(ev.name, arg, rc);
      case 'a':
      case 'A':
        return { rc: this.append(arg, ev.name === 'A') };
      case 'd':
        return this.deleteRule(arg);
      case 'S':
        return this.syscall(arg, rc);
      case 'F':
        return { rc: this.field(arg, rc, optind, count) };
      case 'C':
        return { rc: this.compare(arg, rc) };
      case 'm':
        if (count > 3) return { rc: this.fail('auditctl-message', 'The -m option must be only the only option and takes 1 parameter') };
        if ([...arg].some((c) => c.charCodeAt(0) < 32)) return { rc: this.fail('auditctl-message', 'Illegal character in audit event'), finish: true };
        return { rc: Rc.NoReply, finish: true };
      case 'R':
        return { rc: this.fail('auditctl-nested-file', 'Error - nested rule files not supported') };
      case 'D':
        return this.deleteAll(count, optind);
      case 'w':
      case 'W':
        return { rc: this.watchOption(arg, ev.name === 'W') };
      case 'k':
        return { rc: this.keyOption(arg, rc) };
      case 'p':
        return { rc: this.perms(arg) };
      case 'q': {
        if (this.syscallAdded) return { rc: this.fail('auditctl-equivalent', 'Syscall auditing requested for make equivalent') };
        const parts = arg.split(',');
        if (parts.length !== 2 || parts[1] === '') return { rc: this.fail('auditctl-equivalent', 'Error parsing equivalent parts') };
        return { rc: Rc.NoReply, finish: true };
      }
      case 't':
        return { rc: Rc.NoReply, finish: true };
      case 'loginuid-immutable':
      case 'reset-lost':
      case 'reset_backlog_wait_time_actual':
        // The kernel answers these even when -e 2 has locked the configuration.
        this.controls.push({ kind: 'kernelSetting', name: ev.name, ...this.at });
        return { rc: Rc.NoReply, finish: ev.name === 'reset_backlog_wait_time_actual' };
      case 'signal':
        return this.signal(arg);
      default:
        return { rc: this.fail('auditctl-option-invalid', `Option ${ev.name} on line {line} is invalid`) };
    }
  }

  /** -r, -b, --backlog_wait_time: a digit first, strtoul base 0, the value sent as a u32. */
  private numericSetting(name: 'r' | 'b' | 'backlog_wait_time', arg: string, rc: Rc): { rc: Rc; finish?: boolean } {
    const setting = NUMERIC_SETTINGS[name];
    if (!isDigit(arg[0])) return { rc: this.fail('auditctl-number-value', `${setting.label} must be a numeric value was ${arg}`) };
    const parsed = strtoul64(arg);
    if (parsed === undefined) return { rc: this.fail('auditctl-number-overflow', `Error converting ${setting.converting}`), finish: true };
    const value = Number(BigInt.asUintN(32, parsed));
    if (setting.kernelMax !== undefined && value > setting.kernelMax) {
      this.problem('error', 'kernel-setting-invalid', `Error sending ${setting.request} request (Invalid argument)`);
      return { rc: Rc.Error, finish: true };
    }
    if (setting.portableMax !== undefined && value > setting.portableMax) {
      this.problem('warning', 'kernel-setting-hz', `--${name} ${value} is over ${setting.portableMax}: the kernel takes at most 600 seconds in jiffies (60000 at HZ=100, 600000 at HZ=1000), so a kernel with a lower HZ refuses it (Invalid argument)`);
    }
    this.controls.push({ kind: 'kernelSetting', name, request: setting.request, ...this.at });
    return { rc };
  }

  private list_(count: number, optind: number): { rc: Rc; count?: number } {
    if (count > 4) return { rc: this.fail('auditctl-list', 'Wrong number of options for list request') };
    if (count === 3) {
      if (this.tokens[optind - 1]?.text !== '-i') return { rc: this.fail('auditctl-list', 'Only -k or -i options are allowed') };
    } else if (count === 4) {
      if (this.tokens[optind - 1]?.text !== '-k') return { rc: this.fail('auditctl-list', 'Only -k or -i options are allowed') };
      const keyErr = this.keyLimit(this.tokens[2].text);
      if (keyErr) return { rc: keyErr };
    }
    this.listRequested = true;
    return { rc: Rc.NoReply, count: 2 };
  }

  private deleteAll(count: number, optind: number): { rc: Rc; count?: number } {
    if (count > 4 || count === 3) return { rc: this.fail('auditctl-delete-all', 'Wrong number of options for Delete all request') };
    let key: string | undefined;
    if (count === 4) {
      if (this.tokens[optind - 1]?.text !== '-k') return { rc: this.fail('auditctl-delete-all', 'Only the -k option is allowed') };
      key = this.tokens[2].text;
      const keyErr = this.keyLimit(key);
      if (keyErr) return { rc: keyErr };
    }
    this.controls.push({ kind: 'deleteAll', key, ...this.at });
    this.key = '';
    return { rc: Rc.NoReply, count: 2 };
  }

  private signal(arg: string): { rc: Rc; finish?: boolean } {
    const known = ['term', 'stop', 'hup', 'reload', 'usr1', 'rotate', 'usr2', 'resume', 'cont', 'state'];
    if (!known.includes(arg.toLowerCase())) {
      // auditctl exit(1)s here: the whole load ends, -i and -c notwithstanding.
      this.controls.push({ kind: 'abortLoad' });
      return { rc: this.fail('auditctl-signal', `${arg} is an unsupported signal`), finish: true };
    }
    this.problem('warning', 'auditctl-signal-in-file', `--signal ${arg} signals the running auditd while the rules load`);
    return { rc: Rc.NoReply };
  }

  /** audit_rule_setup(): "LIST,ACTION" in either order. 0 ok, 1 deprecated, 2 bad keyword, 3 multiple. */
  private ruleSetup(opt: string, current: string | undefined): { code: 0 | 1 | 2 | 3; list?: string; action?: 'always' | 'never' } {
    if (++this.ruleOps !== 1) return { code: 3 };
    const parts = opt.split(',');
    if (parts.length !== 2) return { code: 2 };
    const [first, second] = parts;
    let list = current;
    let action = this.action;
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

  private append(arg: string, prepend: boolean): Rc {
    if (arg.includes('task') && this.syscallAdded) {
      return this.fail('auditctl-syscall-task', prepend ? 'Error: syscall auditing requested for task list' : 'Syscall auditing requested for task list');
    }
    const setup = this.ruleSetup(arg, this.add?.list);
    if (setup.code === 3) return this.fail('auditctl-multiple-rules', 'Multiple rule insert/delete operations are not allowed');
    if (setup.code === 2) return this.fail('auditctl-bad-keyword', `${prepend ? 'Add' : 'Append'} rule - bad keyword ${arg}`);
    if (setup.code === 1) {
      this.problem('warning', 'auditctl-possible-deprecated', 'Append rule - possible is deprecated');
      return Rc.Deprecated;
    }
    this.add = { list: setup.list!, prepend };
    this.action = setup.action;
    return Rc.Rule;
  }

  private deleteRule(arg: string): { rc: Rc; finish?: boolean } {
    const setup = this.ruleSetup(arg, this.del?.list);
    if (setup.code === 3) return { rc: this.fail('auditctl-multiple-rules', 'Multiple rule insert/delete operations are not allowed') };
    if (setup.code === 2) return { rc: this.fail('auditctl-bad-keyword', `Delete rule - bad keyword ${arg}`) };
    if (setup.code === 1) {
      this.problem('warning', 'auditctl-possible-deprecated', 'Delete rule - possible is deprecated');
      return { rc: Rc.Deprecated, finish: true };
    }
    this.del = { list: setup.list! };
    this.action = setup.action;
    return { rc: Rc.Rule };
  }

  private syscall(arg: string, rc: Rc): { rc: Rc; finish?: boolean } {
    const list = this.list;
    if (list === 'io_uring') {
      const { mask, unknown } = addSyscalls(arg, this.target, this.mask, true);
      if (unknown !== undefined) return { rc: this.fail('auditctl-syscall-unknown', `io_uring op unknown: ${arg}`) };
      this.mask = mask;
      this.syscallAdded = true;
      return { rc: Rc.Rule };
    }
    const refusal = SYSCALL_LIST_REFUSAL[list ?? ''];
    if (refusal) return { rc: this.fail('auditctl-syscall-list', refusal), finish: true };
    const unknownArch = !this.arch;
    const machine = syscallMachine(this);
    const before = this.mask;
    const { mask, unknown } = addSyscalls(arg, machine, before, false);
    if (unknown !== undefined) return { rc: this.fail('auditctl-syscall-unknown', `Syscall name unknown: ${arg.includes(',') ? unknown : arg}`) };
    this.mask = mask;
    this.syscallAdded = true;
    this.explicitSyscalls = mask !== 'all';
    if (unknownArch && this.add) this.checkMismatch(arg);
    return { rc };
  }

  /** check_rule_mismatch(): the same names in the 32-bit table give other numbers → auditctl warns. */
  private checkMismatch(arg: string): void {
    const twin = this.target.warnsMismatch && this.target.b32Twin ? MACHINES.get(this.target.b32Twin) : undefined;
    if (!twin) return;
    const { mask } = addSyscalls(arg, twin, new Set<number>(), false);
    if (!sameMask(mask, this.mask)) {
      this.problem('warning', 'auditctl-arch-mismatch', 'WARNING - 32/64 bit syscall mismatch in line {line}, you should specify an arch');
    }
  }

  private field(arg: string, rc: Rc, optind: number, count: number): Rc {
    const list = this.list;
    if (list === undefined) {
      const archWithTrim = optind - 1 < count - 1 && arg.includes('arch=') && this.tokens[optind - 1]?.text === '-t';
      if (!archWithTrim) return this.fail('auditctl-field-before-list', 'List must be given before field');
    }
    if (arg.startsWith('key=')) {
      const err = this.keyAppend(arg.slice(4));
      return err ?? rc;
    }
    if (this.fields.length >= MAX_FIELDS - 1) return this.fail('auditctl-field', `Too many fields in rule: ${arg}`);
    const result = fieldpair(arg, this);
    if (!result.ok) return this.fail('auditctl-field', result.message);
    if (result.hostName) {
      this.problem('information', 'auditctl-host-name', `${result.hostName === 'user' ? 'Unknown user' : 'Unknown group'}: ${result.value} unless the host has it`);
    }
    this.fields.push({ id: result.id, name: result.name, op: result.op, value: result.value, ...this.at });
    return rc;
  }

  private compare(arg: string, rc: Rc): Rc {
    // audit_rule_interfield_comp_data() checks the field count before it reads the pair.
    if (this.fields.length >= MAX_FIELDS - 1) return this.fail('auditctl-compare', `Too many fields in rule: ${arg}`);
    const result = compareFields(arg, this.list);
    if (!result.ok) return this.fail('auditctl-compare', result.message);
    this.fields.push({ id: 111, name: 'field_compare', op: result.op, value: result.value, ...this.at });
    return rc;
  }

  private watchOption(path: string, remove: boolean): Rc {
    if (!remove && (this.add || this.del)) return this.fail('auditctl-watch-with-rule', "watch option can't be given with a syscall");
    if (remove) this.del = { list: 'exit' };
    else this.add = { list: 'exit', prepend: false };
    this.action = 'always';
    this.syscallAdded = true;
    if (Buffer.byteLength(path) >= PATH_MAX) return this.fail('auditctl-watch-path', 'The path passed for the watch is too big');
    if (!path.startsWith('/')) return this.fail('auditctl-watch-path', "The path must start with '/'");
    const base = path.replace(/\/+$/, '').split('/').pop() ?? '';
    if (Buffer.byteLength(base) > NAME_MAX) return this.fail('auditctl-watch-path', 'The base name of the path is too big');
    if (path.includes('..')) this.problem('warning', 'auditctl-watch-relative', 'Warning - relative path notation is not supported');
    if (path.includes('*') || path.includes('?')) this.problem('warning', 'auditctl-watch-wildcard', 'Warning - wildcard notation is not supported');
    let trimmed = path;
    if (trimmed.length > 2 && trimmed.endsWith('/')) trimmed = trimmed.replace(/\/+$/, '') || '/';
    if (this.fields.length > 0 || (this.mask !== 'all' && this.mask.size > 0)) {
      this.fields = [];
      return this.fail('auditctl-watch-fields', 'Watches may not include fields or actions');
    }
    this.watch = true;
    this.mask = 'all';
    this.fields.push({ id: watchFieldId(path, trimmed), name: 'path', op: '=', value: trimmed, ...this.at });
    this.fields.push({ id: 106, name: 'perm', op: '=', value: 15, ...this.at });
    return Rc.Rule;
  }

  private keyOption(arg: string, rc: Rc): Rc {
    if (!(this.syscallAdded || this.permAdded || this.exeAdded || this.filterFsAdded) || (!this.add && !this.del)) {
      return this.fail('auditctl-key-placement', 'key option needs a watch or syscall given prior to it');
    }
    return this.keyAppend(arg) ?? rc;
  }

  /** process_key_option(): keys join with \x01 and may total 256 bytes. */
  private keyAppend(part: string): Rc | undefined {
    const err = this.keyLimit(part);
    if (err) return err;
    if (this.keyStart < 0) this.keyStart = this.at.start;
    this.keyEnd = this.at.end;
    this.key = this.key === '' ? part : `${this.key}\x01${part}`;
    return undefined;
  }

  private keyLimit(part: string): Rc | undefined {
    const used = Buffer.byteLength(this.key);
    if (Buffer.byteLength(part) + used + (used > 0 ? 1 : 0) > MAX_KEY) return this.fail('auditctl-key-too-long', 'key option exceeds size limit');
    if (part.includes('\x01')) return this.fail('auditctl-key-character', `key ${part} has illegal character`);
    return undefined;
  }

  private perms(arg: string): Rc {
    if (!this.add && !this.del) return this.fail('auditctl-perm-placement', 'permission option needs a watch given prior to it');
    if (arg.length > 4) return this.fail('auditctl-perm-value', `permission ${arg} is too long`);
    let bits = 0;
    for (const c of arg) {
      const bit = PERM_BITS[c.toLowerCase()];
      if (bit === undefined) return this.fail('auditctl-perm-value', `Permission ${c} isn't supported`);
      bits |= bit;
    }
    if (this.fields.length < 1) return this.fail('auditctl-perm-placement', 'Permissions should be preceded by other fields');
    const existing = this.fields.filter((f) => f.id === 106);
    if (existing.length > 0) {
      for (const f of existing) { f.value = bits; f.start = Math.min(f.start, this.at.start); }
    } else if (this.fields.length >= MAX_FIELDS - 1) {
      return this.fail('auditctl-watch-too-many-fields', 'Too many fields when adding permissions');
    } else {
      this.fields.push({ id: 106, name: 'perm', op: '=', value: bits, ...this.at });
    }
    this.permAdded = true;
    return Rc.Rule;
  }
}

const PERM_BITS: Record<string, number> = { r: 4, w: 2, x: 1, a: 8 };

/**
 * The numeric status settings: auditctl's word for the value, for a strtoul overflow, and libaudit's name
 * of the request (--backlog_wait_time reuses "backlog limit", as libaudit does). The kernel refuses a
 * backlog_wait_time over 10 * 60 * HZ jiffies: 600000 at the largest HZ (1000) is over every limit,
 * while anything up to 60000 (HZ 100) passes everywhere.
 */
const NUMERIC_SETTINGS = {
  r: { label: 'Rate', converting: 'rate', request: 'rate limit', kernelMax: undefined, portableMax: undefined },
  b: { label: 'Backlog', converting: 'backlog', request: 'backlog limit', kernelMax: undefined, portableMax: undefined },
  backlog_wait_time: { label: 'Backlog_wait_time', converting: 'backlog_wait_time', request: 'backlog limit', kernelMax: 600000, portableMax: 60000 },
} as const;

const SYSCALL_LIST_REFUSAL: Record<string, string> = {
  task: 'Error: syscall auditing being added to task list',
  user: 'Error: syscall auditing being added to user list',
  filesystem: 'Error: syscall auditing being added to filesystem list',
  exclude: 'Error: syscall auditing cannot be put on exclude list',
};

function lookupAction(word: string): 'always' | 'never' | 'possible' | 'bad' {
  return word === 'always' || word === 'never' || word === 'possible' ? word : 'bad';
}

function lookupList(word: string): string | undefined {
  const spec = LISTS.get(word.toLowerCase());
  return spec && spec.syscalls !== 'removed' ? spec.name : undefined;
}

/**
 * auditctl makes a watch a dir= rule when the path is a directory on the loading host. The linter
 * cannot stat the target, so it takes a trailing slash as the user's word that it is a directory.
 */
function watchFieldId(given: string, trimmed: string): number {
  return given !== trimmed || trimmed.endsWith('/') ? 107 : 105;
}

