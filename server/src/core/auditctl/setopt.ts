/**
 * One line of a rules file, executed the way auditctl's fileopt()/setopt() execute it: getopt over the
 * tokens, each option's handler (OPTION_HANDLERS) in turn until one fails, then the leftover-word check, the
 * key, and the rule that would be sent to the kernel. The result says whether auditctl refuses the
 * line, in its own words, and what the line does when it loads.
 */
import type { MachineSpec } from './tables';
import { getopt, type GetoptEvent } from './getopt';
import { tokenizeLine, type Token } from './tokenize';
import { kernelCheck, untestedField } from './kernel';
import { LineState } from './lineState';
import { CONTROL_OPTIONS } from './controlOptions';
import { Rc, type OptionHandler } from './lineState';
import { FIELD_OPTIONS, KEY_OPTIONS, keyField, RULE_OPTIONS, SYSCALL_OPTIONS } from './ruleOptions';
import { WATCH_OPTIONS } from './watchOptions';
import type { BuiltRule, LineAnalysis } from './types';

/** Every auditctl option's handler, by the name getopt gives the option: auditctl's opt_handlers[]. */
const OPTION_HANDLERS: ReadonlyMap<string, OptionHandler> = new Map(Object.entries({
  ...CONTROL_OPTIONS,
  ...RULE_OPTIONS,
  ...SYSCALL_OPTIONS,
  ...FIELD_OPTIONS,
  ...WATCH_OPTIONS,
  ...KEY_OPTIONS,
}));

export function analyzeLine(text: string, target: MachineSpec): LineAnalysis {
  const shape = tokenizeLine(text);
  if (shape.kind !== 'tokens') return { kind: shape.kind, tokens: [], problems: [], refused: false, skipped: false, controls: [], rule: undefined };
  const line = new LineState(shape.tokens, target);
  return analysis(line, setopt(line));
}

/** setopt(): the handlers in getopt's order until one fails, then the leftover words and the key. */
function setopt(line: LineState): Rc {
  const run = getopt(line.tokens);
  let rc: Rc = Rc.Reply;
  let optind = run.finalOptind;
  for (let k = 0; k < run.events.length; k++) {
    const ev = run.events[k];
    line.atOption(ev.start, ev.end);
    rc = handle(line, ev, rc, ev.next + 1);
    // A handler that finishes makes setopt() return at once: no leftover check, no key.
    if (line.finished) return rc;
    if (rc < 0) {
      optind = ev.next + 1;
      break;
    }
  }
  if (optind === 1) {
    // No option at all: auditctl refuses the line without a word of its own.
    line.at = line.whole;
    rc = line.fail('auditctl-no-option', 'There was an error in line {line} of {file}');
  } else if (optind < line.count && rc !== Rc.Error) {
    line.at = firstLeftover(line.tokens, run.nonOptions, optind) ?? line.whole;
    rc = line.fail('auditctl-stray-word', 'parameter passed without an option given');
  }
  return keyField(line, rc);
}

function handle(line: LineState, ev: GetoptEvent, rc: Rc, optind: number): Rc {
  if (ev.kind === 'invalid') return line.fail('auditctl-option-invalid', `Option ${ev.shown} on line {line} is invalid`);
  const handler = OPTION_HANDLERS.get(ev.name);
  if (!handler) return line.fail('auditctl-option-invalid', `Option ${ev.name} on line {line} is invalid`);
  return handler(line, { arg: ev.arg ?? '', rc, optind });
}

/** The first word getopt passed over, for pointing at an inline comment or a stray word. */
function firstLeftover(tokens: readonly Token[], nonOptions: number[], optind: number): { start: number; end: number } | undefined {
  const idx = nonOptions.length > 0 ? nonOptions[0] : optind - 1;
  const tok = tokens[idx];
  if (!tok) return undefined;
  const last = tokens[tokens.length - 1];
  return { start: tok.start, end: nonOptions.length > 0 ? tokens[nonOptions[nonOptions.length - 1]].end : last.end };
}

/** What the line does: refused, skipped, or the rule sent to the kernel (which may refuse it too). */
function analysis(line: LineState, rc: Rc): LineAnalysis {
  // Written out rather than spread from a common base: a spread makes V8 build the object field by field (100,000 lines, 0.1 s).
  // Every one has `rule`, undefined or not: analyses of two shapes make V8 drop the optimised code that reads them.
  const { tokens, problems, controls } = line;
  if (rc === Rc.Reply && line.syscallAdded) {
    line.at = line.whole;
    line.problem('error', 'auditctl-no-list', 'Error - no list specified');
    return { kind: 'command', tokens, problems, refused: true, skipped: false, controls, rule: undefined };
  }
  if (rc !== Rc.Rule) return { kind: 'command', tokens, problems, refused: rc === Rc.Error, skipped: rc === Rc.Deprecated, controls, rule: undefined };
  const op = line.add ? 'add' : 'delete';
  const list = line.list!;
  const action = line.action!;
  const prepend = line.add?.prepend ?? false;
  const fields = line.fields;
  const syscalls = list !== 'task' && !line.syscallAdded ? 'all' as const : line.mask;
  const { watch, explicitSyscalls, arch } = line;
  const key = line.key || undefined;
  const rule: BuiltRule = line.hostDecidesType
    ? { op, list, action, prepend, fields, syscalls, watch, hostDecidesType: true, explicitSyscalls, arch, key }
    : { op, list, action, prepend, fields, syscalls, watch, explicitSyscalls, arch, key };
  const kernel = kernelCheck(rule, tokens);
  if (kernel) {
    line.at = kernel;
    line.problem('error', kernel.code, kernel.message, kernel.hint);
    return { kind: 'command', tokens, problems, refused: true, skipped: false, controls, rule: undefined };
  }
  const untested = untestedField(rule);
  if (untested) {
    line.at = untested;
    line.problem('warning', 'kernel-untested-field', `The kernel's ${list} filter does not test ${untested.name}: it stops reading the ${list} list at this field, so the rule never applies and the ${list} rules after it are skipped for the events that reach it`);
  }
  return { kind: 'command', tokens, problems, refused: false, skipped: false, controls, rule };
}
