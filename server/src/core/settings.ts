/**
 * Every setting, written once. The extension manifest's `contributes.configuration` is the schema: VS
 * Code shows, documents and validates it for the client, and the server and the CLI read values through
 * it here, so a default, a choice or a pattern lives in one place. A value the schema does not allow
 * is reported to the caller (the server logs it and keeps the default; the CLI refuses the flag).
 */
import manifest from '../../../package.json';
import type { Severity } from './auditctl/types';
import { MACHINES } from './auditctl/tables';

type CisApplicability = 'all' | 'host' | 'unconditional';
/** When diagnostics follow the text: as it is typed, or as it was when last opened or saved. */
export type RunOn = 'onType' | 'onSave';

/** A severity as the settings name it. */
export type SeverityName = Severity;

export interface AnalysisSettings {
  /** The machine the rules load on: decides b32/b64 and syscall names (auditd.targetArch). */
  targetArch: string;
  cis: {
    /** Benchmark version id from the catalogue, or 'off'. */
    version: string;
    /** The scanners the rules must pass (auditd.cis.scanners), by id. */
    scanners: string[];
    /** The Docker host layout the scanners run on (auditd.cis.host): a key of HOST_LAYOUTS. */
    host: string;
    applicability: CisApplicability;
    /** The key the quick fixes write (auditd.cis.key). */
    key: string;
    /** Control ids (1.1.15 or cis-docker-1.1.15) not to report. */
    exclude: string[];
    /** Severity per control id, overriding the default. */
    severity: Record<string, SeverityName>;
  };
}

/** Everything the settings say: what the analysis is told, and when the server runs it. */
export interface Settings {
  analysis: AnalysisSettings;
  run: RunOn;
}

/** What only the machine running the analysis can tell (the core itself touches no file system). */
export interface HostFacts {
  /**
   * Whether a path exists here; with applicability 'host' it decides the "if applicable" controls and
   * what the scanners find on the host (their files, an /etc/systemd/system unit).
   */
  pathExists?(path: string): boolean;
}

/** A setting's schema, as far as the readers here use it (the manifest's JSON Schema subset). */
interface SettingSchema {
  type: string;
  default: unknown;
  enum?: string[];
  pattern?: string;
  patternErrorMessage?: string;
  items?: { type: string; enum?: string[] };
  additionalProperties?: { enum?: string[] };
}

const SCHEMA = manifest.contributes.configuration.properties as Record<string, SettingSchema>;

/** A setting's schema by its name without the `auditd.` section. */
function schema(name: string): SettingSchema {
  return SCHEMA[`auditd.${name}`];
}

/**
 * Values a setting takes beyond its schema's choices: the manifest offers one name per machine, while
 * auditctl (and so the analysis) also knows their aliases (i686, armv7l, …) in any case.
 */
const ALSO_ACCEPTS: Readonly<Record<string, (value: string) => boolean>> = {
  targetArch: (value) => MACHINES.has(value.toLowerCase()),
};

/** A value a setting does not take: which setting, the value, why, and what is used instead. */
export interface SettingProblem {
  /** The setting's name without the `auditd.` section, e.g. "cis.host". */
  setting: string;
  value: unknown;
  /** What follows the value in a message: "is not one of debian, rhel". */
  reason: string;
  fallback: unknown;
}

function reasonOf(s: SettingSchema): string {
  if (s.enum) return `is not one of ${s.enum.join(', ')}`;
  // The manifest words it for the settings editor: "An audit key is one word."
  if (s.patternErrorMessage) return `is not valid: ${s.patternErrorMessage[0].toLowerCase()}${s.patternErrorMessage.slice(1).replace(/\.$/, '')}`;
  return `is not a ${s.type}`;
}

/** A plain setting (a string with choices or a pattern): the value, or its default with a problem. */
function scalar(name: string, value: unknown, report: (p: SettingProblem) => void): string {
  const s = schema(name);
  const fallback = s.default as string;
  if (value === undefined || value === null) return fallback;
  const ok = typeof value === 'string'
    && ((s.enum?.includes(value) ?? (s.pattern === undefined || new RegExp(s.pattern).test(value))) || (ALSO_ACCEPTS[name]?.(value) ?? false));
  if (ok) return value;
  report({ setting: name, value, reason: reasonOf(s), fallback });
  return fallback;
}

/** A list of strings; entries that are not strings are dropped and reported. */
function stringList(name: string, value: unknown, report: (p: SettingProblem) => void): string[] {
  const fallback = schema(name).default as string[];
  if (value === undefined || value === null) return fallback;
  if (!Array.isArray(value)) {
    report({ setting: name, value, reason: 'is not a list of strings', fallback });
    return fallback;
  }
  const choices = schema(name).items?.enum;
  const fits = (v: unknown): v is string => typeof v === 'string' && (choices?.includes(v) ?? true);
  const kept = value.filter(fits);
  if (kept.length < value.length) {
    const reason = choices ? `are not among ${choices.join(', ')}` : 'are not strings';
    report({ setting: name, value: value.filter((v) => !fits(v)), reason, fallback: kept });
  }
  return [...new Set(kept)];
}

/** An object whose values have choices (auditd.cis.severity); entries with other values are dropped and reported. */
function choiceMap(name: string, value: unknown, report: (p: SettingProblem) => void): Record<string, string> {
  const choices = schema(name).additionalProperties?.enum ?? [];
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(record(value))) {
    if (typeof v === 'string' && choices.includes(v)) out[key] = v;
    else report({ setting: `${name}["${key}"]`, value: v, reason: `is not one of ${choices.join(', ')}`, fallback: undefined });
  }
  return out;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The settings from the `auditd` section as a client sends it (or as the CLI builds it from its flags):
 * every value the schema allows is taken, every other one is reported and replaced by its default.
 */
export function readSettings(raw: unknown, report: (p: SettingProblem) => void): Settings {
  const root = record(raw);
  const cis = record(root.cis);
  return {
    run: scalar('run', root.run, report) as RunOn,
    analysis: {
      targetArch: scalar('targetArch', root.targetArch, report),
      cis: {
        version: scalar('cis.version', cis.version, report),
        scanners: stringList('cis.scanners', cis.scanners, report),
        host: scalar('cis.host', cis.host, report),
        applicability: scalar('cis.applicability', cis.applicability, report) as CisApplicability,
        key: scalar('cis.key', cis.key, report),
        exclude: stringList('cis.exclude', cis.exclude, report),
        severity: choiceMap('cis.severity', cis.severity, report) as Record<string, SeverityName>,
      },
    },
  };
}

/** The defaults, read through the schema like any other value. */
export const DEFAULT_SETTINGS: AnalysisSettings = readSettings({}, () => undefined).analysis;

/** A setting's choices as the schema lists them (for usage texts and completions). */
export function settingChoices(name: string): readonly string[] {
  return schema(name).enum ?? schema(name).items?.enum ?? [];
}
