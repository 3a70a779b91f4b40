// What `auditctl -l` prints for the loaded rules: the reference's own listings, and the rules of
// auditctl-listing.c (audit-userspace 4.2.1) and the kernel's list order, quoted where each case is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { core, lintText } from './helpers.mjs';

const listed = (a) => core.kernelListing(a.set, a.load);
const listing = (text, rest) => core.listingText(listed(lintText(text, { version: 'off' }, undefined, rest)));

/**
 * The reference's rule files that end in `-l` and load up to it (test/fixtures/auditctl/cases.json, from
 * the auditctl reference), with the lines auditctl listed. That reference ran against a simulated kernel
 * that keeps one rule list; a real kernel keeps one per filter and lists them user, task, exit, exclude,
 * filesystem, io_uring (kernel/auditfilter.c audit_list_rules: `for (i = 0; i < AUDIT_NR_FILTERS; i++)`),
 * so the lines are put in that order, each list as auditctl printed it. A watch path holding a CR is left
 * out: the capture split its line in two.
 */
function referenceCases() {
  const { cases } = JSON.parse(readFileSync(new URL('../fixtures/auditctl/cases.json', import.meta.url), 'utf8'));
  const LIST_ORDER = ['user', 'task', 'exit', 'exclude', 'filesystem', 'io_uring'];
  const listOf = (line) => (/^-a /.test(line) ? line.split(' ')[1].split(',')[1] : 'exit');
  return cases.flatMap(({ id, text, output }) => {
    const listed = output.filter((l) => /^(-a |-w | -p )/.test(l) || l === 'No rules');
    if (!/(^|\n)-l[^\n]*\n?$/.test(text) || listed.length === 0 || text.includes('\r')) return [];
    const ordered = listed.map((l, i) => ({ l, i })).sort((a, b) => LIST_ORDER.indexOf(listOf(a.l)) - LIST_ORDER.indexOf(listOf(b.l)) || a.i - b.i);
    return [{ id, rules: text, printed: ordered.map((x) => `${x.l}\n`).join('') }];
  });
}

test('the reference holds listings to check against', () => {
  // cases2 (#1, #11, #12, #15, #22, #23), cases3#1, cases4 (#13, #14, #16), cases5 (#1, #3, #5, #6).
  assert.equal(referenceCases().length, 14);
});

for (const c of referenceCases()) {
  test(`the listing auditctl printed for ${c.id}`, () => {
    assert.equal(listing(c.rules), c.printed);
  });
}

// listing.md §7, each row read from print_rule() and is_watch().
for (const [rule, printed, why] of [
  ['-w /var/lib/docker -k docker', '-w /var/lib/docker -p rwxa -k docker', 'a watch gets every permission by default'],
  ['-w /var/lib/docker/ -p wa -k docker', '-w /var/lib/docker -p wa -k docker', 'auditctl trims a watch path\'s trailing /'],
  ['-w /usr/bin/dockerd', '-w /usr/bin/dockerd -p rwxa', 'no key, no -k'],
  ['-w /etc/docker -p xr -k a -k b', '-w /etc/docker -p rx -k a -k b', 'perm letters in rwxa order; one -k per key'],
  ['-a exit,always -F path=/run/containerd -F perm=war -k docker', '-w /run/containerd -p rwa -k docker', 'all syscalls, a perm field and only path/perm/key: a watch'],
  ['-a always,exit -S all -F path=/x -F perm=wa -k k', '-w /x -p wa -k k', '-S all is all syscalls'],
  ['-a never,exit -F path=/x -F perm=wa -k k', '-w /x -p wa -k k', 'is_watch() does not look at the action'],
  ['-a always,exit -F perm=wa -F path=/x -k k', ' -p wa-w /x -k k', 'fields print in rule order; -w has no leading space'],
  // Without a path the key would be refused ("key option needs a watch or syscall given prior to it").
  ['-a always,exit -F perm=wa', ' -p wa', 'a watch needs no path'],
  ['-a always,exit -F dir=/var/lib/docker/ -F perm=rwxa -k docker', '-w /var/lib/docker/ -p rwxa -k docker', 'a dir= value keeps its slash'],
  ['-a always,exit -F path=/x -k docker', '-a always,exit -S all -F path=/x -F key=docker', 'no perm field: syscall form'],
  ['-a always,exit -F arch=b64 -F path=/x -F perm=wa -k docker', '-a always,exit -F arch=b64 -S open,bind,truncate,ftruncate,rename,mkdir,rmdir,creat,link,unlink,symlink,chmod,fchmod,chown,fchown,lchown,mknod,acct,swapon,quotactl,setxattr,lsetxattr,fsetxattr,removexattr,lremovexattr,fremovexattr,openat,mkdirat,mknodat,fchownat,unlinkat,renameat,linkat,symlinkat,fchmodat,fallocate,renameat2,openat2,quotactl_fd,fchmodat2,setxattrat,removexattrat,file_setattr -F path=/x -F perm=wa -F key=docker', 'an arch field: syscall form; with an arch, perm= adds its syscalls'],
  ['-a always,exit -F arch=b64 -S openat -S open -F path=/x -k docker', '-a always,exit -F arch=b64 -S open,openat -F path=/x -F key=docker', 'syscalls in number order, several -S merged'],
  ['-a always,exit -F arch=b32 -S open -k k', '-a always,exit -F arch=b32 -S open -F key=k', 'b32 names come from the i386 table'],
  ['-a always,exit -F arch=b64 -S execve -F auid>=1000 -F auid!=unset -k exec', '-a always,exit -F arch=b64 -S execve -F auid>=1000 -F auid!=-1 -F key=exec', 'unset is -1'],
  ['-a exit,never -F dir=/var/lib/docker/volumes', '-a never,exit -S all -F dir=/var/lib/docker/volumes', 'ACTION,LIST whatever the order written'],
  ['-a always,exclude -F msgtype=CWD', '-a always,exclude -F msgtype=CWD', 'no -S on the exclude list'],
  ['-a never,task', '-a never,task', 'nothing else to print'],
  ['-a always,exit -F arch=b64 -S unlink -F exit=-EACCES -k k', '-a always,exit -F arch=b64 -S unlink -F exit=-EACCES -F key=k', 'a known negative errno by name'],
  ['-a always,exit -F arch=b64 -S all -C auid!=obj_uid', '-a always,exit -F arch=b64 -S all -C auid!=obj_uid', 'a field comparison'],
]) {
  test(`listed: ${rule} (${why})`, () => {
    assert.equal(listing(`${rule}\n`), `${printed}\n`);
  });
}

test('-A rules go to the head of their list, the last added first, and are listed with -a', () => {
  // kernel/auditfilter.c audit_add_rule: `if (entry->rule.flags & AUDIT_FILTER_PREPEND) { list_add(...)`.
  const text = '-w /a -k k\n-A always,exit -F path=/b -F perm=r\n-A always,exit -F path=/c -F perm=r\n-w /d -k k\n';
  assert.equal(listing(text), '-w /c -p r\n-w /b -p r\n-w /a -p rwxa -k k\n-w /d -p rwxa -k k\n');
});

test('the lists in kernel order: user, task, exit, exclude, filesystem, io_uring', () => {
  // audit_list_rules: `for (i = 0; i < AUDIT_NR_FILTERS; i++) list_for_each_entry(r, &audit_rules_list[i], list)`.
  const text = '-a always,io_uring -S openat -k u\n-a never,filesystem -F fstype=tracefs\n-a always,exclude -F msgtype=CWD\n-w /x -k k\n-a always,task -F uid=0\n-a never,user -F uid=0\n';
  assert.equal(listing(text), '-a never,user -F uid=0\n-a always,task -F uid=0\n-w /x -p rwxa -k k\n-a always,exclude -F msgtype=CWD\n-a never,filesystem -F fstype=tracefs\n-a always,io_uring -S openat -F key=u\n');
});

test('a rule without an arch is named by the arch printed before it', () => {
  // print_arch() sets _audit_elf, which audit_print_reply() resets once before printing every rule, and
  // print_syscall() uses it when set: `if (_audit_elf) machine = audit_elf_to_machine(_audit_elf);`.
  // open is 2 on x86_64; 2 is fork in the i386 table.
  const text = '-a always,exit -F arch=b32 -S open -k a\n-a always,exit -S open -k b\n';
  assert.equal(listing(text), '-a always,exit -F arch=b32 -S open -F key=a\n-a always,exit -S fork -F key=b\n');
  assert.equal(listing('-a always,exit -S open -k b\n'), '-a always,exit -S open -F key=b\n');
});

test('only what loads is listed: nothing after -e 2, after the refused line, or removed by -W, -d, -D', () => {
  assert.equal(listing('-w /a -k k\n-e 2\n-w /b -k k\n'), '-w /a -p rwxa -k k\n');
  assert.equal(listing('-w /a -k k\n-w /b -k k # inline\n-w /c -k k\n'), '-w /a -p rwxa -k k\n');
  assert.equal(listing('-w /a -k k\n-w /b -k k\n-W /a -k k\n'), '-w /b -p rwxa -k k\n');
  assert.equal(listing('-a always,exit -F arch=b64 -S open -k k\n-d always,exit -F arch=b64 -S open -k k\n'), 'No rules\n');
  assert.equal(listing('-w /a -k k\n-D\n-w /b -k x\n'), '-w /b -p rwxa -k x\n');
  assert.equal(listing('-w /a -k k\n-w /a -k k\n'), '-w /a -p rwxa -k k\n');
});

test('syscall names come from the target machine', () => {
  // aarch64 has no open; openat is 56 there.
  assert.equal(listing('-a always,exit -F arch=b64 -S openat -k k\n', { targetArch: 'aarch64' }), '-a always,exit -F arch=b64 -S openat -F key=k\n');
});
