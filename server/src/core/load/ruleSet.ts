/**
 * A rule set: one file as `auditctl -R` loads it, or the files of a rules.d directory as augenrules
 * merges them (natural sort, blank and comment lines dropped, the last -D/-b/-f first, the last -e
 * last), and its load. A lone file's set follows its text's changes line by line; a merged set is laid
 * out again from its files' kept line facts when one of them changes.
 */
import { MACHINES, type MachineSpec } from '../auditctl/tables';
import { analyzeLine } from '../auditctl/setopt';
import { identityText } from './kernelRules';
import { Load, LoadEntry } from './load';
import { augenrulesOrder, mergedEntries } from './augenrules';
import { FactsCache, FileModel, type RuleFile, type TextLine } from './ruleFile';
import type { BuiltRule } from '../auditctl/types';

export function targetMachine(arch: string): MachineSpec {
  return MACHINES.get(arch.toLowerCase()) ?? MACHINES.get('x86_64')!;
}

export class RuleSet {
  readonly load: Load;
  /** Whether a CRLF line refused with its CR would load without it (a lone file's crlf diagnostic), by line. */
  private readonly breaksWithCr = new WeakMap<TextLine, boolean>();

  private constructor(readonly files: FileModel[], readonly merged: boolean, private readonly cache: FactsCache) {
    this.load = new Load({ span: (e) => wordSpan(this.textOf(e)), same: (a, aStored, b, hash) => this.same(a, aStored, b, hash) }, !merged);
    const entries = merged ? mergedEntries(files, (text) => cache.facts(text)) : files[0] ? this.linesEntries(0, files[0].split.lines.length) : [];
    this.load.fill(entries);
  }

  /** The set of these files (a merged set is put in augenrules' order). */
  static of(models: readonly FileModel[], merged: boolean, cache: FactsCache): RuleSet {
    return new RuleSet(merged ? augenrulesOrder(models) : [...models], merged, cache);
  }

  get target(): MachineSpec {
    return this.cache.target;
  }

  /** Every line (every read) of the load, in load order. */
  get entries(): readonly LoadEntry[] {
    return this.load.all;
  }

  /**
   * Catches up with a lone file's text: the changed lines are analysed and spliced into the load.
   * (A merged set is built again instead: see RuleSet.of.)
   */
  sync(): void {
    const model = this.files[0];
    if (this.merged || !model) return;
    const splices = model.sync();
    if (!splices) {
      this.load.splice(0, this.load.size, this.linesEntries(0, model.split.lines.length), 0);
      return;
    }
    for (const s of splices) {
      const at = this.load.firstAtLine(s.from);
      const end = this.load.firstAtLine(s.from + s.removed);
      this.load.splice(at, end - at, this.linesEntries(s.from, s.added), s.added - s.removed);
    }
  }

  /** The text auditctl parses for an entry. */
  textOf(e: LoadEntry): string {
    return e.text ?? this.files[e.file].firstRead(e.line);
  }

  /** auditctl's full reading of an entry's text (its tokens and rule), read again on request. */
  ruleOf(e: LoadEntry): BuiltRule | undefined {
    return analyzeLine(this.textOf(e), this.target).rule;
  }

  /** A lone file's CRLF line that auditctl -R refuses with its CR (as it reads it), though it would load without. */
  crBreaks(line: number): boolean {
    const model = this.files[0];
    const l = model.split.lines[line];
    if (!l.cr || !model.facts[line].refused) return false;
    let breaks = this.breaksWithCr.get(l);
    if (breaks === undefined) {
      breaks = !this.cache.facts(l.text).refused;
      this.breaksWithCr.set(l, breaks);
    }
    return breaks;
  }

  private linesEntries(from: number, count: number): LoadEntry[] {
    const model = this.files[0];
    const out: LoadEntry[] = [];
    for (let line = from; line < from + count; line++) {
      out.push(new LoadEntry(0, line, model.facts[line]));
      for (const read of model.readsAfterFirst(line)) out.push(new LoadEntry(0, line, read.facts, read.column, read.text));
    }
    return out;
  }

  /** Two rules whose identity hashes match, compared in full: the kernel's equality, not a hash's. */
  private same(a: LoadEntry, aStored: boolean, b: LoadEntry, hash: number): boolean {
    const ra = this.ruleOf(a);
    const rb = this.ruleOf(b);
    return ra !== undefined && rb !== undefined && identityText(ra, aStored, hash) === identityText(rb, true, hash);
  }
}

/** From a text's first word to the end of its last (auditctl separates words with spaces only). */
function wordSpan(text: string): { start: number; end: number } {
  let start = 0;
  while (start < text.length && text[start] === ' ') start++;
  let end = text.length;
  while (end > start && text[end - 1] === ' ') end--;
  return { start: start < text.length ? start : 0, end: end > start ? end : 0 };
}

/** A rule set of texts analysed from scratch (the CLI, the tests); `cache` shares line facts between builds. */
export function buildRuleSet(files: readonly RuleFile[], merged: boolean, target: MachineSpec, cache = new FactsCache(target)): RuleSet {
  return RuleSet.of(files.map((f) => FileModel.of(f, cache, !merged)), merged, cache);
}
