/**
 * Fields a rule on the user or exclude list carries but the kernel never tests there. audit_filter()
 * knows a few fields on those lists; at any other it stops reading the list and lets the event through,
 * so the rule loads yet never applies, and the rules after it are skipped for the events it reaches.
 */
import { FIELDS } from './tables';
import { parseTsv } from './tsv';
import messageFilterFieldsTsv from '../../../data/auditctl/message-filter-fields.tsv';
import type { BuiltRule, RuleField } from './types';

const TESTED_IDS: ReadonlySet<number> = new Set(
  parseTsv(messageFilterFieldsTsv).map(([name]) => FIELDS.get(name)?.id).filter((id): id is number => id !== undefined),
);
const MESSAGE_LISTS = ['user', 'exclude'];

/** The first field of the rule the list's filter does not test, if any. */
export function untestedField(rule: BuiltRule): RuleField | undefined {
  if (!MESSAGE_LISTS.includes(rule.list)) return undefined;
  return rule.fields.find((f) => !TESTED_IDS.has(f.id));
}
