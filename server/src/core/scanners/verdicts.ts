/**
 * Each scanner's verdict on each of its checks, from the kernel's listing and the host: pass or fail,
 * and why, in the scanner's own terms. A scanner's third outcome maps to one of the two with the reason
 * said: docker-bench-security's INFO (the file is not there, no verdict), aquasecurity's WARN (an
 * unscored check) and MITRE's not-applicable skip do not fail you; Datadog's error does.
 */
import { cisTarget, normalizePath } from '../cis/catalogue';
import type { ListedRule } from '../load/listing';
import { SCANNERS, type Scanner, type ScannerCheck } from './data';
import type { HostView } from './hosts';
import { expectedLine, fileWatchPath, patternSource, runMatch, type ListingIndex } from './matchers';

export interface CheckVerdict {
  scanner: Scanner;
  check: ScannerCheck;
  /** The path the scanner looks for on this host ('' when its lookup finds none). */
  path: string;
  verdict: 'pass' | 'fail';
  /** The scanner's own word for it: PASS, WARN, INFO, error, skipped… */
  said: string;
  why: string;
  /** A loaded rule on the check's target that the scanner does not take (for a fail), or the one it took. */
  rule?: ListedRule;
  /** Why no rule can turn this fail into a pass, when none can. */
  cannotPass?: string;
}

/** Every check of every scanner, in the order of SCANNERS. */
export function scannerVerdicts(index: ListingIndex, host: HostView): CheckVerdict[] {
  const byPath = rulesByAuditedPath(index.listing);
  return SCANNERS.flatMap((scanner) => scanner.checks.map((check) => verdictOf(scanner, check, index, host, byPath)));
}

function verdictOf(scanner: Scanner, check: ScannerCheck, index: ListingIndex, host: HostView, byPath: Map<string, ListedRule>): CheckVerdict {
  const resolved = host.resolve(check.path);
  const { path } = resolved;
  const base = { scanner, check, path };
  const depends = resolved.dependsOn ? ` (depends on ${resolved.dependsOn})` : '';
  const absent = resolved.presence === 'no';
  const where = path === '' ? lookupWords(check) : path;

  if (absent && check.absent.kind === 'info') {
    return { ...base, verdict: 'pass', said: scanner.says.absent!, why: `INFO, not a failure: ${where} does not exist on ${host.label} (\`${check.absent.test}\` fails), so the check reports no verdict` };
  }
  if (absent && check.absent.kind === 'skip') {
    return { ...base, verdict: 'pass', said: scanner.says.absent!, why: `skipped as not applicable: ${where} does not exist on ${host.label}` };
  }
  if (absent && check.absent.kind === 'error') {
    return { ...base, verdict: 'fail', said: scanner.says.fail, why: `reports an error ("audit resource path does not exist"): ${where} does not exist on ${host.label}, whatever the rules`, cannotPass: `${where} does not exist on ${host.label}` };
  }
  const near = relatedRule(check, path, byPath);
  const match = check.match;
  if (path === '' && match.kind !== 'line') {
    const why = `finds no ${where} on ${host.label}, so its audit command prints nothing`;
    return { ...base, verdict: 'fail', said: scanner.says.fail, why, cannotPass: `${where} is not there on ${host.label}` };
  }
  const result = runMatch(match, path, index);
  if (result.pass) return { ...base, verdict: 'pass', said: scanner.says.pass, why: passWhy(check, path, result.line) + depends, rule: result.line };

  let why: string;
  let cannotPass: string | undefined;
  switch (match.kind) {
    case 'grep':
      why = `greps \`auditctl -l\` for ${path} and no line contains it${near ? `; this set audits ${auditedPath(near)}` : ''}`;
      break;
    case 'grep-flag': {
      const selected = result.selected?.[0];
      why = selected
        ? `greps \`auditctl -l\` for ${path} and finds \`${brief(selected.text)}\`, but ${match.flag} is followed by "${followingChar(selected.text, match.flag)}" there (it wants a character outside [A-Za-z0-9_-], or the end)`
        : `greps \`auditctl -l\` for ${path} and no line contains it${near ? `; this set audits ${auditedPath(near)}` : ''}`;
      break;
    }
    case 'watch-path':
      why = `reports an error ("audit resource path does not exist"): no kernel rule is a file watch of exactly ${path}${near ? `; \`${brief(near.text)}\` ${notAWatchOf(near, path)}` : ''}`;
      break;
    case 'line': {
      const wanted = expectedLine(match.line, path);
      why = `wants the line \`${wanted}\` in \`auditctl -l\`${near ? `; this set's rule is listed as \`${brief(near.text)}\`` : ', and no rule is listed so'}`;
      cannotPass = unlistable(wanted);
      if (cannotPass) why += `: ${cannotPass}`;
      break;
    }
  }
  if (check.unscored) return { ...base, verdict: 'pass', said: scanner.says.unscored!, why: `WARN, not FAIL (the check is not scored): ${why}`, rule: near };
  return { ...base, verdict: 'fail', said: scanner.says.fail, why: why + depends, rule: near, cannotPass };
}

function passWhy(check: ScannerCheck, path: string, line: ListedRule | undefined): string {
  const text = line ? `\`${brief(line.text)}\`` : 'a line';
  switch (check.match.kind) {
    case 'grep': {
      const exact = line && normalizePath(auditedPath(line)) === normalizePath(path);
      return `\`auditctl -l\` line ${text} contains ${path}${exact ? '' : ' (grep takes any line that contains the path)'}`;
    }
    case 'grep-flag':
      return `grep ${path} finds ${text}, where ${check.match.flag} is followed by a non-word character or the end`;
    case 'watch-path':
      return `the kernel has a file watch of exactly ${path}: ${text}`;
    case 'line':
      return `\`auditctl -l\` lists ${text}`;
  }
}

/** The lookup a check's path comes from, for when it finds none. */
function lookupWords(check: ScannerCheck): string {
  const p = check.path;
  if ('serviceFile' in p) return `file for get_service_file ${p.serviceFile}`;
  if ('fragmentPath' in p) return `FragmentPath for ${p.fragmentPath}`;
  return 'path';
}

/**
 * Why `auditctl -l` never prints a line, if it never does: a watch-form line always has ` -p` after
 * the path (is_watch() needs a perm field), and a path is never empty.
 */
function unlistable(line: string): string | undefined {
  if (line.startsWith('-w  ')) return 'the scanner found no path on the host, and `auditctl -l` never prints an empty one';
  if (line.startsWith('-w ') && !/^-w \S+ -p /.test(line)) return '`auditctl -l` prints -p for every watch, so no rule is listed without it';
  return undefined;
}

/** The character after the flag in a line, as aquasecurity's regexp sees it. */
function followingChar(text: string, flag: string): string {
  const m = new RegExp(patternSource(flag)).exec(text);
  return m ? text.charAt(m.index + m[0].length) : '';
}

/** Why go-libaudit does not render a rule as a file watch of `path`. */
function notAWatchOf(line: ListedRule, path: string): string {
  const watched = fileWatchPath(line);
  if (watched !== undefined) return `watches ${watched}, not ${path}`;
  const { allSyscalls, hasPerm, hasArch, otherField } = line.shape;
  if (!allSyscalls) return hasArch ? 'has an arch (with which perm= names its syscalls), and a file watch has all syscalls and no arch' : 'names syscalls, and a file watch has all of them';
  if (!hasPerm) return 'has no perm field, and a file watch has one';
  return `has a ${otherField} field, and a file watch has only path, dir, perm and key`;
}

/** A listing line to quote: a long -S list shortened to its first names and its count. */
function brief(text: string): string {
  return text.replace(/ -S (\S+)/, (whole, names: string) => {
    const list = names.split(',');
    return list.length > 4 ? ` -S ${list.slice(0, 3).join(',')},… (${list.length} syscalls)` : whole;
  });
}

/** The path or dir a listed rule audits. */
function auditedPath(line: ListedRule): string {
  return line.path ?? '';
}

/** Loaded rules by the normalised path they name (the first of each), for pointing at the rule a scanner passed over. */
function rulesByAuditedPath(listing: readonly ListedRule[]): Map<string, ListedRule> {
  const map = new Map<string, ListedRule>();
  for (const l of listing) {
    const path = auditedPath(l);
    if (path !== '' && !map.has(normalizePath(path))) map.set(normalizePath(path), l);
  }
  return map;
}

/** A loaded rule on the check's own path, else on any path its target is known under. */
function relatedRule(check: ScannerCheck, path: string, byPath: Map<string, ListedRule>): ListedRule | undefined {
  const paths = [path, ...cisTarget(check.target).paths].filter((p) => p !== '');
  for (const p of paths) {
    const found = byPath.get(normalizePath(p));
    if (found) return found;
  }
  return undefined;
}
