/**
 * What setopt() knows about one line while the option handlers run: the rule taking shape (list,
 * action, fields, syscall mask, key), the flags later options test, and the problems and controls
 * found so far. Every option handler (ruleOptions, watchOptions, controlOptions) reads and writes it.
 */
import type { MachineSpec } from './tables';
import type { Token } from './tokenize';
import type { FieldState } from './fieldpair';
import { hintFor } from './hints';
import { permSyscalls, type SyscallMask } from './syscalls';
import type { Control, LineProblem, Operator, RuleField, Severity } from './types';

const MAX_FIELDS = 64;
/** Shared by every line without syscalls: never added to (see addPermSyscalls, addSyscalls). */
const NO_SYSCALLS = new Set<number>();

export class LineState implements FieldState {
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
  /** No syscall yet: one empty set for every line; -S and -F perm= make the line its own (addSyscalls copies). */
  mask: SyscallMask = NO_SYSCALLS;
  watch = false;
  /** A watch whose path= or dir= only the loading host decides (see watchOptions). */
  hostDecidesType = false;
  explicitSyscalls = false;
  key = '';
  keyStart = -1;
  keyEnd = -1;
  listRequested = false;
  /** Where the current option sits in the line (or what a problem found after the options points at). */
  at = { start: 0, end: 0 };
  /** `at` for each option in turn, one object rewritten: a line has several options, a file 100,000 lines. */
  private readonly option = { start: 0, end: 0 };
  /** setopt()'s argc (argv[0] is "auditctl"); -s, -l and -D lower it. */
  count: number;
  /** A handler made setopt() return at once: no leftover check, no key. */
  finished = false;

  constructor(readonly tokens: Token[], readonly target: MachineSpec) {
    this.count = tokens.length + 1;
  }

  get list(): string | undefined {
    return this.add?.list ?? this.del?.list;
  }

  /** The whole line, for a problem that no one option causes. */
  get whole(): { start: number; end: number } {
    return { start: this.tokens[0].start, end: this.tokens[this.tokens.length - 1].end };
  }

  /** Points `at` at the option setopt() runs next. */
  atOption(start: number, end: number): void {
    this.option.start = start;
    this.option.end = end;
    this.at = this.option;
  }

  /** auditctl's test before it adds a field: the rule holds AUDIT_MAX_FIELDS - 1 already. */
  get fieldsFull(): boolean {
    return this.fields.length >= MAX_FIELDS - 1;
  }

  /**
   * Adds a field to the rule, spanning the current option. Its span is written out, not spread from
   * `at`: V8 builds a spread object field by field, and a rule file has a few fields on every line.
   */
  addField(id: number, name: string, op: Operator, value: number | string): void {
    this.fields.push({ id, name, op, value, start: this.at.start, end: this.at.end });
  }

  problem(severity: Severity, code: string, message: string, hint = hintFor(code)): void {
    this.problems.push({ severity, code, message, hint, start: this.at.start, end: this.at.end });
  }

  fail(code: string, message: string): Rc {
    this.problem('error', code, message);
    return Rc.Error;
  }

  /** Makes setopt() return rc at once. */
  finish(rc: Rc): Rc {
    this.finished = true;
    return rc;
  }

  addPermSyscalls(perm: 'r' | 'w' | 'x' | 'a'): void {
    // Without an arch auditctl keeps the old behaviour (perm filters every syscall).
    if (!this.arch) return;
    if (this.mask === NO_SYSCALLS) this.mask = new Set<number>();
    for (const nr of permSyscalls(perm, this.arch)) {
      if (this.mask !== 'all') this.mask.add(nr);
    }
    this.syscallAdded = true;
  }
}

/** What auditctl's handlers return (src/auditctl.c); setopt() stops at the first negative one. */
export const enum Rc { Deprecated = -3, NoReply = -2, Error = -1, Reply = 0, Rule = 1 }

/** What an option handler is: one entry of auditctl's opt_handlers[], run for its getopt option. */
interface OptionCall {
  /** The option's argument ('' for an option that takes none). */
  arg: string;
  /** What setopt() holds so far: a handler with nothing to say returns it unchanged. */
  rc: Rc;
  /** getopt's optind right after the option (argv[0] counts). */
  optind: number;
}

export type OptionHandler = (line: LineState, call: OptionCall) => Rc;

/** Handlers by the name getopt gives the option: 'a', 'F', 'backlog_wait_time', … */
export type OptionTable = Readonly<Record<string, OptionHandler>>;
