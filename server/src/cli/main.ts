/**
 * auditd-lint: the core's diagnostics for rule files and rules.d directories on the command line, for CI
 * and pre-commit hooks. Exit 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.
 */
import { setFlagsFromString } from 'node:v8';
import { version } from '../../../package.json';
import { FactsCache, targetMachine } from '../core';
import { CliError, UsageError } from './errors';
import { failsAt, toFinding } from './findings';
import { fixSet } from './fix';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { collectSets, type LintSet } from './inputs';
import { analyzeSet, lintSet, type LintContext, type SetFindings } from './lint';
import { formatListing } from './format/listing';
import { formatReport } from './format/report';
import { parseOptions, USAGE, type CliOptions } from './options';
import { rewriteAll } from './rewrite';

/**
 * With --fix: every set fixed in memory, every file to change checked, then all written, then the
 * result linted; a file that cannot be written stops the run before any is.
 */
function fixAndLint(sets: LintSet[], ctx: LintContext, force: boolean): SetFindings[] {
  const fixed = sets.map((set) => fixSet(set, ctx));
  rewriteAll(fixed.flatMap((f) => f.rewrites), force);
  for (const message of fixed.flatMap((f) => f.messages)) process.stderr.write(`${message}\n`);
  return fixed.map((f) => lintSet(f.set, ctx, f.analysis));
}

function render(sets: SetFindings[], options: CliOptions & { format: 'text' | 'json' | 'sarif' }): string {
  switch (options.format) {
    case 'json': return formatJson(sets);
    case 'sarif': return formatSarif(sets, { toolVersion: version, cwd: process.cwd(), settings: options.settings });
    case 'text': return formatText(sets, {
      color: process.stdout.isTTY === true && !process.env.NO_COLOR,
      fixPreview: !options.fix,
    });
  }
}

function run(argv: string[]): number {
  const options = parseOptions(argv);
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (options.version) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const ctx: LintContext = {
    settings: options.settings,
    hostApplicability: options.hostApplicability,
    lines: options.fix ? new FactsCache(targetMachine(options.settings.targetArch), true) : undefined,
  };
  const warn = (message: string) => process.stderr.write(`auditd-lint: warning: ${message}\n`);
  if (options.list) {
    const listed = collectSets(options.paths, warn).map((set) => ({ set, analysis: analyzeSet(set, ctx) }));
    const out = formatListing(listed);
    process.stdout.write(out.stdout);
    if (out.stderr) process.stderr.write(out.stderr);
    return 0;
  }
  if (options.report) {
    const [set, ...more] = collectSets(options.paths, warn);
    if (more.length > 0) throw new UsageError('--report scanners reports on one rule set: name one file or one directory');
    const analysis = analyzeSet(set, ctx);
    process.stdout.write(formatReport(analysis, options.format === 'sarif' ? 'text' : options.format));
    // As a lint would fail: a selected scanner's failing check at or above --fail-on.
    const fails = [...analysis.diagnostics.values()].flat().filter((d) => (d.data as { kind?: string } | undefined)?.kind === 'cis-scanner');
    return fails.some((d) => failsAt(toFinding(d).severity, options.failOn)) ? 1 : 0;
  }
  const read = collectSets(options.paths, warn);
  const sets = options.fix ? fixAndLint(read, ctx, options.force) : read.map((set) => lintSet(set, ctx));
  process.stdout.write(render(sets, { ...options, format: options.format === 'markdown' ? 'text' : options.format }));
  const failing = sets.flatMap((s) => s.files).flatMap((f) => f.diagnostics).some((d) => failsAt(toFinding(d).severity, options.failOn));
  return failing ? 1 : 0;
}

/*
 * The young generation keeps its first size (1 MB semi-spaces, where V8 grows them to 16 MB as a large
 * set is read): a lint keeps every line's facts to its end, so each scavenge copies them all the same,
 * and larger semi-spaces only add fresh pages to touch and spill the copying out of the cache (a cold
 * lint of 100,000 lines: 31,000 → 23,000 page faults, 1.50 → 1.34 s CPU). Set here rather than on the
 * command line: a flag given at start makes Node compile its own modules anew.
 */
setFlagsFromString('--semi-space-growth-factor=1');

try {
  process.exitCode = run(process.argv.slice(2));
} catch (err) {
  // Exit 2 for a crash too (as eslint does), so CI never reads a bug in the linter as findings in the rules.
  const message = err instanceof CliError ? err.message : `internal error: ${(err as Error).stack ?? String(err)}`;
  // One problem per line, each with the program's name, as grep and compilers print them.
  process.stderr.write(`${message.split('\n').map((line) => `auditd-lint: ${line}`).join('\n')}\n${err instanceof UsageError ? "Try 'auditd-lint --help'.\n" : ''}`);
  process.exitCode = 2;
}
