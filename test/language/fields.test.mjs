// One valid and one invalid use per row of test/fixtures/auditctl/fields.tsv: the value syntax, the
// list and operator restrictions of auditctl, and the kernel's own checks (which auditctl reports as
// "Error sending add rule data request (Invalid argument)").
import { message, tableMessage } from '../conformance/reference.mjs';
import { testEveryRow } from './rows.mjs';

const EXIT = '-a always,exit -F arch=b64 -S openat';
const KERNEL = message('Error sending add rule data request (%s)', 'Invalid argument');
const uidLike = (f) => ({ valid: [`${EXIT} -F ${f}=0`, `${EXIT} -F ${f}>=1000`, `${EXIT} -F ${f}=root`], invalid: [[`${EXIT} -F ${f}=unset`, KERNEL], [`${EXIT} -F ${f}&1`, KERNEL]] });
const gidLike = (f) => ({ valid: [`${EXIT} -F ${f}=0`, `${EXIT} -F ${f}!=root`], invalid: [[`${EXIT} -F ${f}=-1`, message('Unknown group: %s', '-1')], [`${EXIT} -F ${f}&1`, KERNEL]] });
const exitOnlyString = (f) => ({ valid: [`${EXIT} -F ${f}=s0`], invalid: [[`-a always,user -F ${f}=s0`, tableMessage('can only be used with exit filter list', f)]] });
const arg = (f) => ({ valid: [`${EXIT} -F ${f}&0x4`, `${EXIT} -F ${f}=-1`, `${EXIT} -F ${f}>=010`], invalid: [[`${EXIT} -F ${f}=x`, tableMessage('-F value should be number for', f)]] });

/** By the name column of fields.tsv: lines that load, and [line, auditctl's words] it refuses. */
const ROWS = new Map([
  ['pid', { valid: [`${EXIT} -F pid=1`, '-a never,exclude -F pid=1'], invalid: [[`${EXIT} -F pid=-1`, tableMessage('-F value should be number for', 'pid')], [`${EXIT} -F pid&1`, KERNEL]] }],
  ['uid', uidLike('uid')],
  ['euid', uidLike('euid')],
  ['suid', uidLike('suid')],
  ['fsuid', uidLike('fsuid')],
  ['gid', gidLike('gid')],
  ['egid', gidLike('egid')],
  ['sgid', gidLike('sgid')],
  ['fsgid', gidLike('fsgid')],
  ['auid', { valid: [`${EXIT} -F auid>=1000 -F auid!=unset`, `${EXIT} -F auid=-1`, `${EXIT} -F auid=4294967295`], invalid: [[`${EXIT} -F auid&1`, KERNEL], [`${EXIT} -F auid>=unset`, KERNEL], [`${EXIT} -F auid=`, tableMessage('-F missing value after operation for', 'auid')]] }],
  ['loginuid', { valid: [`${EXIT} -F loginuid!=unset`], invalid: [[`${EXIT} -F loginuid&=1`, KERNEL]] }],
  ['pers', { valid: [`${EXIT} -F pers&0x8`], invalid: [[`${EXIT} -F pers=x`, tableMessage('-F value should be number for', 'pers')]] }],
  ['arch', { valid: ['-a always,exit -F arch=b64 -S openat', '-a always,exit -F arch=B32 -S open', '-a always,exit -F arch!=x86_64', '-a always,exit -F arch=0xC000003E -S openat'], invalid: [['-a always,exit -F arch<b64', tableMessage('only takes = or != operators', 'arch')], ['-a always,exit -F arch=sparc', tableMessage('elf mapping not found', 'arch')], ['-a always,exit -S openat -F arch=b64', tableMessage('must be before -S', 'arch')]] }],
  ['msgtype', { valid: ['-a never,exclude -F msgtype=CWD', '-a always,user -F msgtype>=1100', '-a never,exclude -F msgtype=cwd'], invalid: [[`${EXIT} -F msgtype=CWD`, tableMessage('msgtype field can only be used with exclude or user filter list')], ['-a never,exclude -F msgtype=NOSUCH', tableMessage('-F unknown message type -', 'msgtype')]] }],
  ['subj_user', { valid: ['-a never,user -F subj_user=system_u'], invalid: [[`${EXIT} -F subj_user>x`, KERNEL]] }],
  ['subj_role', { valid: [`${EXIT} -F subj_role!=system_r`], invalid: [[`${EXIT} -F subj_role<=x`, KERNEL]] }],
  ['subj_type', { valid: ['-a never,exit -F arch=b64 -S adjtimex -F subj_type=chronyd_t'], invalid: [[`${EXIT} -F subj_type&x`, KERNEL]] }],
  ['subj_sen', { valid: [`${EXIT} -F subj_sen<s1`], invalid: [[`${EXIT} -F subj_sen&s0`, KERNEL]] }],
  ['subj_clr', { valid: [`${EXIT} -F subj_clr>=s0`], invalid: [[`${EXIT} -F subj_clr&=s0`, KERNEL]] }],
  ['ppid', { valid: [`${EXIT} -F ppid=1`], invalid: [['-a always,task -F ppid=1', tableMessage('can only be used with exit filter list', 'ppid')]] }],
  ['obj_user', { valid: [`${EXIT} -F obj_user=system_u`], invalid: [['-a always,user -F obj_user=system_u', tableMessage('can only be used with exit filter list', 'obj_user')], [`${EXIT} -F obj_user>x`, KERNEL]] }],
  ['obj_role', { valid: [`${EXIT} -F obj_role=object_r`], invalid: [['-a never,exclude -F obj_role=object_r', tableMessage('can only be used with exit filter list', 'obj_role')]] }],
  ['obj_type', { valid: [`${EXIT} -F obj_type=shadow_t`], invalid: [['-a always,task -F obj_type=shadow_t', tableMessage('can only be used with exit filter list', 'obj_type')]] }],
  ['obj_lev_low', exitOnlyString('obj_lev_low')],
  ['obj_lev_high', exitOnlyString('obj_lev_high')],
  ['(loginuid_set)', { valid: [], invalid: [[`${EXIT} -F loginuid_set=1`, tableMessage('-F unknown field:', 'loginuid_set')]] }],
  ['sessionid', { valid: [`${EXIT} -F sessionid!=unset`, '-a never,exclude -F sessionid=3'], invalid: [['-a always,task -F sessionid=1', tableMessage('must be used with exclude, user, or exit filter', 'sessionid')]] }],
  ['fstype', { valid: ['-a never,filesystem -F fstype=tracefs', '-a never,filesystem -F fstype=debugfs -F key=fs', '-a never,filesystem -F fstype!=0x74726163'], invalid: [[`${EXIT} -F fstype=tracefs`, tableMessage('field is not valid for the filter', 'fstype')], ['-a never,filesystem -F fstype=nosuch', tableMessage('file system type is unknown for field:', 'fstype')], ['-a never,filesystem -F fstype<1', tableMessage('only takes = or != operators', 'fstype')], ['-a never,filesystem -F fstype=tracefs -F uid=0', KERNEL]] }],
  ['devmajor', { valid: [`${EXIT} -F devmajor=8`], invalid: [[`${EXIT} -F devmajor=sda`, tableMessage('-F value should be number for', 'devmajor')], [`${EXIT} -F devmajor&8`, KERNEL]] }],
  ['devminor', { valid: [`${EXIT} -F devminor&1`], invalid: [['-a always,task -F devminor=1', tableMessage('can only be used with exit filter list', 'devminor')]] }],
  ['inode', { valid: [`${EXIT} -F inode=1234`, `${EXIT} -F inode!=1`], invalid: [[`${EXIT} -F inode>5`, tableMessage('only takes = or != operators', 'inode')], ['-a always,exit -F path=/x -F inode=5', KERNEL]] }],
  ['exit', { valid: [`${EXIT} -F exit=-EACCES`, `${EXIT} -F exit<0`, `${EXIT} -F exit=EPERM`], invalid: [[`${EXIT} -F exit=-ENOSUCH`, tableMessage('-F unknown errno -', 'exit')], ['-a always,task -F exit=-EPERM', tableMessage('can only be used with exit filter list', 'exit')]] }],
  ['success', { valid: [`${EXIT} -F success=0`], invalid: [[`${EXIT} -F success=yes`, tableMessage('-F value should be number for', 'success')]] }],
  ['path', { valid: ['-a always,exit -F path=/etc/shadow -F perm=wa -k shadow'], invalid: [['-a always,io_uring -S openat -F path=/etc/shadow', tableMessage('can only be used with exit filter list', 'path')], ['-a always,exit -F path=/etc/ -F perm=wa', KERNEL], ['-a always,exit -F path!=/etc/shadow', KERNEL], ['-a always,exit -F path=etc/shadow', KERNEL], ['-a always,task -F path=/etc/shadow', tableMessage('can only be used with exit filter list', 'path')]] }],
  ['perm', { valid: ['-a always,exit -F path=/etc/passwd -F perm=wa', '-a always,exclude -F perm=r', '-a always,exit -F arch=b64 -F dir=/etc/ -F perm=RWXA'], invalid: [['-a always,exit -F path=/etc/passwd -F perm=rwxq', tableMessage("Permission can only contain  'rwxa'")], ['-a always,exit -F path=/etc/passwd -F perm!=wa', tableMessage('only takes = operator', 'perm')], ['-a always,exit -F path=/etc/passwd -F perm=rwxaa', tableMessage('String value too long')], ['-a always,io_uring -F perm=r', tableMessage('can only be used with exit filter list', 'perm')]] }],
  ['dir', { valid: ['-a always,exit -F dir=/etc/ -F perm=wa', '-a always,exit -F dir=/home -F uid=0'], invalid: [['-a always,exit -F dir=etc', KERNEL], ['-a always,exit -F dir!=/etc', KERNEL], ['-a always,exit -F dir=/etc -F path=/etc/passwd', KERNEL]] }],
  ['filetype', { valid: [`${EXIT} -F filetype=file`, `${EXIT} -F filetype!=dir`], invalid: [[`${EXIT} -F filetype=32768`, tableMessage('-F unknown file type - ', 'filetype')], [`${EXIT} -F filetype<file`, KERNEL]] }],
  ['obj_uid', { valid: [`${EXIT} -F obj_uid=0`, '-a always,user -F obj_uid=0'], invalid: [[`${EXIT} -F obj_uid=unset`, KERNEL]] }],
  ['obj_gid', gidLike('obj_gid')],
  ['field_compare', { valid: [`${EXIT} -F field_compare=1`], invalid: [[`${EXIT} -F field_compare=30`, KERNEL], [`${EXIT} -F field_compare=x`, tableMessage('-F value should be number for', 'field_compare')]] }],
  ['a0', arg('a0')],
  ['a1', arg('a1')],
  ['a2', arg('a2')],
  ['a3', arg('a3')],
  ['key', { valid: [`${EXIT} -F key=a -k b -F key=c`, `${EXIT} -F key=`, '-a always,exit -F arch=b64 -F key=x -S open'], invalid: [['-a always,exit -F auid>=1000 -F key!=x', tableMessage('Key field needs a watch, syscall or exe path given prior to it')], [`${EXIT} -F key=${'k'.repeat(257)}`, message('key option exceeds size limit')], [`${EXIT} -k a -F key!=b`, KERNEL]] }],
  ['exe', { valid: [`${EXIT} -F exe=/usr/bin/sudo`, '-a always,exclude -F exe=/usr/bin/x', '-a never,user -F exe=/usr/bin/x'], invalid: [[`${EXIT} -F exe<x`, tableMessage('only takes = or != operators', 'exe')], [`${EXIT} -F exe=usr/bin/x`, KERNEL], [`${EXIT} -F exe=/usr/bin/ -k x`, KERNEL], [`${EXIT} -F exe=/a -F exe!=/b`, KERNEL]] }],
  ['saddr_fam', { valid: [`${EXIT} -F saddr_fam=2`, `${EXIT} -F saddr_fam=x`], invalid: [[`${EXIT} -F saddr_fam=99`, tableMessage('value is too large for field:', 'saddr_fam')], [`${EXIT} -F saddr_fam&2`, KERNEL]] }],
]);

testEveryRow({ table: 'fields.tsv', label: 'field', rows: ROWS, everyRowRefusable: true });
