/**
 * The kernel's rule equality (audit_compare_rule): list, action, prepend flag, fields in order, syscall
 * mask. A watch's first field is path= or dir= as auditctl finds the path on the loading host (a file or
 * a directory there): two watches of one path are always alike, and a watch matches an explicit
 * path=/dir= rule when the host would pick that type, which the linter guesses (see watchFieldId).
 */
import type { BuiltRule, RuleField } from '../auditctl/types';

// Rules are shared by every line with the same text (the line cache), so their identities are worked
// out once: a re-lint after an edit then costs the edited lines, not the whole file.
const memo = new WeakMap<BuiltRule, string[]>();

/** Every identity the rule may have in the kernel; two rules are equal when they share one. */
export function ruleIdentities(rule: BuiltRule): string[] {
  let ids = memo.get(rule);
  if (!ids) {
    ids = computeIdentities(rule);
    memo.set(rule, ids);
  }
  return ids;
}

function computeIdentities(rule: BuiltRule): string[] {
  const head = `${rule.list}|${rule.action}|${rule.prepend ? 'A' : 'a'}|${maskKey(rule)}`;
  const rest = rule.fields.map(fieldKey);
  if (!rule.watch || rule.fields.length === 0) return [`${head}|${rest.join(' ')}`];
  const tail = rest.slice(1).join(' ');
  const watched = rule.fields[0];
  return [`${head}|watch=${valueKey(watched)} ${tail}`, `${head}|${rest[0]} ${tail}`];
}

function maskKey(rule: BuiltRule): string {
  return rule.syscalls === 'all' ? 'all' : [...rule.syscalls].sort((a, b) => a - b).join(',');
}

function fieldKey(f: RuleField): string {
  return `${f.id}${f.op}${valueKey(f)}`;
}

function valueKey(f: RuleField): string {
  return typeof f.value === 'number' ? String(f.value) : JSON.stringify(f.value);
}
