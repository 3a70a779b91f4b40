/**
 * Which CIS Docker controls a rule set meets: a loaded `always,exit` rule on the control's path (or a
 * known variant of it), written as a watch or as a path=/dir= rule on all syscalls. Rules that never
 * load, were removed again or say `never` do not count; that is the load simulation's job.
 */
import type { LoadedRule } from '../load/kernelRules';
import type { BuiltRule } from '../auditctl/types';
import type { AnalysisSettings, HostFacts } from '../settings';
import { controlPaths, normalizePath, type CisControl, type CisVersion } from './catalogue';
import { AUDIT_DIR, AUDIT_FILTERKEY, AUDIT_PERM, AUDIT_WATCH } from '../auditctl/tables';

export type ControlState = 'met' | 'missing' | 'not-applicable' | 'disabled';

export interface StrictRejection {
  /** The scanners that would report the control as failed. */
  scanners: string[];
  /** Why, in a few words each. */
  reasons: string[];
}

export interface ControlStatus {
  control: CisControl;
  state: ControlState;
  /** The rule that meets it. */
  metBy?: LoadedRule;
  /** Set when the rule meets it for docker-bench and Datadog-like scanners but a stricter one rejects it. */
  strict?: StrictRejection;
}

const ALL_PERMS = 15;
const INSPEC = 'InSpec (dev-sec, MITRE)';
const DATADOG = 'Datadog';

/** The loaded rules that audit a (normalised) path on every syscall, in load order. */
type LoadedByPath = (pathKey: string) => readonly LoadedRule[];

/** A function of the loaded rules indexed by path: a control costs the rules on its own paths. */
export function evaluateControls(
  version: CisVersion,
  loaded: LoadedByPath,
  settings: AnalysisSettings,
  host: HostFacts,
  disabled: ReadonlySet<string>,
): ControlStatus[] {
  return version.controls.map((control) => {
    if (disabled.has(control.id) || disabled.has('*')) return { control, state: 'disabled' };
    const candidates = controlPaths(control).flatMap((p) => loaded(normalizePath(p)));
    const ranked = candidates.map((r) => ({ r, strict: strictRejection(r.rule, settings.cis.key) }));
    // Prefer a rule that every scanner accepts.
    ranked.sort((a, b) => a.strict.reasons.length - b.strict.reasons.length);
    const best = ranked[0];
    const meets = best && (settings.cis.match === 'any-rule' || best.strict.reasons.length === 0);
    if (meets) return { control, state: 'met', metBy: best.r, strict: best.strict.reasons.length > 0 ? best.strict : undefined };
    if (!applies(control, settings, host)) return { control, state: 'not-applicable' };
    return { control, state: 'missing' };
  });
}

function applies(control: CisControl, settings: AnalysisSettings, host: HostFacts): boolean {
  if (!control.ifApplicable) return true;
  switch (settings.cis.applicability) {
    case 'all': return true;
    case 'unconditional': return false;
    case 'host': return controlPaths(control).some((p) => host.pathExists?.(p) ?? true);
  }
}

/** The normalised path a rule audits on every syscall, if it is such a rule. */
export function auditedPathKey(rule: BuiltRule): string | undefined {
  const path = auditedPath(rule);
  return path === undefined ? undefined : normalizePath(path);
}

/** The path a rule audits on every syscall, if it is such a rule. */
export function auditedPath(rule: BuiltRule): string | undefined {
  if (rule.op !== 'add' || rule.list !== 'exit' || rule.action !== 'always' || rule.explicitSyscalls) return undefined;
  const field = rule.fields.find((f) => (f.id === AUDIT_WATCH || f.id === AUDIT_DIR) && f.op === '=');
  return field ? String(field.value) : undefined;
}

/**
 * What the strict scanners see: `auditctl -l` lists it as `-w P -p rwxa -k KEY`, or not. KEY is the
 * configured key: "docker" in the published InSpec profiles, whatever a site's own profile expects otherwise.
 */
export function strictRejection(rule: BuiltRule, key: string): StrictRejection {
  const reasons: string[] = [];
  const scanners = new Set<string>();
  const perm = rule.fields.find((f) => f.id === AUDIT_PERM);
  const listedAsWatch = rule.syscalls === 'all' && perm !== undefined
    && rule.fields.every((f) => [AUDIT_WATCH, AUDIT_DIR, AUDIT_PERM, AUDIT_FILTERKEY].includes(f.id));
  if (!listedAsWatch) {
    reasons.push(rule.arch ? 'an arch-qualified rule is listed in syscall form, not as a watch' : 'the rule is listed in syscall form, not as a watch');
    scanners.add(DATADOG).add(INSPEC);
  }
  if (perm && perm.value !== ALL_PERMS) {
    reasons.push(`permissions ${permLetters(Number(perm.value))}, not rwxa`);
    scanners.add(INSPEC);
  }
  if (rule.key !== key) {
    reasons.push(rule.key ? `key "${rule.key.replace(/\x01/g, ',')}", not "${key}"` : `no key "${key}"`);
    scanners.add(INSPEC);
  }
  return { scanners: [...scanners], reasons };
}

export function permLetters(bits: number): string {
  return ['r', 'w', 'x', 'a'].filter((_, i) => bits & [4, 2, 1, 8][i]).join('');
}
