/** The command line: the settings' flags are read through the same schema as the editor's settings. */
import { parseArgs } from 'node:util';
import { CIS_VERSION_IDS, DEFAULT_SETTINGS, readSettings, settingChoices, type AnalysisSettings } from '../core';
import { UsageError } from './errors';

export type Format = 'text' | 'json' | 'sarif' | 'markdown';
/** What --report prints instead of the findings. */
export type Report = 'scanners';
type FailOn = 'error' | 'warning' | 'information';

export interface CliOptions {
  paths: string[];
  format: Format;
  failOn: FailOn;
  fix: boolean;
  /** Print what `auditctl -l` would list once the rules are loaded, instead of the findings. */
  list: boolean;
  /** --fix rewrites read-only files too. */
  force: boolean;
  report?: Report;
  /** Check the "if applicable" controls against this machine's file system. */
  hostApplicability: boolean;
  settings: AnalysisSettings;
  help: boolean;
  version: boolean;
}

export const USAGE = `Usage: auditd-lint [options] PATH...

Lints Linux audit rule files as auditctl and augenrules load them, and checks them
against the CIS Docker Benchmark. A directory is linted as one augenrules set (its
*.rules files); a *.rules file inside a rules.d directory is linted with its siblings.

Options:
  --format text|json|sarif|markdown
                                    output format (default: text; markdown with --report only)
  --cis-version VERSION|off         ${CIS_VERSION_IDS.join(', ')} or off (default: ${DEFAULT_SETTINGS.cis.version})
  --scanners LIST                   the scanners the rules must pass, comma-separated:
                                    ${settingChoices('cis.scanners').join(',')}
                                    (default: ${DEFAULT_SETTINGS.cis.scanners.join(',')}; "" for none)
  --host ${settingChoices('cis.host').join('|')}              the Docker host the scanners run on (default: ${DEFAULT_SETTINGS.cis.host})
  --applicability all|host|unconditional
                                    which "if applicable" controls count (default: ${DEFAULT_SETTINGS.cis.applicability});
                                    host: those whose file exists on this machine
  --target-arch ARCH                machine the rules load on (default: ${DEFAULT_SETTINGS.targetArch})
  --key KEY                         audit key the added CIS rules carry (default: ${DEFAULT_SETTINGS.cis.key})
  --fail-on error|warning|information
                                    lowest severity that makes the exit status 1 (default: warning)
  --fix                             fix what is certain and leaves each rule's meaning as it is
                                    (remove a BOM, convert CRLF to LF, replace tabs with spaces,
                                    move inline comments to their own line, delete duplicate
                                    rules and a repeated -e 2, move an early -e 2 to the end, end
                                    a rules.d file with a newline), then add the missing CIS rules
                                    to the file they belong in: what the editor's fix on save
                                    (source.fixAll.auditd) makes; only files named (or in
                                    a directory named) change, each in one atomic write that keeps
                                    its owner, group, mode and hard links; every file is checked
                                    before any is written. Adding -F arch= and correcting misspelt
                                    names change what a rule audits: --fix leaves them to you (the
                                    editor offers both).
  --force                           with --fix, also rewrite read-only files (mode 0444 and the like)
  --report scanners                 print each scanner's verdict on each of its checks (and the
                                    benchmark's state per control) for one rule set, not the
                                    findings: text or markdown tables, or JSON [{"scanner","check",
                                    "verdict","path","why"}]; exit 1 if a selected scanner fails
  --list                            print what \`auditctl -l\` lists once the set is loaded (the
                                    rules in the kernel, in its order and form), not the findings
  -h, --help                        show this help
  --version                         show the version

Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or I/O error.
`;

const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'markdown'];
const REPORTS: readonly Report[] = ['scanners'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'information'];
/** The flags that set a setting, by the setting's name. */
const SETTING_FLAGS: Readonly<Record<string, string>> = {
  targetArch: 'target-arch',
  'cis.version': 'cis-version',
  'cis.scanners': 'scanners',
  'cis.host': 'host',
  'cis.applicability': 'applicability',
  'cis.key': 'key',
};

/** A comma-separated flag as the list setting it stands for ("" is the empty list). */
function listFlag(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((x) => x.trim()).filter((x) => x !== '');
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag}: "${value}" is not one of ${allowed.join(', ')}`);
}

export function parseOptions(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        'cis-version': { type: 'string' },
        scanners: { type: 'string' },
        host: { type: 'string' },
        report: { type: 'string' },
        applicability: { type: 'string' },
        'target-arch': { type: 'string' },
        key: { type: 'string' },
        'fail-on': { type: 'string' },
        fix: { type: 'boolean' },
        list: { type: 'boolean' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (err) {
    // parseArgs words unknown options and missing values well; only the prefix is ours.
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const { analysis } = readSettings(
    {
      targetArch: v['target-arch'],
      cis: { version: v['cis-version'], scanners: listFlag(v.scanners), host: v.host, applicability: v.applicability, key: v.key },
    },
    ({ setting, value, reason }) => {
      throw new UsageError(`--${SETTING_FLAGS[setting]}: ${JSON.stringify(value)} ${reason}`);
    },
  );
  const options: CliOptions = {
    paths: parsed.positionals,
    format: oneOf('format', v.format, FORMATS, 'text'),
    failOn: oneOf('fail-on', v['fail-on'], FAIL_ON, 'warning'),
    fix: v.fix ?? false,
    list: v.list ?? false,
    force: v.force ?? false,
    report: v.report === undefined ? undefined : oneOf('report', v.report, REPORTS, 'scanners'),
    hostApplicability: analysis.cis.applicability === 'host',
    settings: analysis,
    help: v.help ?? false,
    version: v.version ?? false,
  };
  if (options.paths.length === 0 && !options.help && !options.version) throw new UsageError('no PATH given');
  if (options.force && !options.fix) throw new UsageError('--force only changes what --fix may write; give --fix too');
  if (options.format === 'markdown' && !options.report) throw new UsageError('--format markdown is for --report');
  if (options.format === 'sarif' && options.report) throw new UsageError('--report prints text, json or markdown');
  if (options.report && options.list) throw new UsageError('--report and --list print different things: give one');
  if (options.report && options.fix) throw new UsageError('--report reports on the rules as they are: run --fix first');
  return options;
}
