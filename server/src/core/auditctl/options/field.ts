/** -F and -C: a field, or a comparison of two fields, added to the rule. */
import { compareFields } from '../compare';
import { fieldpair } from '../fieldpair';
import type { OptionTable } from './handler';
import { keyAppend } from './key';

export const FIELD_OPTIONS: OptionTable = {
  F: (line, { arg, rc, optind }) => {
    if (line.list === undefined) {
      const archWithTrim = optind - 1 < line.count - 1 && arg.includes('arch=') && line.tokens[optind - 1]?.text === '-t';
      if (!archWithTrim) return line.fail('auditctl-field-before-list', 'List must be given before field');
    }
    if (arg.startsWith('key=')) return keyAppend(line, arg.slice(4)) ?? rc;
    if (line.fieldsFull) return line.fail('auditctl-field', `Too many fields in rule: ${arg}`);
    const result = fieldpair(arg, line);
    if (!result.ok) return line.fail('auditctl-field', result.message);
    if (result.hostName) {
      line.problem('information', 'auditctl-host-name', `${result.hostName === 'user' ? 'Unknown user' : 'Unknown group'}: ${result.value} unless the host has it`);
    }
    line.fields.push({ id: result.id, name: result.name, op: result.op, value: result.value, ...line.at });
    return rc;
  },
  C: (line, { arg, rc }) => {
    // audit_rule_interfield_comp_data() checks the field count before it reads the pair.
    if (line.fieldsFull) return line.fail('auditctl-compare', `Too many fields in rule: ${arg}`);
    const result = compareFields(arg, line.list);
    if (!result.ok) return line.fail('auditctl-compare', result.message);
    line.fields.push({ id: 111, name: 'field_compare', op: result.op, value: result.value, ...line.at });
    return rc;
  },
};
