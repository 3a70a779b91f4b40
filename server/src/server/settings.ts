/**
 * The extension's settings (section `auditd`) as a client sends them, checked and mapped to the
 * core's AnalysisSettings. A value of the wrong type or outside its choices keeps its default, and
 * says so in the log: a typo in settings.json must not silently change what is checked.
 */
import { CIS_VERSION_IDS, DEFAULT_SETTINGS, MACHINES, SEVERITY_NAMES, type AnalysisSettings, type CisApplicability, type CisMatch, type SeverityName } from '../core';

/** When diagnostics follow the text: as it is typed, or as it was when last opened or saved. */
export type RunOn = 'onType' | 'onSave';

export interface ServerSettings {
  analysis: AnalysisSettings;
  run: RunOn;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = { analysis: DEFAULT_SETTINGS, run: 'onType' };

const RUNS: readonly RunOn[] = ['onType', 'onSave'];
const MATCHES: readonly CisMatch[] = ['any-rule', 'exact'];
const APPLICABILITIES: readonly CisApplicability[] = ['all', 'host', 'unconditional'];

export function readSettings(raw: unknown, warn: (message: string) => void): ServerSettings {
  const root = record(raw);
  const cis = record(root.cis);
  const defaults = DEFAULT_SETTINGS;
  const choice = <T extends string>(name: string, value: unknown, choices: readonly T[], fallback: T): T => {
    if (value === undefined || value === null) return fallback;
    if (choices.includes(value as T)) return value as T;
    warn(`auditd.${name}: ${JSON.stringify(value)} is not one of ${choices.join(', ')}; using "${fallback}".`);
    return fallback;
  };
  return {
    run: choice('run', root.run, RUNS, 'onType'),
    analysis: {
      targetArch: targetArch(root.targetArch, defaults.targetArch, warn),
      cis: {
        version: choice('cis.version', cis.version, ['off', ...CIS_VERSION_IDS], defaults.cis.version),
        match: choice('cis.match', cis.match, MATCHES, defaults.cis.match),
        applicability: choice('cis.applicability', cis.applicability, APPLICABILITIES, defaults.cis.applicability),
        key: auditKey(cis.key, defaults.cis.key, warn),
        exclude: strings(cis.exclude, 'cis.exclude', warn),
        severity: severities(cis.severity, warn),
      },
    },
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The core would quietly take an unknown machine (say, Debian's "arm64") for x86_64. */
function targetArch(value: unknown, fallback: string, warn: (message: string) => void): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && MACHINES.has(value.toLowerCase())) return value;
  warn(`auditd.targetArch: ${JSON.stringify(value)} is not a machine name auditctl knows (e.g. x86_64, aarch64, i386); using "${fallback}".`);
  return fallback;
}

/** The quick fixes write `-k KEY`: a key with white space in it would break the inserted rule. */
function auditKey(value: unknown, fallback: string, warn: (message: string) => void): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && /^\S+$/.test(value)) return value;
  warn(`auditd.cis.key: ${JSON.stringify(value)} is not a single word; using "${fallback}".`);
  return fallback;
}

function strings(value: unknown, name: string, warn: (message: string) => void): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    warn(`auditd.${name}: expected a list of control ids such as "1.1.15"; ignoring ${JSON.stringify(value)}.`);
    return [];
  }
  const ids = value.filter((v): v is string => typeof v === 'string');
  if (ids.length < value.length) warn(`auditd.${name}: ignoring the entries that are not strings.`);
  return ids;
}

function severities(value: unknown, warn: (message: string) => void): Record<string, SeverityName> {
  const out: Record<string, SeverityName> = {};
  for (const [id, severity] of Object.entries(record(value))) {
    if (SEVERITY_NAMES.includes(severity as SeverityName)) out[id] = severity as SeverityName;
    else warn(`auditd.cis.severity: ${JSON.stringify(severity)} for "${id}" is not one of ${SEVERITY_NAMES.join(', ')}; ignoring it.`);
  }
  return out;
}
