/** The kernel's rule equality (audit_compare_rule): list, action, prepend flag, fields in order, syscall mask. */
import type { BuiltRule } from './types';

export function ruleIdentity(rule: BuiltRule): string {
  const mask = rule.syscalls === 'all' ? 'all' : [...rule.syscalls].sort((a, b) => a - b).join(',');
  const fields = rule.fields.map((f) => `${f.id}${f.op}${typeof f.value === 'number' ? f.value : JSON.stringify(f.value)}`).join(' ');
  return `${rule.list}|${rule.action}|${rule.prepend ? 'A' : 'a'}|${mask}|${fields}`;
}
