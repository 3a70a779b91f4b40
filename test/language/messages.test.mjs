// Every message of auditctl's error-messages.txt (test/fixtures/auditctl/error-messages.tsv) that a line
// of a rules file can make auditctl print: a line that triggers it, and the diagnostic that must carry it
// (Error where auditctl refuses the line). The messages no rules file can trigger are listed with the
// reason, and the test fails when error-messages.txt has one that is in neither list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { message, messageFormats, tableMessage } from '../conformance/reference.mjs';
import { ERROR, INFORMATION, lone, WARNING } from '../conformance/helpers.mjs';

const many = (n, field) => Array.from({ length: n }, () => ` -F ${field}`).join('');
const EXIT = '-a always,exit -F arch=b64 -S openat';

/** A message, the text that triggers it, the line it lands on (1-based), and the severity it gets. */
const c = (said, text, { line = 1, severity = ERROR } = {}) => ({ said, text, line, severity });

/** Keyed by the format as error-messages.txt spells it (errormsg.h entries by their text). */
const TRIGGERED = new Map([
  // fileopt
  ['There was an error in line %d of %s', [c(message('There was an error in line %d of %s', 1, 'FILE'), '\t-w /etc/passwd')]],
  // auditctl.c option handlers
  ['%s is an unsupported signal', [c(message('%s is an unsupported signal', 'foo'), '--signal foo')]],
  ['Add rule - bad keyword %s', [c(message('Add rule - bad keyword %s', 'always'), '-A always')]],
  ['Delete rule - bad keyword %s', [c(message('Delete rule - bad keyword %s', 'always'), '-d always')]],
  ['Delete rule - possible is deprecated', [c(message('Delete rule - possible is deprecated'), '-d exit,possible', { severity: WARNING })]],
  ['Enable must be 0, 1, or 2 was %s', [c(message('Enable must be 0, 1, or 2 was %s', 3), '-e 3')]],
  ['Error - nested rule files not supported', [c(message('Error - nested rule files not supported'), '-R /etc/audit/audit.rules')]],
  ['Error - no list specified', [c(message('Error - no list specified'), '-S openat')]],
  ['Error converting backlog', [c(message('Error converting backlog'), '-b 99999999999999999999999')]],
  ['Error converting rate', [c(message('Error converting rate'), '-r 0x10000000000000000')]],
  ['Failure must be 0, 1, or 2 was %s', [c(message('Failure must be 0, 1, or 2 was %s', 'x'), '-f x')]],
  ['List must be given before field', [c(message('List must be given before field'), '-F uid=0 -a always,exit')]],
  ['Rate must be a numeric value was %s', [c(message('Rate must be a numeric value was %s', 'x'), '-r x')]],
  ['Syscall name unknown: %s', [
    c(message('Syscall name unknown: %s', 'nosuch'), '-a always,exit -F arch=b64 -S nosuch'),
    c(message('Syscall name unknown: %s', 'accept'), '-a always,exit -F arch=b32 -S accept'),
  ]],
  ['The base name of the path is too big', [c(message('The base name of the path is too big'), `-w /tmp/${'a'.repeat(256)}`)]],
  ["The path must start with '/'", [c(message("The path must start with '/'"), '-w etc/passwd')]],
  ['The path passed for the watch is too big', [c(message('The path passed for the watch is too big'), `-w /${'a/'.repeat(2048)}`)]],
  ['WARNING - 32/64 bit syscall mismatch in line %d, you should specify an arch', [
    c(message('WARNING - 32/64 bit syscall mismatch in line %d, you should specify an arch', 2), '-D\n-a always,exit -S open', { line: 2, severity: WARNING }),
  ]],
  ['Watches may not include fields or actions', [c(message('Watches may not include fields or actions'), '-S openat -w /etc/passwd')]],
  // A control character in the quoted word is shown as its escape (a raw \x01 or CR would not show, or would break the line).
  ['key %s has illegal character', [c(message('key %s has illegal character', 'a\\x01b'), '-w /etc/passwd -k a\x01b')]],
  ['key option exceeds size limit', [
    c(message('key option exceeds size limit'), `-w /etc/passwd -k ${'k'.repeat(257)}`),
    c(message('key option exceeds size limit'), `-w /etc/passwd -k ${'k'.repeat(128)} -k ${'k'.repeat(128)}`),
  ]],
  ['parameter passed without an option given', [c(message('parameter passed without an option given'), '-w /etc/passwd -p wa # note')]],
  ['permission %s is too long', [c(message('permission %s is too long', 'rwxar'), '-w /etc/passwd -p rwxar')]],
  ['Append rule - bad keyword %s', [c(message('Append rule - bad keyword %s', 'entry,always'), '-a entry,always')]],
  ['Append rule - possible is deprecated', [c(message('Append rule - possible is deprecated'), '-a exit,possible', { severity: WARNING })]],
  ['Backlog must be a numeric value was %s', [c(message('Backlog must be a numeric value was %s', '-1'), '-b -1')]],
  ['Backlog_wait_time must be a numeric value was %s', [c(message('Backlog_wait_time must be a numeric value was %s', 'x'), '--backlog_wait_time x')]],
  ['Error converting backlog_wait_time', [c(message('Error converting backlog_wait_time'), '--backlog_wait_time 99999999999999999999999')]],
  ['Error parsing equivalent parts', [c(message('Error parsing equivalent parts'), '-q /mnt')]],
  ['Error sending add rule data request (%s)', [
    c(message('Error sending add rule data request (%s)', 'Invalid argument'), '-a always,exit -F path=/etc/ -F perm=wa'),
    c(message('Error sending add rule data request (%s)', 'Invalid argument'), '-a always,exitt'),
    c(message('Error sending add rule data request (%s)', 'Rule exists'), '-w /etc/passwd -p wa\n-w /etc/passwd -p wa', { line: 2 }),
    c(message('Error sending add rule data request (%s)', 'Operation not permitted'), '-e 2\n-w /etc/passwd -p wa', { line: 2 }),
  ]],
  ['Error sending delete rule data request (%s)', [
    c(message('Error sending delete rule data request (%s)', 'No such file or directory'), '-W /etc/passwd'),
    c(message('Error sending delete rule data request (%s)', 'Operation not permitted'), '-w /etc/passwd\n-e 2\n-W /etc/passwd', { line: 3 }),
  ]],
  ['Error: syscall auditing being added to filesystem list', [c(message('Error: syscall auditing being added to filesystem list'), '-a never,filesystem -S openat')]],
  ['Error: syscall auditing being added to task list', [c(message('Error: syscall auditing being added to task list'), '-a always,task -S openat')]],
  ['Error: syscall auditing being added to user list', [c(message('Error: syscall auditing being added to user list'), '-a always,user -S openat')]],
  ['Error: syscall auditing cannot be put on exclude list', [c(message('Error: syscall auditing cannot be put on exclude list'), '-a never,exclude -S openat')]],
  ['Error: syscall auditing requested for task list', [c(message('Error: syscall auditing requested for task list'), '-S openat -A always,task')]],
  ['Illegal character in audit event', [c(message('Illegal character in audit event'), '-m a\tb')]],
  ['Multiple rule insert/delete operations are not allowed', [c(message('Multiple rule insert/delete operations are not allowed'), '-A always,exit -A always,exit')]],
  // -a prints the same words with a newline of its own.
  ['Multiple rule insert/delete operations are not allowed\\n', [c(message('Multiple rule insert/delete operations are not allowed'), '-a always,exit -d always,exit')]],
  ['Only -i option is allowed', [c(message('Only -i option is allowed'), '-s x')]],
  ['Only -k or -i options are allowed', [c(message('Only -k or -i options are allowed'), '-l x')]],
  ['Only the -k option is allowed', [c(message('Only the -k option is allowed'), '-D x y')]],
  ['Option %s on line %d is invalid', [
    c(message('Option %s on line %d is invalid', '-x', 1), '-x'),
    c(message('Option %s on line %d is invalid', '-k', 2), '-D\n-a always,exit -F arch=b64 -S openat -k', { line: 2 }),
    c(message('Option %s on line %d is invalid', '--reset', 1), '--reset'),
  ]],
  ["Permission %c isn't supported", [c(message("Permission %c isn't supported", 'q'), '-w /etc/passwd -p rq')]],
  ['Syscall auditing requested for make equivalent', [c(message('Syscall auditing requested for make equivalent'), '-S openat -q /mnt,/mnt/sub')]],
  ['Syscall auditing requested for task list', [c(message('Syscall auditing requested for task list'), '-S openat -a always,task')]],
  ['The -m option must be only the only option and takes 1 parameter', [c(message('The -m option must be only the only option and takes 1 parameter'), '-m a b')]],
  ['Too many options for status command', [c(message('Too many options for status command'), '-s a b')]],
  ['Wrong number of options for Delete all request', [c(message('Wrong number of options for Delete all request'), '-D x')]],
  ['Wrong number of options for list request', [c(message('Wrong number of options for list request'), '-l a b c')]],
  ['io_uring op unknown: %s', [c(message('io_uring op unknown: %s', 'openat,nosuch'), '-a always,io_uring -S openat,nosuch')]],
  ['key option needs a watch or syscall given prior to it', [
    c(message('key option needs a watch or syscall given prior to it'), '-a always,exit -F arch=b64 -k k -S openat'),
    c(message('key option needs a watch or syscall given prior to it'), '\uFEFF-w /etc/passwd -k k'),
  ]],
  ['permission option needs a watch given prior to it', [c(message('permission option needs a watch given prior to it'), '-p wa -w /etc/passwd')]],
  ["watch option can't be given with a syscall", [c(message("watch option can't be given with a syscall"), '-a always,exit -w /etc/passwd')]],
  // lib/errormsg.h, printed with the -F/-C argument
  ['-F missing operation for', [c(tableMessage('-F missing operation for', 'auid'), `${EXIT} -F auid`)]],
  ['-F unknown field:', [c(tableMessage('-F unknown field:', 'obj'), `${EXIT} -F obj=/opt/x`)]],
  ['must be before -S', [c(tableMessage('must be before -S', 'arch'), '-a always,exit -S openat -F arch=b64')]],
  ['elf mapping not found', [c(tableMessage('elf mapping not found', 'arch'), '-a always,exit -F arch=sparc -S open')]],
  ['can only be used with exit filter list', [c(tableMessage('can only be used with exit filter list', 'exit'), '-a always,task -F exit=-EPERM')]],
  ['-F unknown message type -', [c(tableMessage('-F unknown message type -', 'msgtype'), '-a always,exclude -F msgtype=NOSUCH')]],
  ['msgtype field can only be used with exclude or user filter list', [c(tableMessage('msgtype field can only be used with exclude or user filter list'), `${EXIT} -F msgtype=CWD`)]],
  ['String value too long', [c(tableMessage('String value too long'), '-a always,exit -F path=/etc/passwd -F perm=rwxaa')]],
  ['only takes = or != operators', [
    c(tableMessage('only takes = or != operators', 'arch'), '-a always,exit -F arch<b64 -S open'),
    c(tableMessage('only takes = or != operators', 'auid<obj_uid'), '-a always,exit -C auid<obj_uid'),
  ]],
  ["Permission can only contain  'rwxa'", [c(tableMessage("Permission can only contain  'rwxa'"), '-a always,exit -F path=/etc/passwd -F perm=rwxq')]],
  ['-F unknown errno -', [c(tableMessage('-F unknown errno -', 'exit'), `${EXIT} -F exit=-ENOSUCH`)]],
  ['-F unknown file type - ', [c(tableMessage('-F unknown file type - ', 'filetype'), `${EXIT} -F filetype=32768`)]],
  ['Key field needs a watch, syscall or exe path given prior to it', [c(tableMessage('Key field needs a watch, syscall or exe path given prior to it'), '-a always,exit -F auid>=1000 -F key!=x')]],
  ['-F missing value after operation for', [c(tableMessage('-F missing value after operation for', 'auid'), `${EXIT} -F auid=`)]],
  ['-F value should be number for', [c(tableMessage('-F value should be number for', 'pid'), `${EXIT} -F pid=-1`)]],
  ['-F missing field name before operator for', [c(tableMessage('-F missing field name before operator for', ''), `${EXIT} -F =1`)]],
  ['-C missing field name before operator for', [c(tableMessage('-C missing field name before operator for', ''), '-a always,exit -C =uid')]],
  ['-C missing value after operation for ', [c(tableMessage('-C missing value after operation for ', 'auid'), '-a always,exit -C auid=')]],
  ['-C unknown field:', [c(tableMessage('-C unknown field:', 'foo'), '-a always,exit -C foo=uid')]],
  ['-C unknown right hand value for comparison with:', [c(tableMessage('-C unknown right hand value for comparison with:', 'uid'), '-a always,exit -C uid=foo')]],
  ['Too many fields in rule:', [
    c(tableMessage('Too many fields in rule:', 'a1=2'), `-a always,exit${many(63, 'a0=1')} -F a1=2`),
    c(tableMessage('Too many fields in rule:', 'uid=euid'), `-a always,exit${many(63, 'a0=1')} -C uid=euid`),
  ]],
  ['only takes = operator', [c(tableMessage('only takes = operator', 'perm'), '-a always,exit -F path=/etc/passwd -F perm!=wa')]],
  ['must be used with exclude, user, or exit filter', [c(tableMessage('must be used with exclude, user, or exit filter', 'sessionid'), '-a always,task -F sessionid=1')]],
  ['-C incompatible comparison', [c(tableMessage('-C incompatible comparison', 'auid'), '-a always,exit -C auid=gid')]],
  ['field is not valid for the filter', [c(tableMessage('field is not valid for the filter', 'fstype'), '-a always,exit -F fstype=tracefs')]],
  ['file system type is unknown for field:', [c(tableMessage('file system type is unknown for field:', 'fstype'), '-a never,filesystem -F fstype=nosuch')]],
  ['value is too large for field:', [c(tableMessage('value is too large for field:', 'saddr_fam'), `${EXIT} -F saddr_fam=99`)]],
  // libaudit.c
  ['Error sending backlog limit request (%s)', [
    c(message('Error sending backlog limit request (%s)', 'Operation not permitted'), '-e 2\n-b 8192', { line: 2 }),
    // libaudit names --backlog_wait_time's request "backlog limit" too.
    c(message('Error sending backlog limit request (%s)', 'Operation not permitted'), '-e 2\n--backlog_wait_time 60000', { line: 2 }),
    c(message('Error sending backlog limit request (%s)', 'Invalid argument'), '--backlog_wait_time 600001'),
  ]],
  ['Error sending enable request (%s)', [c(message('Error sending enable request (%s)', 'Operation not permitted'), '-e 2\n-e 1', { line: 2 })]],
  ['Error sending failure mode request (%s)', [c(message('Error sending failure mode request (%s)', 'Operation not permitted'), '-e 2\n-f 1', { line: 2 })]],
  ['Error sending rate limit request (%s)', [c(message('Error sending rate limit request (%s)', 'Operation not permitted'), '-e 2\n-r 100', { line: 2 })]],
  ['Permissions should be preceded by other fields', [c(message('Permissions should be preceded by other fields'), '-a always,exit -p wa')]],
  ['Too many fields when adding permissions', [c(message('Too many fields when adding permissions'), `-a always,exit${many(63, 'a0=1')} -p r`)]],
  ['Unknown group: %s', [c(message('Unknown group: %s', '-1'), `${EXIT} -F gid=-1`)]],
  // Whether a user exists is the loading host's business: said, but never an Error.
  ['Unknown user: %s', [
    c(message('Unknown user: %s', 'nosuchuser'), `${EXIT} -F uid=nosuchuser`, { severity: INFORMATION }),
    // ...except a name no passwd entry can hold.
    c(message('Unknown user: %s', 'a:b'), `${EXIT} -F uid=a:b`),
  ]],
]);

/** Notices auditctl prints for lines it loads: no Error (or Warning) for them. */
const NOTICES = new Map([
  ['Old style watch rules are slower', '-w /etc/passwd -p wa'],
  ['perm used without an arch is slower', '-a always,exit -F path=/etc/passwd -F perm=wa'],
  ['lost: %u', '--reset-lost'],
  ['backlog_wait_time_actual: %u', '--reset_backlog_wait_time_actual'],
]);

/** Messages no line of a rules file can bring about, and why. */
const NOT_FROM_A_LINE = new Map([
  ['Too many fields in line %d of %s', 'fileopt() sizes its token array for the longest possible line'],
  ["audit rules file %s doesn't exist", 'about the file itself, before any line'],
  ['Error opening %s (%s)', 'about the file itself'],
  ['Error - %s is not a regular file', 'about the file itself'],
  ['Error - %s is world writable', 'about the file\'s permissions'],
  ['The audit system is in immutable mode, no rule changes allowed', 'the kernel was locked before the load began'],
  ['The audit system is in immutable mode,', 'the kernel was locked before the load began'],
  ['The audit system is disabled', 'the host\'s kernel has audit off'],
  ["Can't create user event", 'out of memory'],
  ['Cannot allocate memory for path check', 'out of memory'],
  ['Out of memory adding key', 'out of memory'],
  ['Out of memory. Check %s file, %d line', 'out of memory'],
  ['Cannot open netlink audit socket', 'the host has no audit socket'],
  ['Elf type unknown: 0x%x', '-F arch is checked against the same table before -S uses it'],
  ["Error fstat'ing %s (%s)", 'about the file itself'],
  ['Error - fdopen failed (%s)', 'about the file itself'],
  ['Failed sending signal to auditd (timeout)', 'the running daemon\'s answer'],
  ['Failed sending signal to auditd (%s)', 'the running daemon\'s answer'],
  ['Auditd is not running', 'whether the daemon runs on the host'],
  ['Option %s is invalid', 'the command-line form; a file says "on line N"'],
  ['WARNING - 32/64 bit syscall mismatch, you should specify an arch', 'the command-line form; a file names the line'],
  ['There was an error while processing parameters', 'the command-line form'],
  ['You must be root to run this program.', 'who runs auditctl'],
  ['key option needs a value', 'getopt gives -k its argument or reports the option invalid'],
  ['permission option needs a filter', 'getopt gives -p its argument or reports the option invalid'],
  ['watch option needs a path', 'getopt gives -w/-W their argument or reports the option invalid'],
  ['Error detecting machine type', 'the host\'s uname'],
  ['Error looking up elf type %d', 'the host\'s machine, always in the table'],
  ['backlog_wait_time is not supported on your kernel', 'an auditctl built without it'],
  ['reset_backlog_wait_time_actual is not supported on your kernel', 'an auditctl built without it'],
  ['machine type not found', 'no longer returned by libaudit'],
  ['requested bit level not supported by machine', 'no longer returned by libaudit'],
  ['Failed upgrading rule', 'no longer returned by libaudit'],
  ['can only be used with exit and entry filter list', 'no longer returned by libaudit'],
  ['Only msgtype, *uid, *gid, pid, and subj* fields can be used with exclude filter', 'only on kernels before 4.17 (no exclude-extend feature)'],
  ['Field option not supported by kernel:', 'only on kernels without the field\'s feature (exe, sessionid)'],
  ['filter is not supported by the kernel', 'only on kernels without the filesystem list'],
  ['filter is missing from rule', 'auditctl always passes the -F argument'],
  ['Error adding syscalls for perm filtering', 'permtab\'s syscalls are filtered to those the arch has'],
  ['Error sending backlog wait time actual reset request (%s)', 'the kernel answers it even after -e 2'],
  ['Error sending lost reset request (%s)', 'the kernel answers it even after -e 2'],
  ['Error sending delete rule request (No rule matches)', 'auditctl silences it and prints "Error sending delete rule data request (No such file or directory)"'],
  ['Error sending rule list data request (%s)', '-l only reads the kernel'],
  ['Invalid type used', 'auditctl passes only path or dir'],
  ['Rule is not empty', 'auditctl checks the rule is empty before, with its own message'],
]);

test('every message of error-messages.txt is either triggered below or explained', () => {
  const unaccounted = messageFormats().map((f) => f.format)
    .filter((f) => !TRIGGERED.has(f) && !NOTICES.has(f) && !NOT_FROM_A_LINE.has(f));
  assert.deepEqual([...new Set(unaccounted)], []);
});

for (const [format, cases] of TRIGGERED) {
  test(`message: ${format}`, () => {
    for (const { said, text, line, severity } of cases) {
      const { diagnostics } = lone(text);
      const hit = diagnostics.find((d) => d.range.start.line === line - 1 && d.severity === severity && d.message.includes(said));
      const got = diagnostics.map((d) => `${d.range.start.line + 1}/${d.severity}: ${d.message}`);
      assert.ok(hit, `${JSON.stringify(text.slice(0, 60))}: line ${line} severity ${severity} says ${JSON.stringify(said)}; got ${JSON.stringify(got)}`);
      if (severity === ERROR) assert.ok(hit.message.includes(' — '), 'an Error carries a plain fix sentence after auditctl\'s words');
      if (severity !== ERROR) assert.deepEqual(diagnostics.filter((d) => d.severity === ERROR), [], `${text}: no Error`);
    }
  });
}

for (const [format, text] of NOTICES) {
  test(`notice (line loads): ${format}`, () => {
    const { diagnostics } = lone(text);
    assert.deepEqual(diagnostics.filter((d) => d.severity <= WARNING).map((d) => d.message), []);
  });
}
