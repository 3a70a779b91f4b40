/**
 * A whole load, as `auditctl -R` runs it over a file (or over the merged file augenrules builds):
 * -i/-c, the first refused line that stops everything after it, -e 2, -D, -W/-d, and the kernel's
 * duplicate test. Its result is what is really loaded, which is what the CIS checks look at.
 */
import { hintFor } from '../auditctl/hints';
import { RuleStore, type LineRef, type LoadedRule } from './kernelRules';
import type { BuiltRule, LineAnalysis, LineProblem } from '../auditctl/types';


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

export interface LoadProblem extends LineProblem { ref: LineRef; related?: LineRef }

export interface LoadResult {
  outcomes: Map<LoadEntry, LineOutcome>;
  /** Problems of the load as a whole (duplicates, immutability, the stop), by line. */
  problems: LoadProblem[];
  /** The rules in the kernel at the end (at the stop, if the load stopped), in load order. */
  rules: LoadedRule[];
  /** The entry where the load stopped, if it did. */
  stop?: LoadEntry;
  /** The entry whose -e 2 made the configuration immutable, if one did (past the stop included). */
  immutableAt?: LoadEntry;
}

export function simulateLoad(entries: readonly LoadEntry[]): LoadResult {
  const outcomes = new Map<LoadEntry, LineOutcome>();
  const problems: LoadProblem[] = [];
  const kernel = new RuleStore();
  let ignoreErrors = false;
  let continueErrors = false;
  /** The -i line that makes auditctl exit 0 over refused lines, and how many it so hides. */
  let hiddenBy: LoadEntry | undefined;
  let hidden = 0;
  let immutableAt: LoadEntry | undefined;
  let firstLocked: LoadEntry | undefined;
  let stop: LoadEntry | undefined;
  let rulesAtStop: LoadedRule[] | undefined;

  const problem = (entry: LoadEntry, p: Omit<LineProblem, 'start' | 'end'> & Partial<Pick<LineProblem, 'start' | 'end'>>, related?: LineRef) => {
    const tokens = entry.analysis.tokens;
    problems.push({
      start: tokens[0]?.start ?? 0,
      end: tokens[tokens.length - 1]?.end ?? 0,
      ...p,
      hint: p.hint ?? hintFor(p.code),
      ref: entry.ref,
      related,
    });
  };
  const locked = (entry: LoadEntry, message: string, at?: { start: number; end: number }) => {
    firstLocked ??= entry;
    problem(entry, {
      severity: 'error', code: 'kernel-immutable', message, ...at,
      hint: `The configuration is immutable after -e 2 on line ${lineNumber(immutableAt!.ref)}: move -e 2 to the end.`,
    }, immutableAt!.ref);
  };
  const halt = (entry: LoadEntry) => {
    outcomes.set(entry, 'stopped-here');
    stop = entry;
    rulesAtStop = kernel.rules();
  };

  for (const entry of entries) {
    const a = entry.analysis;
    if (a.kind !== 'command') continue;
    if (a.skipped) {
      outcomes.set(entry, stop ? 'not-loaded' : 'skipped');
      continue;
    }
    // A handler that ran did its work even when the line fails later (`-e 2 junk` still locks), and
    // past the stop the load goes on in thought only, so that a line that would fail once the earlier
    // ones are fixed (a duplicate, a rule after -e 2) is shown now.
    let refused = !applyControls(entry) || a.refused;
    if (!refused && a.rule) refused = !sendRule(entry, a.rule);
    if (stop) {
      outcomes.set(entry, 'not-loaded');
    } else if (a.controls.some((c) => c.kind === 'abortLoad')) {
      halt(entry);
    } else if (!refused) {
      outcomes.set(entry, 'loaded');
    } else if (ignoreErrors) {
      outcomes.set(entry, 'refused-skipped');
      if (!continueErrors) hidden++;
    } else {
      halt(entry);
    }
  }
  if (immutableAt && firstLocked) {
    problem(immutableAt, {
      severity: 'warning', code: 'immutable-too-early',
      message: `-e 2 makes the configuration immutable here: every later rule or setting fails with "Operation not permitted" (first on line ${lineNumber(firstLocked.ref)})`,
    });
  }
  if (hiddenBy && hidden > 0) {
    problem(hiddenBy, {
      severity: 'warning', code: 'ignore-hides-errors',
      message: `-i hides ${hidden} refused line${hidden === 1 ? '' : 's'}: auditctl skips ${hidden === 1 ? 'it' : 'them'} and still exits 0, so the load looks clean`,
    });
  }
  return { outcomes, problems, rules: rulesAtStop ?? kernel.rules(), stop, immutableAt };

  /** -i/-c, -e, -D, -b … act as they are parsed; after -e 2 the kernel refuses the locked ones. */
  function applyControls(entry: LoadEntry): boolean {
    for (const c of entry.analysis.controls) {
      switch (c.kind) {
        case 'ignoreErrors':
          if (!c.continueAfter && !continueErrors && !ignoreErrors) hiddenBy = entry;
          ignoreErrors = true;
          if (c.continueAfter) continueErrors = true;
          break;
        case 'abortLoad':
          break;
        case 'enable':
          if (immutableAt) {
            locked(entry, 'Error sending enable request (Operation not permitted)', c);
            return false;
          }
          if (c.value === 2) immutableAt = entry;
          break;
        case 'kernelSetting':
          if (immutableAt && c.request) {
            locked(entry, `Error sending ${c.request} request (Operation not permitted)`, c);
            return false;
          }
          break;
        case 'deleteAll': {
          // delete_all_rules() sends one delete per matching rule; with none, nothing reaches the kernel.
          const doomed = kernel.matching(c.key);
          if (immutableAt && doomed.length > 0) {
            locked(entry, 'Error deleting rule (Operation not permitted)', c);
            return false;
          }
          doomed.forEach((r) => kernel.remove(r));
          break;
        }
      }
    }
    return true;
  }

  function sendRule(entry: LoadEntry, rule: BuiltRule): boolean {
    const verb = rule.op === 'add' ? 'add' : 'delete';
    if (immutableAt) {
      locked(entry, `Error sending ${verb} rule data request (Operation not permitted)`);
      return false;
    }
    const existing = kernel.find(rule);
    if (rule.op === 'add') {
      if (existing) {
        problem(entry, {
          severity: 'error', code: 'kernel-rule-exists',
          message: 'Error sending add rule data request (Rule exists)',
          hint: `Delete this line: it repeats the rule on line ${lineNumber(existing.ref)}.`,
        }, existing.ref);
        return false;
      }
      kernel.add(rule, entry.ref);
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
    kernel.remove(existing);
    return true;
  }
}

/** The editor's line number, for pointing a person at another line. */
function lineNumber(ref: LineRef): number {
  return ref.line + 1;
}
