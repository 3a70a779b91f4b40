/** -a, -A and -d: the rule's LIST,ACTION, read by audit_rule_setup(); one rule operation per line. */
import { LISTS } from '../tables';
import type { LineState } from '../lineState';
import { Rc } from '../rc';
import type { OptionHandler, OptionTable } from './handler';

/** -a appends the rule, -A prepends it. */
const addRule = (prepend: boolean): OptionHandler => (line, { arg }) => {
  if (arg.includes('task') && line.syscallAdded) {
    return line.fail('auditctl-syscall-task', prepend ? 'Error: syscall auditing requested for task list' : 'Syscall auditing requested for task list');
  }
  const setup = ruleSetup(line, arg, line.add?.list);
  if (setup.code === 3) return line.fail('auditctl-multiple-rules', 'Multiple rule insert/delete operations are not allowed');
  if (setup.code === 2) return line.fail('auditctl-bad-keyword', `${prepend ? 'Add' : 'Append'} rule - bad keyword ${arg}`);
  if (setup.code === 1) {
    line.problem('warning', 'auditctl-possible-deprecated', 'Append rule - possible is deprecated');
    return Rc.Deprecated;
  }
  line.add = { list: setup.list!, prepend };
  line.action = setup.action;
  return Rc.Rule;
};

export const RULE_OPTIONS: OptionTable = {
  a: addRule(false),
  A: addRule(true),
  d: (line, { arg }) => {
    const setup = ruleSetup(line, arg, line.del?.list);
    if (setup.code === 3) return line.fail('auditctl-multiple-rules', 'Multiple rule insert/delete operations are not allowed');
    if (setup.code === 2) return line.fail('auditctl-bad-keyword', `Delete rule - bad keyword ${arg}`);
    if (setup.code === 1) {
      line.problem('warning', 'auditctl-possible-deprecated', 'Delete rule - possible is deprecated');
      return line.finish(Rc.Deprecated);
    }
    line.del = { list: setup.list! };
    line.action = setup.action;
    return Rc.Rule;
  },
};

/** audit_rule_setup(): "LIST,ACTION" in either order. 0 ok, 1 deprecated, 2 bad keyword, 3 multiple. */
function ruleSetup(line: LineState, opt: string, current: string | undefined): { code: 0 | 1 | 2 | 3; list?: string; action?: 'always' | 'never' } {
  if (++line.ruleOps !== 1) return { code: 3 };
  const parts = opt.split(',');
  if (parts.length !== 2) return { code: 2 };
  const [first, second] = parts;
  let list = current;
  let action = line.action;
  const firstAction = lookupAction(first);
  if (firstAction === 'bad') {
    const l = lookupList(first);
    if (l === undefined) return { code: 2 };
    list = l;
  } else if (firstAction === 'possible') {
    // lookup_action returns 1 for "possible": taken as a list name, which fails.
    return { code: 2 };
  } else {
    action = firstAction;
  }
  if (list === undefined) {
    // Action first: the second word is the list; auditctl does not check it, the kernel does.
    list = lookupList(second) ?? `?${second}`;
  } else {
    const a = lookupAction(second);
    if (a === 'possible') return { code: 1 };
    if (a === 'bad') return { code: 2 };
    action = a;
  }
  if (action === undefined) return { code: 2 };
  return { code: 0, list, action };
}

function lookupAction(word: string): 'always' | 'never' | 'possible' | 'bad' {
  return word === 'always' || word === 'never' || word === 'possible' ? word : 'bad';
}

function lookupList(word: string): string | undefined {
  const spec = LISTS.get(word.toLowerCase());
  return spec && spec.syscalls !== 'removed' ? spec.name : undefined;
}
