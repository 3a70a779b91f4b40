/**
 * A whole load, as `auditctl -R` runs it over a file (or over the merged file augenrules builds):
 * -i/-c, the first refused line that stops everything after it, -e 2, -D, -W/-d, and the kernel's
 * duplicate test. Its result is what is really loaded, which is what the CIS checks look at.
 */
import { ruleIdentity } from './ruleKey';
import type { BuiltRule, LineAnalysis, LineProblem } from './types';

/** Where a line of the load came from. */
export interface LineRef { file: number; line: number }

export interface LoadEntry { ref: LineRef; analysis: LineAnalysis }

export type LineOutcome =
  | 'loaded'
  /** auditctl refused it and stopped the load here. */
  | 'stopped-here'
  /** auditctl refused it; -i/-c let it go on. */
  | 'refused-skipped'
  /** After a stop (or after --signal aborted auditctl): never read. */
  | 'not-loaded'
  /** `LIST,possible`: skipped without error. */
  | 'skipped';

export interface LoadedRule { rule: BuiltRule; ref: LineRef }

export interface LoadProblem extends LineProblem { ref: LineRef; related?: LineRef }

export interface LoadResult {
  outcomes: Map<LoadEntry, LineOutcome>;
  /** Problems of the load as a whole (duplicates, immutability, the stop), by line. */
  problems: LoadProblem[];
  /** The rules in the kernel at the end, in load order. */
  rules: LoadedRule[];
  /** The entry where the load stopped, if it did. */
  stop?: LoadEntry;
  /** The entry whose -e 2 made the configuration immutable, if one did. */
  immutableAt?: LoadEntry;
}

export function simulateLoad(entries: readonly LoadEntry[]): LoadResult {
  const outcomes = new Map<LoadEntry, LineOutcome>();
  const problems: LoadProblem[] = [];
  const loaded = new Map<string, LoadedRule>();
  let ignoreErrors = false;
  let immutableAt: LoadEntry | undefined;
  let stop: LoadEntry | undefined;

  const problem = (entry: LoadEntry, p: Omit<LineProblem, 'start' | 'end'> & Partial<Pick<LineProblem, 'start' | 'end'>>, related?: LineRef) => {
    const tokens = entry.analysis.tokens;
    problems.push({
      start: tokens[0]?.start ?? 0,
      end: tokens[tokens.length - 1]?.end ?? 0,
      ...p,
      ref: entry.ref,
      related,
    });
  };

  for (const entry of entries) {
    const a = entry.analysis;
    if (stop) {
      if (a.kind === 'command') outcomes.set(entry, 'not-loaded');
      continue;
    }
    if (a.kind !== 'command') continue;
    let refused = a.refused;
    if (a.skipped) {
      outcomes.set(entry, 'skipped');
      continue;
    }
    if (!refused) refused = !applyControls(entry);
    if (!refused && a.rule) refused = !sendRule(entry, a.rule);
    if (a.controls.some((c) => c.kind === 'abortLoad')) {
      outcomes.set(entry, 'stopped-here');
      stop = entry;
      continue;
    }
    if (!refused) {
      outcomes.set(entry, 'loaded');
      continue;
    }
    if (ignoreErrors) {
      outcomes.set(entry, 'refused-skipped');
    } else {
      outcomes.set(entry, 'stopped-here');
      stop = entry;
    }
  }
  return { outcomes, problems, rules: [...loaded.values()], stop, immutableAt };

  /** -e, -D, -b … talk to the kernel as they are parsed; after -e 2 every one of them fails. */
  function applyControls(entry: LoadEntry): boolean {
    for (const c of entry.analysis.controls) {
      if (c.kind === 'ignoreErrors') {
        ignoreErrors = true;
        continue;
      }
      if (c.kind === 'abortLoad') continue;
      if (immutableAt) {
        const what = c.kind === 'enable' ? 'enable' : c.kind === 'deleteAll' ? 'delete rule' : 'status';
        problem(entry, {
          severity: 'error', code: 'kernel-immutable', start: c.start, end: c.end,
          message: `Error sending ${what} request (Operation not permitted)`,
          hint: `The configuration is immutable after -e 2 on line ${immutableAt.ref.line + 1}: move -e 2 to the end.`,
        }, immutableAt.ref);
        return false;
      }
      if (c.kind === 'enable' && c.value === 2) immutableAt = entry;
      if (c.kind === 'deleteAll') {
        for (const [id, r] of loaded) if (c.key === undefined || r.rule.key === c.key) loaded.delete(id);
      }
    }
    return true;
  }

  function sendRule(entry: LoadEntry, rule: BuiltRule): boolean {
    const verb = rule.op === 'add' ? 'add' : 'delete';
    if (immutableAt) {
      problem(entry, {
        severity: 'error', code: 'kernel-immutable',
        message: `Error sending ${verb} rule data request (Operation not permitted)`,
        hint: `The configuration is immutable after -e 2 on line ${immutableAt.ref.line + 1}: move -e 2 to the end.`,
      }, immutableAt.ref);
      return false;
    }
    const id = ruleIdentity(rule);
    const existing = loaded.get(id);
    if (rule.op === 'add') {
      if (existing) {
        problem(entry, {
          severity: 'error', code: 'kernel-rule-exists',
          message: 'Error sending add rule data request (Rule exists)',
          hint: `Delete this line: it repeats the rule on line ${existing.ref.line + 1}.`,
        }, existing.ref);
        return false;
      }
      loaded.set(id, { rule, ref: entry.ref });
      return true;
    }
    if (!existing) {
      problem(entry, {
        severity: 'error', code: 'kernel-no-such-rule',
        message: 'Error sending delete rule data request (No such file or directory)',
        hint: 'No loaded rule matches exactly (fields, perms and key included).',
      });
      return false;
    }
    loaded.delete(id);
    return true;
  }
}
