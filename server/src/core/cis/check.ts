/**
 * Which CIS Docker controls a rule set meets: a loaded `always,exit` rule on the control's path (or a
 * known variant of it), written as a watch or as a path=/dir= rule on all syscalls. Rules that never
 * load, were removed again or say `never` do not count; that is the load simulation's job.
 */
import type { LoadedRule } from '../load/kernelRules';
import type { BuiltRule } from '../auditctl/types';
import type { AnalysisSettings, HostFacts } from '../settings';
import { CIS_VERSION_IDS, cisVersion, controlPaths, normalizePath, type CisControl, type CisVersion } from './catalogue';
import { AUDIT_DIR, AUDIT_WATCH } from '../auditctl/tables';

export type ControlState = 'met' | 'missing' | 'not-applicable' | 'disabled';

export interface ControlStatus {
  control: CisControl;
  state: ControlState;
  /** The rule that meets it: the first loaded one on the benchmark's own path, else on a variant. */
  metBy?: LoadedRule;
}

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
    const metBy = controlPaths(control).map((p) => loaded(normalizePath(p))[0]).find((r) => r !== undefined);
    if (metBy) return { control, state: 'met', metBy };
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

/** Every path a control of any version looks for, normalised: the only paths the checks ask the load about. */
const CONTROL_PATH_KEYS: ReadonlySet<string> = new Set(
  CIS_VERSION_IDS.flatMap((id) => cisVersion(id)!.controls.flatMap((c) => controlPaths(c).map(normalizePath))),
);

/**
 * auditedPathKey, for a path some control looks for; undefined for the others. A load indexes its rules by
 * this key, and 100,000 rules on other paths need not fill the index.
 */
export function controlPathKey(rule: BuiltRule): string | undefined {
  const key = auditedPathKey(rule);
  return key !== undefined && CONTROL_PATH_KEYS.has(key) ? key : undefined;
}

/** The path a rule audits on every syscall, if it is such a rule. */
export function auditedPath(rule: BuiltRule): string | undefined {
  if (rule.op !== 'add' || rule.list !== 'exit' || rule.action !== 'always' || rule.explicitSyscalls) return undefined;
  const field = rule.fields.find((f) => (f.id === AUDIT_WATCH || f.id === AUDIT_DIR) && f.op === '=');
  return field ? String(field.value) : undefined;
}
