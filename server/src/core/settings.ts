/** Everything the analysis can be told; the server and the CLI fill it from their own settings and flags. */
import type { Severity } from './auditctl/types';

export type CisMatch = 'any-rule' | 'exact';
export type CisApplicability = 'all' | 'host' | 'unconditional';
export type RunOn = 'onType' | 'onSave';

/** A severity as the settings name it. */
export type SeverityName = Severity;

export interface AnalysisSettings {
  /** The machine the rules load on: decides b32/b64 and syscall names (auditd.targetArch). */
  targetArch: string;
  cis: {
    /** Benchmark version id from the catalogue, or 'off'. */
    version: string;
    match: CisMatch;
    applicability: CisApplicability;
    /** The key the quick fixes write (auditd.cis.key). */
    key: string;
    /** Control ids (1.1.15 or cis-docker-1.1.15) not to report. */
    exclude: string[];
    /** Severity per control id, overriding the default. */
    severity: Record<string, SeverityName>;
  };
}

export const DEFAULT_SETTINGS: AnalysisSettings = {
  targetArch: 'x86_64',
  cis: { version: '1.8.0', match: 'any-rule', applicability: 'all', key: 'docker', exclude: [], severity: {} },
};

/** What only the machine running the analysis can tell (the core itself touches no file system). */
export interface HostFacts {
  /** Whether a path exists here; used by applicability 'host'. */
  pathExists?(path: string): boolean;
}
