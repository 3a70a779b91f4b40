/**
 * The kernel's rule lists during a load: what is in them, found by the kernel's own equality
 * (see ruleKey), so a load can answer "Rule exists" and "No such file or directory" as the kernel does.
 * audit_add_rule() clears the prepend flag of a rule once it is in its list, while audit_compare_rule()
 * compares flags: a stored rule is found as an -a rule, whether it came with -a or -A. So `-A X` after
 * `-a X` loads, `-a X` after `-A X` is "Rule exists", and `-d X` deletes a rule added with `-A X`.
 */
import type { LineRef, LoadedRule } from './load';
import { ruleIdentities } from './ruleKey';
import type { BuiltRule } from '../auditctl/types';

export class RuleStore {
  private readonly byIdentity = new Map<string, LoadedRule>();
  private readonly inOrder: LoadedRule[] = [];

  /** The loaded rule the kernel takes as equal to this one. */
  find(rule: BuiltRule): LoadedRule | undefined {
    for (const id of ruleIdentities(rule)) {
      const found = this.byIdentity.get(id);
      if (found) return found;
    }
    return undefined;
  }

  add(rule: BuiltRule, ref: LineRef): void {
    const loaded = { rule, ref };
    this.inOrder.push(loaded);
    for (const id of storedIdentities(rule)) if (!this.byIdentity.has(id)) this.byIdentity.set(id, loaded);
  }

  remove(loaded: LoadedRule): void {
    const at = this.inOrder.indexOf(loaded);
    if (at >= 0) this.inOrder.splice(at, 1);
    for (const id of storedIdentities(loaded.rule)) if (this.byIdentity.get(id) === loaded) this.byIdentity.delete(id);
  }

  /** Rules -D (or -D -k KEY: one of the rule's keys is KEY) would delete. */
  matching(key: string | undefined): LoadedRule[] {
    return this.inOrder.filter((r) => key === undefined || (r.rule.key ?? '').split('\x01').includes(key));
  }

  rules(): LoadedRule[] {
    return [...this.inOrder];
  }
}

const storedMemo = new WeakMap<BuiltRule, string[]>();

/** A rule as it sits in the kernel's list: its prepend flag already cleared. */
function storedIdentities(rule: BuiltRule): string[] {
  if (!rule.prepend) return ruleIdentities(rule);
  let ids = storedMemo.get(rule);
  if (!ids) {
    ids = ruleIdentities({ ...rule, prepend: false });
    storedMemo.set(rule, ids);
  }
  return ids;
}
