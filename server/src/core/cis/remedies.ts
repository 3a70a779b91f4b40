/**
 * Which lines to insert for a benchmark target so that the benchmark and every selected scanner pass:
 * candidate lines are listed as `auditctl -l` would list them, each selected check's matcher runs on
 * them, and the fewest candidates that pass everything that can pass are chosen (the benchmark's own
 * remediation when it does). So a fix never fails a selected scanner, and the next lint finds the
 * control met and the checks passed. What no candidate passes is said once, with its reason.
 */
import { analyzeLine } from '../auditctl/setopt';
import type { MachineSpec } from '../auditctl/tables';
import type { BuiltRule } from '../auditctl/types';
import { listRules } from '../load/listing';
import type { HostView } from '../scanners/hosts';
import { indexListing, runMatch } from '../scanners/matchers';
import type { CheckVerdict } from '../scanners/verdicts';
import { auditedPathKey } from './check';
import { cisTarget, controlPaths, normalizePath, type CisControl } from './catalogue';

interface RemedyRequest {
  target: string;
  /** The target's control in the chosen version, when it is missing. */
  missing?: { control: CisControl; remediation: string[] };
  /** The selected scanners' checks on the target that fail and that a rule might pass. */
  failing: CheckVerdict[];
  /** The configured audit key. */
  key: string;
  machine: MachineSpec;
  /** The host, whose kernel refuses some rules (a watch in a directory it lacks). */
  host: HostView;
}

export interface Remedy {
  /** The lines to insert, in order ([] when nothing can be done). */
  lines: string[];
  /** The failing checks no candidate passes. */
  unmet: CheckVerdict[];
  /** Why no line meets the missing control, when none can: the host's kernel would refuse it. */
  refused?: string;
}

/** A candidate: lines that go in together, and what they satisfy (the benchmark is `null`). */
interface Candidate { lines: string[]; satisfies: Set<CheckVerdict | null> }

export function chooseRemedy(req: RemedyRequest): Remedy {
  const needs: (CheckVerdict | null)[] = [...(req.missing ? [null] : []), ...req.failing];
  // A line the host's kernel refuses would stop the load there: never a candidate.
  const refusals = new Map(candidateLines(req).map((lines) => [lines, lines.map((l) => refusal(l, req)).find((r) => r !== undefined)]));
  const candidates = [...refusals].filter(([, r]) => r === undefined).map(([lines]) => ({ lines, satisfies: satisfied(lines, needs, req) }));
  const possible = new Set(candidates.flatMap((c) => [...c.satisfies]));
  const chosen: Candidate[] = [];
  const open = new Set(needs.filter((n) => possible.has(n)));
  // Greedy: the candidate that satisfies most of what is still open, the earlier on a tie (the benchmark's own first).
  while (open.size > 0) {
    let best = candidates[0];
    let bestCount = -1;
    for (const c of candidates) {
      const count = [...c.satisfies].filter((n) => open.has(n)).length;
      if (count > bestCount) [best, bestCount] = [c, count];
    }
    chosen.push(best);
    for (const n of best.satisfies) open.delete(n);
  }
  const refused = req.missing && !possible.has(null) ? refusals.get(req.missing.remediation) : undefined;
  return { lines: assemble(req, chosen), unmet: req.failing.filter((v) => !possible.has(v)), refused };
}

function refusal(line: string, req: RemedyRequest): string | undefined {
  const rule = ruleOf(line, req.machine);
  return rule ? req.host.refuses(rule) : undefined;
}

/**
 * Candidate lines come from the data (remediations, scanner paths) and the key: a small set, read once
 * per machine.
 */
const candidateRules = new Map<MachineSpec, Map<string, BuiltRule | undefined>>();
const CANDIDATES_KEPT = 1000;

/** The rule a candidate line loads (every candidate is one auditctl takes). */
function ruleOf(line: string, machine: MachineSpec): BuiltRule | undefined {
  let rules = candidateRules.get(machine);
  if (!rules) candidateRules.set(machine, (rules = new Map()));
  if (!rules.has(line)) {
    if (rules.size >= CANDIDATES_KEPT) rules.clear();
    const a = analyzeLine(line, machine);
    rules.set(line, a.refused ? undefined : a.rule);
  }
  return rules.get(line);
}

/**
 * In order of preference: the benchmark's remediation; for each exact-line check, the rule
 * `auditctl -l` lists as that line (written out, -p rwxa and all, as the profile reads it); a watch of
 * each path the target is known under or a failing check looks for.
 */
function candidateLines(req: RemedyRequest): string[][] {
  const out: string[][] = [];
  if (req.missing) out.push(req.missing.remediation);
  for (const v of req.failing) {
    const line = v.check.match.kind === 'line' ? ruleListedAs(v.check.match.line.replace('{path}', v.path)) : undefined;
    if (line) out.push([line]);
  }
  const paths = [req.missing?.control.path, ...cisTarget(req.target).paths, ...req.failing.map((v) => v.path)]
    .filter((p): p is string => p !== undefined && p !== '' && !p.endsWith('/'));
  for (const p of new Set(paths)) out.push([`-w ${p} -k ${req.key}`]);
  return out;
}

/**
 * The rule `auditctl -l` lists as a watch-form line `-w P -p PERMS -k KEY…`: a watch, or, for a path
 * with a trailing slash (which auditctl strips from a watch), a dir= rule on all syscalls, whose value
 * the kernel keeps as given.
 */
function ruleListedAs(line: string): string | undefined {
  const m = /^-w (\S+) -p ([rwxa]+)((?: -k \S+)*)$/.exec(line);
  if (!m) return undefined;
  const [, path, perms, keys] = m;
  return path.endsWith('/') ? `-a always,exit -F dir=${path} -F perm=${perms}${keys}` : `-w ${path} -p ${perms}${keys}`;
}

/** What lines satisfy once loaded: the listing they add, run through each need's matcher. */
function satisfied(lines: readonly string[], needs: readonly (CheckVerdict | null)[], req: RemedyRequest): Set<CheckVerdict | null> {
  const rules = lines.flatMap((l) => ruleOf(l, req.machine) ?? []);
  const index = indexListing(listRules(rules, req.machine));
  const controlKeys = new Set(req.missing ? controlPaths(req.missing.control).map(normalizePath) : []);
  const out = new Set<CheckVerdict | null>();
  for (const need of needs) {
    const ok = need === null
      ? rules.some((r) => controlKeys.has(auditedPathKey(r) ?? ''))
      // A check fails on the set's listing; its matchers look at one line at a time, so the lines
      // added pass it exactly when they pass it on their own.
      : runMatch(need.check.match, need.path, index).pass;
    if (ok) out.add(need);
  }
  return out;
}

/**
 * The chosen lines: when the benchmark's remediation is not among them, its other lines (the 1.7.0
 * exclusions of /var/lib/docker) stay, the chosen lines in place of the one that audits the path.
 * A line that would repeat the rule of another (the kernel's "Rule exists") is left out.
 */
function assemble(req: RemedyRequest, chosen: readonly Candidate[]): string[] {
  let lines = chosen.flatMap((c) => c.lines);
  const remediation = req.missing?.remediation;
  if (remediation && !chosen.some((c) => c.lines === remediation)) {
    const auditing = (l: string) => {
      const rule = ruleOf(l, req.machine);
      return rule !== undefined && auditedPathKey(rule) !== undefined;
    };
    const at = remediation.findIndex(auditing);
    lines = [...remediation.slice(0, at), ...lines, ...remediation.slice(at + 1).filter((l) => !auditing(l))];
  }
  // Two lines the kernel holds as one rule list alike (`-w P -k K` and `-w P -p rwxa -k K`).
  const seen = new Set<string>();
  return lines.filter((l) => {
    const rule = ruleOf(l, req.machine);
    const listed = rule ? listRules([rule], req.machine)[0].text : l;
    if (seen.has(listed)) return false;
    seen.add(listed);
    return true;
  });
}
