/** `-C left<op>right` as lib/libaudit.c audit_rule_interfield_comp_data() reads it. */
import { COMPARE_PAIRS, FIELDS } from './tables';
import type { Operator } from './types';

type CompareResult = { ok: true; op: Operator; value: string } | { ok: false; message: string };

export function compareFields(pair: string, list: string | undefined): CompareResult {
  let op: Operator;
  let at = pair.indexOf('!=');
  if (at >= 0) op = '!=';
  else if ((at = pair.indexOf('=')) >= 0) op = '=';
  else return { ok: false, message: `${pair} only takes = or != operators` };
  const left = pair.slice(0, at);
  const right = pair.slice(at + op.length);
  if (left === '') return { ok: false, message: `-C missing field name before operator for ${left}` };
  if (right === '') return { ok: false, message: `-C missing value after operation for  ${left}` };
  const l = FIELDS.get(left.toLowerCase());
  if (!l) return { ok: false, message: `-C unknown field: ${left}` };
  const r = FIELDS.get(right.toLowerCase());
  if (!r) return { ok: false, message: `-C unknown right hand value for comparison with: ${left}` };
  if (list !== 'exit') return { ok: false, message: `${left} can only be used with exit filter list` };
  const canonical = (name: string) => (name === 'loginuid' ? 'auid' : name);
  const key = `${canonical(l.name)},${canonical(r.name)}`;
  if (!COMPARE_PAIRS.has(key)) return { ok: false, message: `-C incompatible comparison ${left}` };
  // The kernel stores one AUDIT_COMPARE_* value per unordered pair.
  const value = [canonical(l.name), canonical(r.name)].sort().join(',');
  return { ok: true, op, value };
}
