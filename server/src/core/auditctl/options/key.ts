/**
 * -k and the rule's key, as process_key_option() builds it: every -k and -F key= part joins the
 * others with \x01, 256 bytes in all, and the joined key enters the rule as one field at the end.
 */
import { fieldpair, type FieldpairResult } from '../fieldpair';
import type { LineState } from '../lineState';
import { Rc } from '../rc';
import type { OptionTable } from './handler';

const MAX_KEY = 256;

export const KEY_OPTIONS: OptionTable = {
  k: (line, { arg, rc }) => {
    if (!(line.syscallAdded || line.permAdded || line.exeAdded || line.filterFsAdded) || (!line.add && !line.del)) {
      return line.fail('auditctl-key-placement', 'key option needs a watch or syscall given prior to it');
    }
    return keyAppend(line, arg) ?? rc;
  },
};

/** Adds a part to the key; auditctl's refusal if it does not fit. */
export function keyAppend(line: LineState, part: string): Rc | undefined {
  const err = keyLimit(line, part);
  if (err) return err;
  if (line.keyStart < 0) line.keyStart = line.at.start;
  line.keyEnd = line.at.end;
  line.key = line.key === '' ? part : `${line.key}\x01${part}`;
  return undefined;
}

/** The size and character checks of a key part (-l -k and -D -k make them too). */
export function keyLimit(line: LineState, part: string): Rc | undefined {
  const used = Buffer.byteLength(line.key);
  if (Buffer.byteLength(part) + used + (used > 0 ? 1 : 0) > MAX_KEY) return line.fail('auditctl-key-too-long', 'key option exceeds size limit');
  if (part.includes('\x01')) return line.fail('auditctl-key-character', `key ${part} has illegal character`);
  return undefined;
}

/** After the options: the joined key goes through audit_rule_fieldpair_data() like any -F, field limit included. */
export function keyField(line: LineState, rc: Rc): Rc {
  if (line.key === '' || line.listRequested) return rc;
  const key: FieldpairResult = line.fieldsFull
    ? { ok: false, message: `Too many fields in rule: key=${line.key}` }
    : fieldpair(`key=${line.key}`, line);
  line.at = { start: line.keyStart, end: line.keyEnd };
  if (!key.ok) {
    if (rc !== Rc.Error) line.problem('error', 'auditctl-field', key.message);
    return Rc.Error;
  }
  line.fields.push({ id: key.id, name: key.name, op: key.op, value: key.value, start: line.keyStart, end: line.keyEnd });
  return rc;
}
