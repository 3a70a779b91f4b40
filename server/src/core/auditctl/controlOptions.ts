/**
 * The options that are no rule: -e, -f, -r, -b, --backlog_wait_time, -D, -l, -s, -i, -c, -m, -q, -t,
 * --signal, the other long options, -h, -v and -R. Some set the kernel or the loader (a Control),
 * the others auditctl answers without sending a rule.
 */
import { isDigit, strtoul64 } from './numbers';
import { Rc, type OptionHandler, type OptionTable } from './lineState';
import { keyLimit } from './ruleOptions';

/**
 * The numeric status settings: auditctl's word for the value, for a strtoul overflow, and libaudit's name
 * of the request (--backlog_wait_time reuses "backlog limit", as libaudit does). The kernel refuses a
 * backlog_wait_time over 10 * 60 * HZ jiffies: 600000 at the largest HZ (1000) is over every limit,
 * while anything up to 60000 (HZ 100) passes everywhere.
 */
const NUMERIC_SETTINGS = {
  r: { label: 'Rate', converting: 'rate', request: 'rate limit', kernelMax: undefined, portableMax: undefined },
  b: { label: 'Backlog', converting: 'backlog', request: 'backlog limit', kernelMax: undefined, portableMax: undefined },
  backlog_wait_time: { label: 'Backlog_wait_time', converting: 'backlog_wait_time', request: 'backlog limit', kernelMax: 600000, portableMax: 60000 },
} as const;

const SIGNALS = ['term', 'stop', 'hup', 'reload', 'usr1', 'rotate', 'usr2', 'resume', 'cont', 'state'];

/** -h, --help and -v: auditctl prints its usage or version and sends nothing. */
const noReply: OptionHandler = () => Rc.NoReply;

const ignoreErrors = (continueAfter: boolean): OptionHandler => (line) => {
  line.controls.push({ kind: 'ignoreErrors', continueAfter });
  return Rc.NoReply;
};

/** -r, -b, --backlog_wait_time: a digit first, strtoul base 0, the value sent as a u32. */
const numericSetting = (name: keyof typeof NUMERIC_SETTINGS): OptionHandler => (line, { arg, rc }) => {
  const setting = NUMERIC_SETTINGS[name];
  if (!isDigit(arg[0])) return line.fail('auditctl-number-value', `${setting.label} must be a numeric value was ${arg}`);
  const parsed = strtoul64(arg);
  if (parsed === undefined) return line.finish(line.fail('auditctl-number-overflow', `Error converting ${setting.converting}`));
  const value = Number(BigInt.asUintN(32, parsed));
  if (setting.kernelMax !== undefined && value > setting.kernelMax) {
    return line.finish(line.fail('kernel-setting-invalid', `Error sending ${setting.request} request (Invalid argument)`));
  }
  if (setting.portableMax !== undefined && value > setting.portableMax) {
    line.problem('warning', 'kernel-setting-hz', `--${name} ${value} is over ${setting.portableMax}: the kernel takes at most 600 seconds in jiffies (60000 at HZ=100, 600000 at HZ=1000), so a kernel with a lower HZ refuses it (Invalid argument)`);
  }
  line.controls.push({ kind: 'kernelSetting', name, request: setting.request, ...line.at });
  return rc;
};

/** The kernel answers these even when -e 2 has locked the configuration. */
const unlockedSetting = (name: string, finishes: boolean): OptionHandler => (line) => {
  line.controls.push({ kind: 'kernelSetting', name, ...line.at });
  return finishes ? line.finish(Rc.NoReply) : Rc.NoReply;
};

const zeroOneTwo = (arg: string): 0 | 1 | 2 | undefined => (arg === '0' || arg === '1' || arg === '2' ? Number(arg) as 0 | 1 | 2 : undefined);

export const CONTROL_OPTIONS: OptionTable = {
  h: noReply,
  help: noReply,
  v: noReply,
  i: ignoreErrors(false),
  c: ignoreErrors(true),
  s: (line, { optind }) => {
    if (line.count > 3) return line.fail('auditctl-status', 'Too many options for status command');
    if (optind === 2 && line.count === 3) {
      if (line.tokens[1].text !== '-i') return line.fail('auditctl-status', 'Only -i option is allowed');
      line.count -= 1;
    }
    return Rc.NoReply;
  },
  l: (line, { optind }) => {
    if (line.count > 4) return line.fail('auditctl-list', 'Wrong number of options for list request');
    if (line.count === 3) {
      if (line.tokens[optind - 1]?.text !== '-i') return line.fail('auditctl-list', 'Only -k or -i options are allowed');
    } else if (line.count === 4) {
      if (line.tokens[optind - 1]?.text !== '-k') return line.fail('auditctl-list', 'Only -k or -i options are allowed');
      const keyErr = keyLimit(line, line.tokens[2].text);
      if (keyErr) return keyErr;
    }
    line.listRequested = true;
    line.count = 2;
    return Rc.NoReply;
  },
  e: (line, { arg, rc }) => {
    const value = zeroOneTwo(arg);
    if (value === undefined) return line.fail('auditctl-enable-value', `Enable must be 0, 1, or 2 was ${arg}`);
    line.controls.push({ kind: 'enable', value, ...line.at });
    return rc;
  },
  f: (line, { arg, rc }) => {
    if (zeroOneTwo(arg) === undefined) return line.fail('auditctl-failure-value', `Failure must be 0, 1, or 2 was ${arg}`);
    line.controls.push({ kind: 'kernelSetting', name: 'f', request: 'failure mode', ...line.at });
    return rc;
  },
  r: numericSetting('r'),
  b: numericSetting('b'),
  backlog_wait_time: numericSetting('backlog_wait_time'),
  m: (line, { arg }) => {
    if (line.count > 3) return line.fail('auditctl-message', 'The -m option must be only the only option and takes 1 parameter');
    if ([...arg].some((c) => c.charCodeAt(0) < 32)) return line.finish(line.fail('auditctl-message', 'Illegal character in audit event'));
    return line.finish(Rc.NoReply);
  },
  R: (line) => line.fail('auditctl-nested-file', 'Error - nested rule files not supported'),
  D: (line, { optind }) => {
    if (line.count > 4 || line.count === 3) return line.fail('auditctl-delete-all', 'Wrong number of options for Delete all request');
    let key: string | undefined;
    if (line.count === 4) {
      if (line.tokens[optind - 1]?.text !== '-k') return line.fail('auditctl-delete-all', 'Only the -k option is allowed');
      key = line.tokens[2].text;
      const keyErr = keyLimit(line, key);
      if (keyErr) return keyErr;
    }
    line.controls.push({ kind: 'deleteAll', key, ...line.at });
    line.key = '';
    line.count = 2;
    return Rc.NoReply;
  },
  q: (line, { arg }) => {
    if (line.syscallAdded) return line.fail('auditctl-equivalent', 'Syscall auditing requested for make equivalent');
    const parts = arg.split(',');
    if (parts.length !== 2 || parts[1] === '') return line.fail('auditctl-equivalent', 'Error parsing equivalent parts');
    return line.finish(Rc.NoReply);
  },
  t: (line) => line.finish(Rc.NoReply),
  'loginuid-immutable': unlockedSetting('loginuid-immutable', false),
  'reset-lost': unlockedSetting('reset-lost', false),
  reset_backlog_wait_time_actual: unlockedSetting('reset_backlog_wait_time_actual', true),
  signal: (line, { arg }) => {
    if (!SIGNALS.includes(arg.toLowerCase())) {
      // auditctl exit(1)s here: the whole load ends, -i and -c notwithstanding.
      line.controls.push({ kind: 'abortLoad' });
      return line.finish(line.fail('auditctl-signal', `${arg} is an unsupported signal`));
    }
    line.problem('warning', 'auditctl-signal-in-file', `--signal ${arg} signals the running auditd while the rules load`);
    return Rc.NoReply;
  },
};
