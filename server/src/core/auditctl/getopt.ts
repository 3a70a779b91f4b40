/**
 * GNU getopt_long as auditctl calls it (optstring below, opterr=0, argument permutation on), over the
 * tokens of one line. It yields the options in the order auditctl's handlers see them, each with the
 * tokens it spans, so a diagnostic can point at the exact option and argument.
 */
import type { Token } from './tokenize';

/** auditctl's optstring: a letter followed by ':' takes an argument. */
const OPTSTRING = 'hicslDvtC:e:f:r:b:a:A:d:S:F:m:R:w:W:k:p:q:';
const SHORT_TAKES_ARG = new Map<string, boolean>();
for (let i = 0; i < OPTSTRING.length; i++) {
  if (OPTSTRING[i] === ':') continue;
  SHORT_TAKES_ARG.set(OPTSTRING[i], OPTSTRING[i + 1] === ':');
}

/** auditctl's long options (all compiled in on a current build). */
const LONG_OPTIONS: ReadonlyMap<string, boolean> = new Map([
  ['help', false],
  ['loginuid-immutable', false],
  ['backlog_wait_time', true],
  ['reset-lost', false],
  ['reset_backlog_wait_time_actual', false],
  ['signal', true],
]);

export interface OptionEvent {
  kind: 'option';
  /** 'a', 'F', … or the long name ('backlog_wait_time'); 'help' for --help. */
  name: string;
  arg?: string;
  /** Index of the token holding the option, and of the last token it spans (the argument's). */
  first: number;
  last: number;
  /** Offsets in the line of this option's text (for a cluster like -ic, just its letter). */
  start: number;
  end: number;
  /**
   * The token getopt scans next. optind, which counts argv[0] ("auditctl"), is one more: glibc permutes
   * skipped words lazily, so right after an option optind is simply the argv index of the next word to scan.
   */
  next: number;
}

interface InvalidEvent {
  kind: 'invalid';
  /** What auditctl prints as the bad option: argv[optind-1] at that moment. */
  shown: string;
  first: number;
  last: number;
  start: number;
  end: number;
  next: number;
}

export type GetoptEvent = OptionEvent | InvalidEvent;

/**
 * Runs getopt over the tokens. `events` is lazy in effect: the caller stops reading when auditctl
 * would stop its loop. Each event tells where getopt scans next, and `nonOptions` lists the tokens
 * getopt skipped (they end up after optind by permutation).
 */
interface GetoptRun {
  events: GetoptEvent[];
  /** optind (counting argv[0] = "auditctl") after the final EOF. */
  finalOptind: number;
  /** Token indexes getopt passed over as non-options, in order. */
  nonOptions: number[];
}

export function getopt(tokens: readonly Token[]): GetoptRun {
  const events: GetoptEvent[] = [];
  const nonOptions: number[] = [];
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i];
    const t = tok.text;
    if (t === '--') {
      for (let j = i + 1; j < tokens.length; j++) nonOptions.push(j);
      i = tokens.length;
      break;
    }
    if (!isOption(t)) {
      nonOptions.push(i);
      i++;
      continue;
    }
    if (t.startsWith('--')) {
      const body = t.slice(2);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const matched = matchLong(name);
      if (!matched) {
        events.push({ kind: 'invalid', shown: t, first: i, last: i, start: tok.start, end: tok.end, next: i + 1 });
        i++;
        continue;
      }
      const takesArg = LONG_OPTIONS.get(matched)!;
      if (eq >= 0) {
        if (!takesArg) {
          events.push({ kind: 'invalid', shown: t, first: i, last: i, start: tok.start, end: tok.end, next: i + 1 });
        } else {
          events.push({ kind: 'option', name: matched, arg: body.slice(eq + 1), first: i, last: i, start: tok.start, end: tok.end, next: i + 1 });
        }
        i++;
        continue;
      }
      if (takesArg) {
        if (i + 1 >= tokens.length) {
          events.push({ kind: 'invalid', shown: t, first: i, last: i, start: tok.start, end: tok.end, next: i + 1 });
          i++;
          continue;
        }
        events.push({ kind: 'option', name: matched, arg: tokens[i + 1].text, first: i, last: i + 1, start: tok.start, end: tokens[i + 1].end, next: i + 2 });
        i += 2;
        continue;
      }
      events.push({ kind: 'option', name: matched, first: i, last: i, start: tok.start, end: tok.end, next: i + 1 });
      i++;
      continue;
    }
    // A cluster of short options: -ic, -Farch=b64, -wa.
    let k = 1;
    while (k < t.length) {
      const letter = t[k];
      const takesArg = SHORT_TAKES_ARG.get(letter);
      const atEnd = k === t.length - 1;
      // The first option of a word spans its '-' too; later letters of a cluster (-ic) just themselves.
      const letterStart = k === 1 ? tok.start : tok.start + rawOffset(tok, k);
      if (takesArg === undefined) {
        // glibc advances optind only when the bad letter ends the token; auditctl then prints
        // argv[optind-1], which for a letter inside a cluster is the word before it.
        const next = atEnd ? i + 1 : i;
        const shown = next >= 1 ? tokens[next - 1].text : ' ';
        events.push({ kind: 'invalid', shown, first: i, last: i, start: letterStart, end: letterStart + 1, next });
        if (atEnd) { i++; break; }
        k++;
        continue;
      }
      if (!takesArg) {
        events.push({ kind: 'option', name: letter, first: i, last: i, start: letterStart, end: letterStart + 1, next: atEnd ? i + 1 : i });
        if (atEnd) { i++; break; }
        k++;
        continue;
      }
      if (!atEnd) {
        events.push({ kind: 'option', name: letter, arg: t.slice(k + 1), first: i, last: i, start: letterStart, end: tok.end, next: i + 1 });
        i++;
        break;
      }
      if (i + 1 >= tokens.length) {
        events.push({ kind: 'invalid', shown: t, first: i, last: i, start: tok.start, end: tok.end, next: i + 1 });
        i++;
        break;
      }
      events.push({ kind: 'option', name: letter, arg: tokens[i + 1].text, first: i, last: i + 1, start: letterStart, end: tokens[i + 1].end, next: i + 2 });
      i += 2;
      break;
    }
  }
  const finalOptind = 1 + (tokens.length - nonOptions.length);
  return { events, finalOptind, nonOptions };
}

/** A word getopt reads as options: '-' and at least one letter. */
function isOption(t: string): boolean {
  return t.length > 1 && t[0] === '-';
}

/** Exact name, else the unique long option it abbreviates (getopt_long's prefix rule). */
function matchLong(name: string): string | undefined {
  if (LONG_OPTIONS.has(name)) return name;
  const candidates = [...LONG_OPTIONS.keys()].filter((o) => o.startsWith(name));
  return name.length > 0 && candidates.length === 1 ? candidates[0] : undefined;
}

/** Offset in the raw line of character k of the token's text (escapes make them differ). */
function rawOffset(tok: Token, k: number): number {
  return Math.min(k, tok.end - tok.start - 1);
}
