/**
 * The scanners' four ways of reading the rules, each over the kernel's listing: a grep for a basic
 * regular expression (docker-bench-security), a grep then a Go regexp on its output (aquasecurity), a
 * file watch of an exact path as go-libaudit renders kernel rules (Datadog), an exact line (InSpec).
 */
import { lineHolding } from '../load/editorLines';
import type { ListedRule } from '../load/listing';
import type { Match } from './data';

/** The listing, indexed once for every check. */
export interface ListingIndex {
  listing: readonly ListedRule[];
  /** Every line, one after the other with a newline between (a pattern never spans two). */
  text: string;
  /** Where each line starts in `text`. */
  starts: number[];
  lines: ReadonlySet<string>;
  /** Datadog's file watches (go-libaudit), by their path. */
  watches: ReadonlyMap<string, ListedRule[]>;
}

export function indexListing(listing: readonly ListedRule[]): ListingIndex {
  const starts: number[] = [];
  let at = 0;
  for (const l of listing) {
    starts.push(at);
    at += l.text.length + 1;
  }
  const watches = new Map<string, ListedRule[]>();
  for (const l of listing) {
    const path = fileWatchPath(l);
    if (path === undefined) continue;
    const list = watches.get(path);
    if (list) list.push(l);
    else watches.set(path, [l]);
  }
  return { listing, text: listing.map((l) => l.text).join('\n'), starts, lines: new Set(listing.map((l) => l.text)), watches };
}

/** What a match found: whether the check passes, and the listing line that decided it (if one did). */
interface MatchResult {
  pass: boolean;
  line?: ListedRule;
  /** aquasecurity: the lines grep selected when the flag did not match in them. */
  selected?: ListedRule[];
}

export function runMatch(match: Match, path: string, index: ListingIndex): MatchResult {
  switch (match.kind) {
    case 'grep': {
      const found = firstMatch(index, patternSource(path));
      return { pass: found !== undefined, line: found };
    }
    case 'grep-flag': {
      // The audit command's output: the lines `grep PATH` selects, right-trimmed of spaces and newlines
      // (`s = strings.TrimRight(s, " \n")`), then the flag followed by a non-word character or the end.
      const selected = allMatches(index, patternSource(path));
      const output = selected.map((l) => l.text).join('\n').replace(/[ \n]+$/, '');
      const flag = regexp(`${patternSource(match.flag)}(?:[^a-zA-Z0-9_-]|$)`);
      const line = selected.find((l) => flag.test(l.text.replace(/[ \n]+$/, '')));
      return flag.test(output) ? { pass: true, line } : { pass: false, selected };
    }
    case 'watch-path': {
      const line = index.watches.get(path)?.[0];
      return { pass: line !== undefined, line };
    }
    case 'line': {
      const wanted = expectedLine(match.line, path);
      return { pass: index.lines.has(wanted), line: index.listing.find((l) => l.text === wanted) };
    }
  }
}

/** An InSpec control's line with its path filled in. */
export function expectedLine(template: string, path: string): string {
  return template.replace('{path}', path);
}

/** Compiled patterns, by their source: scanner paths and flags, a small set. */
const compiled = new Map<string, RegExp>();

/** A pattern's regular expression, compiled once (never `g`: callers that iterate copy it). */
function regexp(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    if (compiled.size >= 1000) compiled.clear();
    compiled.set(source, (re = new RegExp(source)));
  }
  return re;
}

/**
 * A scanner's path or flag as a regular expression: grep's basic and Go's syntax agree on the only
 * special character their paths hold, `.` (any character but a newline); the rest is literal.
 */
export function patternSource(pattern: string): string {
  return pattern.replace(/[\\^$*+?()[\]{}|/-]/g, '\\$&');
}

function firstMatch(index: ListingIndex, source: string): ListedRule | undefined {
  const m = regexp(source).exec(index.text);
  return m ? index.listing[lineHolding(index.starts, m.index)] : undefined;
}

/** The lines grep selects, each once. */
function allMatches(index: ListingIndex, source: string): ListedRule[] {
  const out: ListedRule[] = [];
  const re = new RegExp(source, 'g');
  for (let m = re.exec(index.text); m; m = re.exec(index.text)) {
    const n = lineHolding(index.starts, m.index);
    out.push(index.listing[n]);
    // On to the next line.
    re.lastIndex = index.starts[n] + index.listing[n].text.length + 1;
  }
  return out;
}

/**
 * The path of a kernel rule go-libaudit renders as a file watch (rule.go ToCommandLine: "Must have all
 * syscalls and perm field. Only other valid fields are dir, path and key"), '' for one without a path;
 * undefined for any other rule. Unlike auditctl it looks at the mask on every list, and not at the action.
 */
export function fileWatchPath(l: ListedRule): string | undefined {
  const { allSyscalls, hasPerm, otherField } = l.shape;
  return allSyscalls && hasPerm && otherField === undefined ? l.path ?? '' : undefined;
}
