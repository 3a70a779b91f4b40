/** What one line of a rules file does, as auditctl would execute it. */
import type { Token } from './tokenize';
import type { MachineSpec } from './tables';

export type Operator = '!=' | '>=' | '<=' | '&=' | '=' | '>' | '<' | '&';

export interface RuleField {
  /** Kernel field id (fields.tsv; the ones the checks test are named in tables.ts: AUDIT_WATCH, …). */
  id: number;
  name: string;
  op: Operator;
  /** Numbers as the kernel stores them (uint32), strings as given; names that only the host resolves stay strings. */
  value: number | string;
  /** The -F/-C/-w/-p/-k token range the field came from. */
  start: number;
  end: number;
}

export interface BuiltRule {
  op: 'add' | 'delete';
  list: string;
  action: 'always' | 'never';
  prepend: boolean;
  fields: RuleField[];
  /** Syscall numbers in the rule's mask, or 'all'. */
  syscalls: ReadonlySet<number> | 'all';
  /** The rule names syscalls with -S (other than -S all). */
  explicitSyscalls: boolean;
  /** Whether the rule was written as a watch (-w/-W). */
  watch: boolean;
  /**
   * A watch of a path that is a directory on some hosts and not on others: fields[0] is path=, as auditctl
   * sends it where the path is a file or missing, and dir= where the loading host has a directory there.
   */
  hostDecidesType?: boolean;
  /** The arch in effect, if any -F arch was given. */
  arch?: MachineSpec;
  /** The joined key (several -k are joined with \x01). */
  key?: string;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface LineProblem {
  severity: Severity;
  /** Stable diagnostic code, e.g. "auditctl-option-invalid". */
  code: string;
  /** auditctl's own words. */
  message: string;
  /** One plain sentence on how to fix it. */
  hint?: string;
  start: number;
  end: number;
}

/** A setting that the line changes in the kernel or in auditctl's loader. */
export type Control =
  | { kind: 'enable'; value: 0 | 1 | 2; start: number; end: number }
  | { kind: 'deleteAll'; key?: string; start: number; end: number }
  | { kind: 'ignoreErrors'; continueAfter: boolean }
  /**
   * A status setting sent to the kernel (-f, -r, -b, --backlog_wait_time, --reset-lost, …). `request` is
   * what libaudit calls it in "Error sending … request" when the kernel refuses it because -e 2 locked
   * the configuration; settings the lock does not cover have none.
   */
  | { kind: 'kernelSetting'; name: string; request?: string; start: number; end: number }
  | { kind: 'abortLoad' };

export interface LineAnalysis {
  kind: 'blank' | 'comment' | 'command';
  tokens: Token[];
  problems: LineProblem[];
  /** auditctl (or the kernel's field checks) refuses the line. */
  refused: boolean;
  /** `LIST,possible`: auditctl skips the line without an error. */
  skipped: boolean;
  rule?: BuiltRule;
  controls: Control[];
}

/**
 * What the passes after a line's analysis keep of it (the load, the CIS checks, the diagnostics): no
 * tokens and no fields, a few numbers and strings. Hover, completion and the fixes read the line again.
 */
export interface LineFacts {
  kind: LineAnalysis['kind'];
  problems: readonly LineProblem[];
  refused: boolean;
  skipped: boolean;
  controls: readonly Control[];
  rule?: RuleFacts;
  /** Controls a `# auditd-lint: disable …` comment on this line names. */
  disables?: readonly string[];
}

/** The identities of a watch that match an explicit rule only where the path is (dir) or is not (file) a directory. */
export interface HostIdentities { path: string; ifFile: number; ifDir: number }

/** A rule as the load and the CIS checks need it. */
export interface RuleFacts {
  op: 'add' | 'delete';
  /** The kernel's identities of the rule as numbers (load/kernelRules): as looked up, and as stored. */
  findIds: readonly number[];
  storedIds: readonly number[];
  /** A watch whose path= or dir= the host decides: its path, and which of its identities are which. */
  host?: HostIdentities;
  /** The joined key (several -k are joined with \x01). */
  key?: string;
  /** The normalised path the rule audits on every syscall, if it is such a rule and a CIS control looks for that path (cis/check). */
  pathKey?: string;
  /** The Docker words its text holds, by which the CIS scanners' checks find the rules they read (scanners/data). */
  words?: readonly string[];
}
