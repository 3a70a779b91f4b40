/** The CIS Docker Benchmark's audit controls, per version, from the project's data file. */
import catalogue from '../../../data/cis-docker.json';

export interface CisControl {
  /** The benchmark's number in this version, e.g. "1.1.3". */
  id: string;
  /** The stable identity of the audited thing across versions, e.g. "dockerd". */
  target: string;
  /** The path as the benchmark prints it. */
  path: string;
  ifApplicable: boolean;
  level?: number;
  /** Remediation lines with {key} for the configured key. */
  remediation: string[];
  title?: string;
}

interface CisTarget { title: string; paths: string[]; kind: string }

export interface CisVersion { id: string; name: string; controls: CisControl[] }

const VERSIONS: ReadonlyMap<string, CisVersion> = new Map(
  Object.entries(catalogue.versions).map(([id, v]) => [id, { id, name: v.name, controls: v.controls as CisControl[] }]),
);
const TARGETS = catalogue.targets as Record<string, CisTarget>;
const RATIONALE = catalogue.rationale as Record<string, string>;

export const BENCHMARK_URL: string = catalogue.benchmarkUrl;
export const CIS_VERSION_IDS: readonly string[] = [...VERSIONS.keys()];

export function cisVersion(id: string): CisVersion | undefined {
  return VERSIONS.get(id);
}

export function cisTarget(id: string): CisTarget {
  return TARGETS[id];
}

export function rationaleFor(control: CisControl): string {
  return RATIONALE[cisTarget(control.target).kind] ?? '';
}

/** Every path a control's file is known under: the benchmark's, then its target's variants. */
export function controlPaths(control: CisControl): string[] {
  return [control.path, ...cisTarget(control.target).paths];
}

/** The same target in the other versions, e.g. ["1.2.0 §1.2.3", "ce-1.1.0 §1.5"]. */
export function equivalents(control: CisControl, versionId: string): string[] {
  const out: string[] = [];
  for (const v of VERSIONS.values()) {
    if (v.id === versionId) continue;
    const same = v.controls.find((c) => c.target === control.target);
    if (same) out.push(`${v.id} §${same.id}`);
  }
  return out;
}

/** Paths as the kernel and the scanners see them: no trailing /, no //, /var/run is /run. */
export function normalizePath(path: string): string {
  let p = path.replace(/\/{2,}/g, '/');
  if (p.length > 1) p = p.replace(/\/+$/, '');
  if (p === '/var/run' || p.startsWith('/var/run/')) p = p.slice('/var'.length);
  return p;
}
