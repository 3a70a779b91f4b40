/**
 * auditd-lint: the core's diagnostics for rule files and rules.d directories on the command line, for CI
 * and pre-commit hooks. Exit 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.
 */
import { version } from '../../../package.json';
import { CliError, UsageError } from './errors';
import { failsAt, toFinding } from './findings';
import { fixSet } from './fix';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { collectSets, type LintSet } from './inputs';
import { analyzeSet, lintSet, type LintContext, type SetFindings } from './lint';
import { formatListing } from './format/listing';
import { parseOptions, USAGE, type CliOptions } from './options';

/** Lints a set; with --fix, first fixes what is certain, adds the missing CIS rules, and lints the result. */
function lintAndFix(set: LintSet, ctx: LintContext, fix: boolean): SetFindings {
  if (!fix) return lintSet(set, ctx);
  const fixed = fixSet(set, ctx);
  for (const message of fixed.messages) process.stderr.write(`${message}\n`);
  return lintSet(fixed.set, ctx);
}

function render(sets: SetFindings[], options: CliOptions): string {
  switch (options.format) {
    case 'json': return formatJson(sets);
    case 'sarif': return formatSarif(sets, version, process.cwd());
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
  const ctx: LintContext = { settings: options.settings, hostApplicability: options.hostApplicability };
  const warn = (message: string) => process.stderr.write(`auditd-lint: warning: ${message}\n`);
  if (options.list) {
    const listed = collectSets(options.paths, warn).map((set) => ({ set, analysis: analyzeSet(set, ctx) }));
    const out = formatListing(listed);
    process.stdout.write(out.stdout);
    if (out.stderr) process.stderr.write(out.stderr);
    return 0;
  }
  const sets = collectSets(options.paths, warn).map((set) => lintAndFix(set, ctx, options.fix));
  process.stdout.write(render(sets, options));
  const failing = sets.flatMap((s) => s.files).flatMap((f) => f.diagnostics).some((d) => failsAt(toFinding(d).severity, options.failOn));
  return failing ? 1 : 0;
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (err) {
  // Exit 2 for a crash too (as eslint does), so CI never reads a bug in the linter as findings in the rules.
  const message = err instanceof CliError ? err.message : `internal error: ${(err as Error).stack ?? String(err)}`;
  process.stderr.write(`auditd-lint: ${message}\n${err instanceof UsageError ? "Try 'auditd-lint --help'.\n" : ''}`);
  process.exitCode = 2;
}
