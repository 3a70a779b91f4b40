/** Every auditctl option's handler, by the name getopt gives the option: auditctl's opt_handlers[]. */
import { CONTROL_OPTIONS } from './control';
import { FIELD_OPTIONS } from './field';
import type { OptionHandler } from './handler';
import { KEY_OPTIONS } from './key';
import { RULE_OPTIONS } from './rule';
import { SYSCALL_OPTIONS } from './syscall';
import { WATCH_OPTIONS } from './watch';

export const OPTION_HANDLERS: ReadonlyMap<string, OptionHandler> = new Map(Object.entries({
  ...CONTROL_OPTIONS,
  ...RULE_OPTIONS,
  ...SYSCALL_OPTIONS,
  ...FIELD_OPTIONS,
  ...WATCH_OPTIONS,
  ...KEY_OPTIONS,
}));
