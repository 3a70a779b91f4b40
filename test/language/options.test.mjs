// One valid and one invalid line per row of test/fixtures/auditctl/options.tsv: the valid line
// loads without an Error, the invalid one is an Error in auditctl's words (formats of error-messages.txt).
import { message, tableMessage } from '../conformance/reference.mjs';
import { testEveryRow } from './rows.mjs';

const EXIT = '-a always,exit -F arch=b64 -S openat';
const bad = (text, said, line = 1) => ({ text, said, line });

/** By the option column of options.tsv: lines that load, and lines auditctl refuses (or why there are none). */
const ROWS = new Map([
  ['-D', { valid: ['-D', '-D -k docker'], invalid: [bad('-D x', message('Wrong number of options for Delete all request')), bad('-D x y', message('Only the -k option is allowed'))] }],
  ['-b', { valid: ['-b 8192', '-b 0x100', '-b 8192abc'], invalid: [bad('-b abc', message('Backlog must be a numeric value was %s', 'abc'))] }],
  ['-f', { valid: ['-f 0', '-f 1', '-f 2'], invalid: [bad('-f 5', message('Failure must be 0, 1, or 2 was %s', 5))] }],
  ['-e', { valid: ['-e 0', '-e 1', '-w /etc/passwd\n-e 2'], invalid: [bad('-e 3', message('Enable must be 0, 1, or 2 was %s', 3)), bad('-e 1\r', message('Enable must be 0, 1, or 2 was %s', '1\\r'))] }],
  ['-r', { valid: ['-r 100', '-r 0'], invalid: [bad('-r x', message('Rate must be a numeric value was %s', 'x'))] }],
  ['--backlog_wait_time', {
    valid: ['--backlog_wait_time 60000', '--backlog_wait_time=60000', '--backlog 0'],
    invalid: [
      bad('--backlog_wait_time abc', message('Backlog_wait_time must be a numeric value was %s', 'abc')),
      bad('--backlog_wait_time 600001', message('Error sending backlog limit request (%s)', 'Invalid argument')),
    ],
  }],
  ['--reset_backlog_wait_time_actual', { valid: ['--reset_backlog_wait_time_actual'], invalid: [bad('--reset_backlog_wait_time_actual=1', message('Option %s on line %d is invalid', '--reset_backlog_wait_time_actual=1', 1))] }],
  ['--reset-lost', { valid: ['--reset-lost', '-e 2\n--reset-lost'], invalid: [bad('--reset-lost=1', message('Option %s on line %d is invalid', '--reset-lost=1', 1))] }],
  ['--loginuid-immutable', { valid: ['--loginuid-immutable'], invalid: [bad('--loginuid-immutable now', message('parameter passed without an option given'))] }],
  ['--signal', { valid: ['--signal hup', '--signal ROTATE'], invalid: [bad('--signal foo', message('%s is an unsupported signal', 'foo'))] }],
  ['-i', { valid: ['-i', '-i\n-w /etc/passwd -p wa'], invalid: [bad('-i x', message('parameter passed without an option given'))] }],
  ['-c', { valid: ['-c'], invalid: [bad('-c x', message('parameter passed without an option given'))] }],
  ['-a', { valid: [`${EXIT} -k k`, '-a exit,always -F arch=b64 -S openat', '-a exit,possible', '-a exit,possible -F arch=b64 -S openat'], invalid: [bad('-a always', message('Append rule - bad keyword %s', 'always')), bad('-a always,exitt', message('Error sending add rule data request (%s)', 'Invalid argument'))] }],
  ['-A', { valid: ['-A always,exit -F arch=b64 -S openat', '-A exit,possible'], invalid: [bad('-A always', message('Add rule - bad keyword %s', 'always')), bad('-A exit,possible -S openat', message('parameter passed without an option given'))] }],
  ['-d', { valid: [`${EXIT}\n-d always,exit -F arch=b64 -S openat`], invalid: [bad('-d always,exit -F arch=b64 -S openat', message('Error sending delete rule data request (%s)', 'No such file or directory'))] }],
  ['-S', { valid: ['-a always,exit -F arch=b64 -S open,openat -S 2', '-a always,exit -F arch=b64 -S all', '-a always,exit -F arch=b64 -S OPENAT'], invalid: [bad('-a always,exit -F arch=b64 -S nosuch', message('Syscall name unknown: %s', 'nosuch')), bad('-a always,user -S openat', message('Error: syscall auditing being added to user list')), bad('-a always,exit -F arch=b64 -S all,9999', message('Syscall name unknown: %s', '9999'))] }],
  ['-F', { valid: [`${EXIT} -F auid>=1000 -F auid!=unset`, `-a always,exit -Farch=b64 -Sopenat`], invalid: [bad('-F uid=0 -a always,exit', message('List must be given before field'))] }],
  ['-C', { valid: [`${EXIT} -C auid!=obj_uid`, `${EXIT} -C gid=egid`], invalid: [bad('-a always,task -C auid!=obj_uid', tableMessage('can only be used with exit filter list', 'auid'))] }],
  ['-k', { valid: ['-w /etc/passwd -p wa -k passwd', `${EXIT} -k a -k b`, '-a always,exit -F perm=x -F auid>=1000 -k exec'], invalid: [bad('-a always,exit -k x -S openat', message('key option needs a watch or syscall given prior to it'))] }],
  ['-w', { valid: ['-w /etc/passwd', '-w /etc/ -p wa', '-w /etc/passwd -F auid!=unset -k k'], invalid: [bad('-w etc/passwd', message("The path must start with '/'")), bad('-a always,exit -w /etc/passwd', message("watch option can't be given with a syscall"))] }],
  ['-W', { valid: ['-w /etc/passwd -p wa\n-W /etc/passwd -p wa'], invalid: [bad('-w /etc/passwd -p wa\n-W /etc/passwd -p w', message('Error sending delete rule data request (%s)', 'No such file or directory'), 2)] }],
  ['-p', { valid: ['-w /etc/passwd -p wa', '-w /etc/passwd -p RWXA', '-a always,exit -F path=/etc/passwd -p x'], invalid: [bad('-w /etc/passwd -p rwxq', message("Permission %c isn't supported", 'q')), bad('-p wa -w /etc/passwd', message('permission option needs a watch given prior to it'))] }],
  ['-q', { valid: ['-q /mnt,/mnt/sub'], invalid: [bad('-q /mnt', message('Error parsing equivalent parts')), bad('-q /a,b,c', message('Error parsing equivalent parts'))] }],
  // -t ends the line's parsing at once (setopt returns on its `finish`); only the kernel could refuse it.
  ['-t', { valid: ['-t', '-t x'], invalid: [] }],
  ['-l', { valid: ['-l', '-l -k foo', '-l -i'], invalid: [bad('-l x', message('Only -k or -i options are allowed')), bad('-l a b c', message('Wrong number of options for list request'))] }],
  ['-s', { valid: ['-s', '-s -i'], invalid: [bad('-s x', message('Only -i option is allowed')), bad('-s a b', message('Too many options for status command'))] }],
  ['-m', { valid: ['-m hello'], invalid: [bad('-m a b', message('The -m option must be only the only option and takes 1 parameter')), bad('-m a\tb', message('Illegal character in audit event'))] }],
  ['-v, -h, --help', { valid: ['-v', '-h', '--help'], invalid: [bad('-v x', message('parameter passed without an option given'))] }],
  ['-R', { valid: [], invalid: [bad('-R /etc/audit/audit.rules', message('Error - nested rule files not supported'))] }],
  ['(non-option word)', { valid: [], invalid: [bad('-w /etc/passwd -p wa # note', message('parameter passed without an option given')), bad('hello', message('There was an error in line %d of %s', 1, 'FILE'))] }],
  ['(unknown -X / missing arg / ambiguous --prefix)', {
    valid: [],
    invalid: [
      bad('-x', message('Option %s on line %d is invalid', '-x', 1)),
      bad(`${EXIT} -k`, message('Option %s on line %d is invalid', '-k', 1)),
      bad('--reset', message('Option %s on line %d is invalid', '--reset', 1)),
    ],
  }],
]);

testEveryRow({ table: 'options.tsv', label: 'option', rows: ROWS, everyRowRefusable: false });
