/**
 * A whole load, as `auditctl -R` runs it over a file (or over the merged file augenrules builds):
 * -i/-c, the first refused line that stops everything after it, -e 2, -D, -W/-d, and the kernel's
 * duplicate test. Its result is what is really loaded, which is what the CIS checks look at.
 *
 * Laid out so that an edit costs the lines it touched. The kernel's list only ever compares a rule with
 * rules that share one of its identities, so the rules fall into groups (rules linked by shared
 * identities) that load independently of each other, given two facts of the whole load: where -e 2 locks
 * the configuration, and where -D empties the list. A changed line re-runs only its group (and the group
 * it leaves); a changed -e 2 or -D re-runs them all. Everything else (the stop, -i's count, each line's
 * outcome) follows from a few sparse sets: the refused lines, the failed rules, the control lines.
 */
import { hintFor } from '../auditctl/hints';
import { spliceIn } from './ruleFile';
import { RuleStore, type LineRef, type Match, type SameIdentity } from './kernelRules';
import type { Control, LineFacts, LineProblem, RuleFacts } from '../auditctl/types';

/**
 * One line (one read of a line) of the load, in load order. It is its own LineRef (one object per line:
 * a file of 100,000 lines holds 100,000 of them), kept up to date as lines come and go. What only a few
 * entries have (a further read of an over-long line, a line augenrules fused or moved) is kept apart.
 */
export class LoadEntry implements LineRef {
  /** Its place in the load (kept up to date by Load.splice). */
  seq = 0;
  lineno?: number;
  /** What sending its rule did (Load's business). */
  sent?: Sent;
  private rare?: RareFacts;

  /**
   * `column`: where a further read of an over-long line starts; `text`: what auditctl reads, when it is
   * not the line's first read (a further read, lines augenrules fused).
   */
  constructor(readonly file: number, public line: number, readonly facts: LineFacts, column?: number, text?: string) {
    if (column || text !== undefined) this.rare = { column, text };
  }

  get column(): number | undefined {
    return this.rare?.column;
  }

  get text(): string | undefined {
    return this.rare?.text;
  }

  /** augenrules moved the line: its last -D, -b and -f before every rule, its last -e after them all. */
  get moved(): 'first' | 'last' | undefined {
    return this.rare?.moved;
  }

  set moved(moved: 'first' | 'last' | undefined) {
    (this.rare ??= {}).moved = moved;
  }

  /**
   * The line is a file's unterminated last line fused with the next file's first line (augenrules' cat):
   * from offset `at` of `text` on, the words are that line's.
   */
  get joined(): Joined | undefined {
    return this.rare?.joined;
  }

  set joined(joined: Joined | undefined) {
    (this.rare ??= {}).joined = joined;
  }

  get ref(): LineRef {
    return this;
  }
}

interface Joined { file: number; line: number; at: number }
interface RareFacts { column?: number; text?: string; moved?: 'first' | 'last'; joined?: Joined }

/** What the kernel made of a rule sent to it. */
type Sent =
  | { kind: 'added'; removedBy?: LoadEntry }
  | { kind: 'deleted' }
  | { kind: 'exists'; existing: LoadEntry }
  | { kind: 'no-such-rule' }
  /** After -e 2: "Operation not permitted". */
  | { kind: 'locked' };

export type LineOutcome =
  | 'loaded'
  /** auditctl refused it and stopped the load here. */
  | 'stopped-here'
  /** auditctl refused it; -i/-c let it go on. */
  | 'refused-skipped'
  /** After a stop (or after --signal aborted auditctl): never read. */
  | 'not-loaded'
  /** `LIST,possible`: skipped without error. */
  | 'skipped';

/**
 * A problem of the load. Its words name other lines as `{related}` and `{locked}` (the first line -e 2
 * locks): the analysis writes them as the editor numbers lines, with the file's name when it is another.
 */
export interface LoadProblem extends LineProblem { entry: LoadEntry; ref: LineRef; related?: LineRef; locked?: LineRef }

/** What the load needs to know of an entry beyond its facts. */
interface EntryText {
  /** Where the entry's words start and end in its read (a problem of the whole line spans them). */
  span(entry: LoadEntry): { start: number; end: number };
  /** Whether two rules whose identity hashes match are the same rule to the kernel. */
  same: SameIdentity<LoadEntry>;
}

export interface LoadResult {
  /** The entry where the load stopped, if it did. */
  stop?: LoadEntry;
  /** The entry whose -e 2 made the configuration immutable, if one did (past the stop included). */
  immutableAt?: LoadEntry;
  /** Problems of the load as a whole (duplicates, immutability, the stop), in load order. */
  problems: LoadProblem[];
  outcome(entry: LoadEntry): LineOutcome | undefined;
  /** The rules auditing this (normalised) path that are in the kernel at the end (at the stop, if the load stopped), in load order. */
  loadedByPath(pathKey: string): LoadEntry[];
  /** Every rule in the kernel at the end, in load order (a walk over the whole load). */
  loadedRules(): LoadEntry[];
  /** The rules in the kernel at the end whose text holds this Docker word (RuleFacts.words), in load order. */
  loadedMentioning(word: string): LoadEntry[];
  /** The first and last lines that never load, when the load stops. */
  notLoadedSpan?: { first: LoadEntry; last: LoadEntry };
}

const LOCKED = { kind: 'locked' } as const;
const DELETED = { kind: 'deleted' } as const;
/** Most rules are added and stay: they share one record. */
const ADDED = { kind: 'added' } as const;

function bySeq(a: LoadEntry, b: LoadEntry): number {
  return a.seq - b.seq;
}

function ruleOf(e: LoadEntry): RuleFacts {
  return e.facts.rule!;
}

/** A rule entry, as the load sends it: a command auditctl does not skip, with a rule. */
function sendsRule(facts: LineFacts): boolean {
  return facts.rule !== undefined && !facts.skipped;
}

/** What the control lines decide for the whole load. */
interface ControlFacts {
  ignoreAt?: LoadEntry;
  continueAt?: LoadEntry;
  /** The -i line that makes auditctl exit 0 over refused lines. */
  hiddenBy?: LoadEntry;
  immutableAt?: LoadEntry;
  abortAt?: LoadEntry;
  /** -D lines before -e 2, which empty the kernel's list (of a key's rules). */
  deletes: LoadEntry[];
  /** Control lines the kernel refuses after -e 2, with the control and auditctl's words. */
  locked: Map<LoadEntry, { control: Control; message: string }>;
}

export class Load {
  /** The entries in load order; entries[i].seq === i. */
  private entries: LoadEntry[] = [];
  /**
   * Rule entries by each identity they are looked up or stored under, to find a changed line's group:
   * made at the first change (a load that never changes, the CLI's, never needs it).
   */
  private byId?: Index<number>;
  readonly byPath = new Index<string>();
  /** Rule entries by each part of their key. */
  readonly byKey = new Index<string>();
  /** Rule entries by each Docker word their text holds. */
  private readonly byWord = new Index<string>();
  /** Rule entries that delete a rule (-d, -W). */
  readonly deletes = new Set<LoadEntry>();
  /** Entries with controls (-e, -D, -i, -c, -b, …), not skipped. */
  readonly controls = new Set<LoadEntry>();
  /** Entries auditctl itself refuses. */
  private readonly refusedLines = new Set<LoadEntry>();
  /** Entries with problems of their own (the line's analysis). */
  readonly withProblems = new Set<LoadEntry>();
  /** Rules the kernel refused as duplicates or as not found. */
  private readonly failedSends = new Set<LoadEntry>();
  /**
   * Rules whose send the loading host decides (a watch and an explicit path=/dir= rule of one path): the
   * load goes on as where they differ, and says on which hosts the kernel would refuse the line.
   */
  private readonly hostDecides = new Map<LoadEntry, { op: 'add' | 'delete'; match: Match<LoadEntry> }>();
  /** Identities whose group must load again; 'all' when every group must. */
  private pending: Set<number> | 'all' = 'all';
  /** The -e 2 and -D lines the groups last loaded under. */
  private loadedUnder: LoadEntry[] = [];
  private cached?: LoadResult;

  /** `numbered`: entries are auditctl's lines in order (a lone file), so an entry's lineno is its place. */
  constructor(private readonly text: EntryText, private readonly numbered: boolean) {}

  get size(): number {
    return this.entries.length;
  }

  /** Every entry, in load order. */
  get all(): readonly LoadEntry[] {
    return this.entries;
  }

  at(seq: number): LoadEntry | undefined {
    return this.entries[seq];
  }

  /** The first entry at or after a line of a file (entries are in line order within a lone file). */
  firstAtLine(line: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid].line < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Replaces `removed` entries at `at` with `added`; the entries after them move by `lineDelta` lines.
   * Renumbering the tail is a tight loop; the loading work is the changed entries' groups only.
   */
  splice(at: number, removed: number, added: LoadEntry[], lineDelta: number): void {
    if (!this.byId) {
      this.byId = new Index<number>();
      for (const e of this.entries) if (sendsRule(e.facts)) indexIds(this.byId, e);
    }
    this.replace(at, removed, added, lineDelta);
  }

  /** The load's entries, the first time: nothing to compare with, and no groups to find yet. */
  fill(entries: LoadEntry[]): void {
    this.replace(0, this.entries.length, entries, 0);
  }

  private replace(at: number, removed: number, added: LoadEntry[], lineDelta: number): void {
    const gone = spliceIn(this.entries, at, removed, added);
    for (const e of gone) this.unindex(e);
    for (let i = at; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (i >= at + added.length) e.line += lineDelta;
      e.seq = i;
      if (this.numbered) e.lineno = i + 1;
    }
    for (const e of added) this.index(e);
    this.cached = undefined;
  }

  private index(e: LoadEntry): void {
    const f = e.facts;
    // A skipped line (`LIST,possible`) has its warning, and does nothing else.
    if (f.problems.length > 0) this.withProblems.add(e);
    if (f.kind !== 'command' || f.skipped) return;
    if (f.refused) this.refusedLines.add(e);
    if (f.controls.length > 0) this.controls.add(e);
    if (!sendsRule(f)) return;
    const rule = f.rule!;
    this.markPending(rule);
    if (this.byId) indexIds(this.byId, e);
    if (rule.pathKey !== undefined) this.byPath.add(rule.pathKey, e);
    if (rule.key !== undefined) for (const part of rule.key.split('\x01')) this.byKey.add(part, e);
    if (rule.words) for (const word of rule.words) this.byWord.add(word, e);
    if (rule.op === 'delete') this.deletes.add(e);
  }

  private unindex(e: LoadEntry): void {
    const f = e.facts;
    this.refusedLines.delete(e);
    this.withProblems.delete(e);
    this.controls.delete(e);
    this.failedSends.delete(e);
    this.hostDecides.delete(e);
    if (!sendsRule(f)) return;
    const rule = f.rule!;
    this.markPending(rule);
    if (this.byId) {
      for (const id of rule.findIds) this.byId.delete(id, e);
      for (const id of rule.storedIds) this.byId.delete(id, e);
    }
    if (rule.pathKey !== undefined) this.byPath.delete(rule.pathKey, e);
    if (rule.key !== undefined) for (const part of rule.key.split('\x01')) this.byKey.delete(part, e);
    if (rule.words) for (const word of rule.words) this.byWord.delete(word, e);
    this.deletes.delete(e);
  }

  private markPending(rule: RuleFacts): void {
    if (this.pending === 'all') return;
    for (const id of rule.findIds) this.pending.add(id);
    for (const id of rule.storedIds) this.pending.add(id);
  }

  result(): LoadResult {
    if (this.cached) return this.cached;
    const controls = this.controlFacts();
    const under = [controls.immutableAt, ...controls.deletes].filter((e): e is LoadEntry => e !== undefined);
    if (under.length !== this.loadedUnder.length || under.some((e, i) => e !== this.loadedUnder[i])) this.pending = 'all';
    this.loadedUnder = under;
    if (this.pending === 'all') this.loadGroups(this.entries.filter((e) => sendsRule(e.facts)), controls);
    else if (this.pending.size > 0) this.loadGroups(this.groupOf(this.pending), controls);
    this.pending = new Set();
    this.lockDeletes(controls);
    this.cached = this.derive(controls);
    return this.cached;
  }

  /** -i/-c, -e and the rest as auditctl applies them in order; the kernel's refusals after -e 2 but -D's (see lockDeletes). */
  private controlFacts(): ControlFacts {
    const facts: ControlFacts = { deletes: [], locked: new Map() };
    for (const e of [...this.controls].sort(bySeq)) {
      // --signal with an unknown signal ends auditctl there, whatever else the line did.
      if (e.facts.controls.some((c) => c.kind === 'abortLoad')) facts.abortAt ??= e;
      for (const c of e.facts.controls) {
        if (this.applyControl(e, c, facts) === false) break;
      }
    }
    return facts;
  }

  /** false: the kernel refused it (after -e 2), and auditctl applies nothing more of the line. */
  private applyControl(e: LoadEntry, c: Control, facts: ControlFacts): boolean | undefined {
    const lock = (message: string) => {
      facts.locked.set(e, { control: c, message });
      return false;
    };
    switch (c.kind) {
      case 'ignoreErrors':
        if (!c.continueAfter && !facts.continueAt && !facts.ignoreAt) facts.hiddenBy = e;
        facts.ignoreAt ??= e;
        if (c.continueAfter) facts.continueAt ??= e;
        return true;
      case 'abortLoad':
        return true;
      case 'enable':
        if (facts.immutableAt) return lock('Error sending enable request (Operation not permitted)');
        if (c.value === 2) facts.immutableAt = e;
        return true;
      case 'kernelSetting':
        if (facts.immutableAt && c.request) return lock(`Error sending ${c.request} request (Operation not permitted)`);
        return true;
      case 'deleteAll':
        // After -e 2 the kernel refuses it if it has rules to delete; which it has is the groups' answer (lockDeletes).
        if (!facts.immutableAt) facts.deletes.push(e);
        return true;
    }
  }

  /**
   * delete_all_rules() sends one delete per matching rule: after -e 2 the kernel refuses the first, unless
   * there is none. The list is frozen from -e 2 on, so "none" is the list as it was at -e 2.
   */
  private lockDeletes(facts: ControlFacts): void {
    const immutable = facts.immutableAt;
    if (!immutable) return;
    const lockedLines = [...this.controls].filter((e) => e.seq > immutable.seq && !facts.locked.has(e)).sort(bySeq);
    for (const e of lockedLines) {
      for (const c of e.facts.controls) {
        if (c.kind !== 'deleteAll') continue;
        if (this.anyLoadedAt(immutable, c.key)) facts.locked.set(e, { control: c, message: 'Error deleting rule (Operation not permitted)' });
        break;
      }
    }
  }

  private anyLoadedAt(at: LoadEntry, key: string | undefined): boolean {
    const candidates = key === undefined ? this.entries.slice(0, at.seq) : [...this.byKey.get(key)];
    return candidates.some((e) => e.seq < at.seq && e.sent?.kind === 'added' && (e.sent.removedBy === undefined || e.sent.removedBy.seq > at.seq));
  }

  /** The rule entries linked to these identities through shared identities, in load order. */
  private groupOf(ids: Iterable<number>): LoadEntry[] {
    const seenIds = new Set<number>();
    const group = new Set<LoadEntry>();
    const queue = [...ids];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (seenIds.has(id)) continue;
      seenIds.add(id);
      for (const e of this.byId!.get(id)) {
        if (group.has(e)) continue;
        group.add(e);
        const rule = ruleOf(e);
        for (const next of rule.findIds) if (!seenIds.has(next)) queue.push(next);
        for (const next of rule.storedIds) if (!seenIds.has(next)) queue.push(next);
      }
    }
    return [...group].sort(bySeq);
  }

  /** The kernel's list over these rule entries (whole groups, in load order), with the -D lines among them. */
  private loadGroups(rules: readonly LoadEntry[], controls: ControlFacts): void {
    const wipes = controls.deletes;
    // A -D before the first of these rules finds the list empty (of them): only a later one needs their order.
    const store = new RuleStore<LoadEntry>(ruleOf, this.text.same, rules.length > 0 && wipes.some((w) => w.seq > rules[0].seq));
    const immutable = controls.immutableAt?.seq ?? Infinity;
    let w = 0;
    for (const e of rules) {
      // A -D runs before the rules after it, and before a rule on its own line (controls come first).
      for (; w < wipes.length && wipes[w].seq <= e.seq; w++) this.wipe(store, wipes[w]);
      this.failedSends.delete(e);
      this.hostDecides.delete(e);
      const rule = ruleOf(e);
      if (e.facts.refused) {
        e.sent = undefined;
      } else if (e.seq >= immutable) {
        e.sent = LOCKED;
      } else {
        const match = store.find(e);
        // Equal only on some hosts: the load goes on as on the others (no Error on a guess), and says so.
        if (match?.onHost) this.hostDecides.set(e, { op: rule.op, match });
        if (rule.op === 'add') {
          if (match && !match.onHost) {
            e.sent = { kind: 'exists', existing: match.rule };
            this.failedSends.add(e);
          } else {
            store.add(e);
            e.sent = ADDED;
          }
        } else if (!match) {
          e.sent = { kind: 'no-such-rule' };
          this.failedSends.add(e);
        } else {
          store.remove(match.rule);
          match.rule.sent = { kind: 'added', removedBy: e };
          e.sent = DELETED;
        }
      }
    }
    for (; w < wipes.length; w++) this.wipe(store, wipes[w]);
  }

  private wipe(store: RuleStore<LoadEntry>, d: LoadEntry): void {
    for (const c of d.facts.controls) {
      if (c.kind !== 'deleteAll') continue;
      for (const r of store.matching(c.key)) {
        store.remove(r);
        r.sent = { kind: 'added', removedBy: d };
      }
    }
  }

  private derive(controls: ControlFacts): LoadResult {
    const immutable = controls.immutableAt;
    const ignoreSeq = controls.ignoreAt?.seq ?? Infinity;
    // Rules sent after -e 2 ("Operation not permitted"): every rule line from there on, but those whose controls the kernel refused first.
    const lockedSend = (e: LoadEntry) => e.sent === LOCKED && !controls.locked.has(e);
    const firstLockedSend = immutable ? this.nextFrom(immutable.seq, lockedSend) : undefined;
    const refused = (e: LoadEntry) => e.facts.refused || controls.locked.has(e) || this.failedSends.has(e) || lockedSend(e);

    // The load stops at the first refused line before -i/-c, or where --signal aborts it.
    let stop = controls.abortAt;
    const consider = (e: LoadEntry | undefined) => {
      if (e && e.seq < ignoreSeq && (!stop || e.seq < stop.seq)) stop = e;
    };
    for (const e of this.refusedLines) consider(e);
    for (const e of this.failedSends) consider(e);
    for (const e of controls.locked.keys()) consider(e);
    consider(firstLockedSend);
    const stopSeq = stop?.seq ?? Infinity;

    const problems: LoadProblem[] = [];
    const lockedProblem = (e: LoadEntry, message: string, at?: { start: number; end: number }): LoadProblem => ({
      ...this.wholeSpan(e), ...at,
      severity: 'error', code: 'kernel-immutable', message,
      hint: 'The configuration is immutable after -e 2 on {related}: move -e 2 to the end.',
      entry: e, ref: e.ref, related: immutable!.ref,
    });
    const troubled = new Set<LoadEntry>([...this.failedSends, ...controls.locked.keys()]);
    if (firstLockedSend) for (let e: LoadEntry | undefined = firstLockedSend; e; e = this.nextFrom(e.seq + 1, lockedSend)) troubled.add(e);
    for (const e of [...troubled].sort(bySeq)) {
      const locked = controls.locked.get(e);
      if (locked) {
        const c = locked.control;
        problems.push(lockedProblem(e, locked.message, 'start' in c ? { start: c.start, end: c.end } : undefined));
        continue;
      }
      const sent = e.sent!;
      const verb = ruleOf(e).op === 'add' ? 'add' : 'delete';
      if (sent.kind === 'locked') problems.push(lockedProblem(e, `Error sending ${verb} rule data request (Operation not permitted)`));
      else if (sent.kind === 'exists') {
        problems.push({
          ...this.wholeSpan(e), severity: 'error', code: 'kernel-rule-exists',
          message: 'Error sending add rule data request (Rule exists)',
          hint: 'Delete this line: it repeats the rule on {related}.',
          entry: e, ref: e.ref, related: sent.existing.ref,
        });
      } else if (sent.kind === 'no-such-rule') {
        problems.push({
          ...this.wholeSpan(e), severity: 'error', code: 'kernel-no-such-rule',
          message: 'Error sending delete rule data request (No such file or directory)',
          hint: 'No loaded rule matches exactly (fields, perms and key included).',
          entry: e, ref: e.ref,
        });
      }
    }
    const firstLocked = [...controls.locked.keys(), firstLockedSend].reduce<LoadEntry | undefined>(
      (first, e) => (e && (!first || e.seq < first.seq) ? e : first), undefined);
    if (immutable && firstLocked) {
      problems.push({
        ...this.wholeSpan(immutable), severity: 'warning', code: 'immutable-too-early',
        message: '-e 2 makes the configuration immutable here: every later rule or setting fails with "Operation not permitted" (first on {locked})',
        hint: hintFor('immutable-too-early'), entry: immutable, ref: immutable.ref, locked: firstLocked.ref,
      });
    }
    for (const [e, { op, match }] of [...this.hostDecides].sort(([a], [b]) => a.seq - b.seq)) problems.push(hostProblem(e, op, match, this.wholeSpan(e)));
    const hiddenBy = controls.hiddenBy;
    const hidden = hiddenBy ? this.countRefused(ignoreSeq, Math.min(controls.continueAt?.seq ?? Infinity, stopSeq), refused) : 0;
    if (hiddenBy && hidden > 0) {
      problems.push({
        ...this.wholeSpan(hiddenBy), severity: 'warning', code: 'ignore-hides-errors',
        message: `-i hides ${hidden} refused line${hidden === 1 ? '' : 's'}: auditctl skips ${hidden === 1 ? 'it' : 'them'} and still exits 0, so the load looks clean`,
        hint: hintFor('ignore-hides-errors'), entry: hiddenBy, ref: hiddenBy.ref,
      });
    }

    const loadedAtEnd = (e: LoadEntry) => {
      const sent = e.sent;
      if (sent?.kind !== 'added' || e.seq >= stopSeq) return false;
      // The stop's own controls ran before auditctl stopped (a -D there empties the list first).
      return sent.removedBy === undefined || sent.removedBy.seq > stopSeq;
    };
    const command = (e: LoadEntry) => e.facts.kind === 'command';
    const notLoadedFirst = stop ? this.nextFrom(stopSeq + 1, command) : undefined;
    const notLoadedLast = notLoadedFirst ? this.previousFrom(this.entries.length - 1, command) : undefined;
    return {
      stop,
      immutableAt: immutable,
      problems,
      outcome: (e) => {
        if (e.facts.kind !== 'command') return undefined;
        if (e.seq > stopSeq) return 'not-loaded';
        if (e === stop) return 'stopped-here';
        if (e.facts.skipped) return 'skipped';
        return refused(e) ? 'refused-skipped' : 'loaded';
      },
      loadedByPath: (pathKey) => [...this.byPath.get(pathKey)].filter(loadedAtEnd).sort(bySeq),
      loadedRules: () => this.entries.filter(loadedAtEnd),
      loadedMentioning: (word) => [...this.byWord.get(word)].filter(loadedAtEnd).sort(bySeq),
      notLoadedSpan: notLoadedFirst && notLoadedLast ? { first: notLoadedFirst, last: notLoadedLast } : undefined,
    };
  }

  /** Refused lines in [from, to): the sparse sets, and the rules sent after -e 2 walked. */
  private countRefused(from: number, to: number, refused: (e: LoadEntry) => boolean): number {
    if (from >= to) return 0;
    let n = 0;
    for (let i = from; i < Math.min(to, this.entries.length); i++) {
      const e = this.entries[i];
      if (e.facts.kind === 'command' && !e.facts.skipped && refused(e)) n++;
    }
    return n;
  }

  private nextFrom(seq: number, test: (e: LoadEntry) => boolean): LoadEntry | undefined {
    for (let i = seq; i < this.entries.length; i++) if (test(this.entries[i])) return this.entries[i];
    return undefined;
  }

  private previousFrom(seq: number, test: (e: LoadEntry) => boolean): LoadEntry | undefined {
    for (let i = seq; i >= 0; i--) if (test(this.entries[i])) return this.entries[i];
    return undefined;
  }

  /** A problem of the whole line spans its words. */
  private wholeSpan(e: LoadEntry): { start: number; end: number } {
    return this.text.span(e);
  }
}

/**
 * A rule the kernel would take as equal to a loaded one only on some hosts: whether the watch's path is a
 * directory there decides whether -w sends a path= or a dir= rule (auditctl stats it on the loading host).
 */
function hostProblem(e: LoadEntry, op: 'add' | 'delete', match: Match<LoadEntry>, span: { start: number; end: number }): LoadProblem {
  const path = (ruleOf(e).host ?? ruleOf(match.rule).host)!.path;
  const where = match.onHost === 'file' ? `${path} is not a directory (a file, or nothing there)` : `${path} is a directory`;
  const elsewhere = match.onHost === 'file' ? `where ${path} is a directory, -w sends a dir= rule` : `elsewhere -w sends a path= rule`;
  const message = op === 'add'
    ? `Rule exists where ${where}: this line is then the rule on {related} again, the kernel refuses it and auditctl stops loading here; ${elsewhere} and both load`
    : `Deletes the rule on {related} only where ${where}; ${elsewhere}, the kernel has no such rule (No such file or directory) and auditctl stops loading here`;
  return {
    ...span, severity: 'warning', code: 'host-directory', message,
    hint: hintFor('host-directory'), entry: e, ref: e.ref, related: match.rule.ref,
  };
}

/**
 * Entries by a key. Most keys (an identity, a path, a key) have one entry: it is kept as is, and a Set
 * is made only for a key that has more, so that 100,000 rules do not make 100,000 Sets.
 */
class Index<K> {
  private readonly map = new Map<K, LoadEntry | Set<LoadEntry>>();

  add(key: K, e: LoadEntry): void {
    const held = this.map.get(key);
    if (held === undefined) this.map.set(key, e);
    else if (held instanceof Set) held.add(e);
    else if (held !== e) this.map.set(key, new Set([held, e]));
  }

  delete(key: K, e: LoadEntry): void {
    const held = this.map.get(key);
    if (held === e) this.map.delete(key);
    else if (held instanceof Set) {
      held.delete(e);
      if (held.size === 1) this.map.set(key, held.values().next().value!);
    }
  }

  get(key: K): Iterable<LoadEntry> {
    const held = this.map.get(key);
    return held === undefined ? [] : held instanceof Set ? held : [held];
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }
}

function indexIds(byId: Index<number>, e: LoadEntry): void {
  const rule = ruleOf(e);
  for (const id of rule.findIds) byId.add(id, e);
  if (rule.storedIds !== rule.findIds) for (const id of rule.storedIds) byId.add(id, e);
}
