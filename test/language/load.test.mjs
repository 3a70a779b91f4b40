// The load as a whole (GRAMMAR.md "Lines", "-e 2", "Duplicates"): how auditctl reads lines, where it
// stops, what -e 2 and -i do to the rest, and the Warnings that say so on the line that causes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { message } from '../conformance/reference.mjs';
import { core, errorLines, errors, lone, WARNING } from '../conformance/helpers.mjs';
import { fullRemediation } from '../core/helpers.mjs';

const warnings = (diagnostics) => diagnostics.filter((d) => d.severity === WARNING);

test('a line of 6143 bytes or more is cut: auditctl reads the rest as its next line, and numbers it so', () => {
  const long = `-w /etc/passwd -p wa -k ${'k'.repeat(100)}${' '.repeat(6100)}-F uid=0`;
  const { diagnostics, analysis } = lone(`${long}\n-x\n`);
  // The tail "-F uid=0" is auditctl's line 2 and has no list; "-x" is its line 3.
  const tail = errors(diagnostics).find((d) => d.message.includes(message('List must be given before field')));
  assert.ok(tail, 'the tail is refused');
  assert.equal(tail.range.start.line, 0, 'on the editor line it sits on');
  const at = long.indexOf('-F uid=0');
  assert.ok(tail.range.start.character >= at && tail.range.end.character <= at + '-F uid=0'.length, 'pointing into the tail');
  assert.equal(analysis.load.stop.ref.line, 0);
  const third = lone(`-c\n${long}\n-x\n`).diagnostics.find((d) => d.range.start.line === 2);
  assert.ok(third.message.includes(message('Option %s on line %d is invalid', '-x', 4)), third.message);
});

test('a line of exactly 6143 bytes leaves its newline for an empty read: a blank line, no Error', () => {
  const exact = `-w /etc/passwd -k ${'k'.repeat(200)}${' '.repeat(6143 - 218)}`;
  assert.equal(Buffer.byteLength(exact), 6143);
  assert.deepEqual(errors(lone(`${exact}\n`).diagnostics), []);
});

test('a UTF-8 BOM is part of the first word: line 1 is refused', () => {
  const { diagnostics } = lone('\uFEFF-w /etc/passwd -p wa -k passwd\n-w /etc/shadow -p wa\n');
  assert.deepEqual(errorLines(diagnostics), [0]);
  assert.deepEqual(errorLines(lone('\uFEFF# a comment\n-w /etc/shadow\n').diagnostics), [0]);
});

test('text after a NUL byte is not seen by auditctl', () => {
  assert.deepEqual(errors(lone('-w /etc/passwd -p wa\0 junk\n').diagnostics), []);
});

test('-e 2 before rules: a Warning on the -e 2 line, and the rule after it is refused', () => {
  const { diagnostics } = lone('-D\n-e 2\n-w /etc/passwd -p wa\n');
  const w = warnings(diagnostics).find((d) => d.range.start.line === 1);
  assert.ok(w, 'Warning on -e 2');
  assert.match(w.message, /line 3/);
  assert.ok(errors(diagnostics).some((d) => d.range.start.line === 2 && d.message.includes(message('Error sending add rule data request (%s)', 'Operation not permitted'))));
  assert.deepEqual(warnings(lone('-D\n-w /etc/passwd -p wa\n-e 2\n').diagnostics), [], '-e 2 last: nothing to say');
});

test('after -e 2: each setting fails in libaudit\'s words, the unlocked ones pass', () => {
  const after = (line) => errors(lone(`-e 2\n${line}\n`).diagnostics).filter((d) => d.range.start.line === 1).map((d) => d.message);
  assert.ok(after('-f 1')[0].includes(message('Error sending failure mode request (%s)', 'Operation not permitted')));
  assert.ok(after('-r 10')[0].includes(message('Error sending rate limit request (%s)', 'Operation not permitted')));
  assert.ok(after('-b 10')[0].includes(message('Error sending backlog limit request (%s)', 'Operation not permitted')));
  assert.ok(after('-e 1')[0].includes(message('Error sending enable request (%s)', 'Operation not permitted')));
  assert.deepEqual(after('--reset-lost'), []);
  assert.deepEqual(after('--loginuid-immutable'), []);
  // -D sends nothing when there is nothing to delete.
  assert.deepEqual(after('-D'), []);
  assert.equal(errors(lone('-w /etc/passwd\n-e 2\n-D\n').diagnostics).length, 1);
});

test('a handler that ran acts even if its line then fails: -e 2 junk still locks', () => {
  const { diagnostics } = lone('-c\n-e 2 junk\n-w /etc/passwd\n');
  assert.deepEqual(errorLines(diagnostics), [1, 2]);
});

test('-i that hides refused lines: a Warning on -i with the count; -c exits 1, so no Warning', () => {
  const text = '-i\n-a always,exit -F foo=bar\n-w /etc/passwd -p wa\n-x\n';
  const w = warnings(lone(text).diagnostics).find((d) => d.range.start.line === 0);
  assert.ok(w);
  assert.match(w.message, /\b2 refused lines\b/);
  assert.equal(warnings(lone(text.replace('-i', '-c')).diagnostics).filter((d) => d.range.start.line === 0).length, 0);
  assert.equal(warnings(lone('-i\n-w /etc/passwd\n').diagnostics).length, 0, 'nothing hidden, nothing said');
});

test('past the stop, a line that would fail once the earlier ones are fixed is an Error now', () => {
  const { diagnostics, analysis } = lone('-x\n-w /etc/passwd -p wa\n-w /etc/passwd -p wa\n');
  assert.equal(analysis.load.stop.ref.line, 0);
  assert.deepEqual(errorLines(diagnostics), [0, 2]);
  assert.equal(analysis.load.loadedRules().length, 0, 'nothing is loaded past the stop');
});

test('-a LIST,possible: auditctl eats the line, says "possible is deprecated" and goes on loading', () => {
  const { diagnostics, analysis } = lone('-a exit,possible -F arch=b64 -S openat -k k\n-w /etc/passwd -p wa\n');
  assert.deepEqual(errors(diagnostics), []);
  assert.ok(warnings(diagnostics).some((d) => d.range.start.line === 0 && d.message.includes(message('Append rule - possible is deprecated'))));
  assert.equal(analysis.load.stop, undefined, 'loading goes on');
  assert.equal(analysis.load.loadedRules().length, 1, 'the watch on line 2 loads');
});

test('two watches of one path are one rule, trailing slash or not; an explicit path= rule matches a file watch', () => {
  assert.deepEqual(errorLines(lone('-w /etc/passwd -p wa -k k\n-w /etc/passwd/ -p wa -k k\n').diagnostics), [1]);
  assert.deepEqual(errorLines(lone('-w /etc/passwd -p wa -k k\n-a always,exit -F path=/etc/passwd -F perm=wa -F key=k\n').diagnostics), [1]);
  assert.deepEqual(errorLines(lone('-w /etc/passwd -p wa -k k\n-w /etc/passwd -p wa -k other\n').diagnostics), []);
});

// auditctl stats a watch's path on the loading host and sends it as a dir= rule when it is a directory there,
// a path= rule otherwise (libaudit's audit_setup_watch_name); the kernel compares the two types as different.
test('a watch of a directory every Linux host has is a dir= rule: an explicit path= rule of it loads too, a dir= rule repeats it', () => {
  const both = lone('-w /usr/local/share -p wa -k K\n-a always,exit -F path=/usr/local/share -F perm=wa -k K\n');
  assert.deepEqual(errors(both.diagnostics), []);
  assert.equal(both.analysis.load.loadedRules().length, 2, 'both rules load');
  assert.deepEqual(errorLines(lone('-w /usr/local/share/ -p wa -k K\n-a always,exit -F dir=/usr/local/share -F perm=wa -k K\n').diagnostics), [1]);
  assert.deepEqual(errorLines(lone('-a always,exit -F path=/usr/local/share -F perm=wa -k K\n-W /usr/local/share -p wa -k K\n').diagnostics), [1], '-W sends dir=, which matches nothing');
});

test('a watch of a path only the loading host knows: a repeat on some hosts is a Warning that says which, and the load goes on', () => {
  const hostSays = (d) => d.code === 'host-directory';
  const file = lone('-w /srv/app -p wa -k K\n-a always,exit -F path=/srv/app -F perm=wa -k K\n-w /etc/shadow -p wa\n');
  assert.deepEqual(errors(file.diagnostics), []);
  const [w] = warnings(file.diagnostics).filter(hostSays);
  assert.equal(w.range.start.line, 1);
  assert.match(w.message, /^Rule exists where \/srv\/app is not a directory .*line 1.*where \/srv\/app is a directory, -w sends a dir= rule and both load/);
  assert.equal(file.analysis.load.stop, undefined, 'no stop on a guess');
  assert.equal(file.analysis.load.loadedRules().length, 3);

  const dir = lone('-a always,exit -F dir=/srv/app -F perm=wa -k K\n-w /srv/app -p wa -k K\n');
  assert.deepEqual(errors(dir.diagnostics), []);
  assert.match(warnings(dir.diagnostics).find(hostSays).message, /^Rule exists where \/srv\/app is a directory: .*line 1.*elsewhere -w sends a path= rule and both load/);

  const removed = lone('-a always,exit -F path=/srv/app -F perm=wa -k K\n-W /srv/app -p wa -k K\n');
  assert.deepEqual(errors(removed.diagnostics), []);
  assert.match(warnings(removed.diagnostics).find(hostSays).message, /^Deletes the rule on line 1 only where \/srv\/app is not a directory/);
  assert.equal(removed.analysis.load.loadedRules().length, 0);

  // Two watches of one path are the same type on any host: a repeat everywhere.
  assert.deepEqual(errorLines(lone('-w /srv/app -p wa -k K\n-w /srv/app/ -p wa -k K\n').diagnostics), [1]);
  assert.equal(lone('-w /srv/app -p wa -k K\n-w /srv/app/ -p wa -k K\n').diagnostics.filter(hostSays).length, 0);
});

test('--backlog_wait_time: over 600000 every kernel refuses it, over 60000 a low-HZ kernel does (Warning)', () => {
  assert.deepEqual(errorLines(lone('--backlog_wait_time 600001\n').diagnostics), [0]);
  const { diagnostics } = lone('--backlog_wait_time 150000\n');
  assert.deepEqual(errors(diagnostics), []);
  assert.equal(warnings(diagnostics).length, 1);
  assert.deepEqual(lone('--backlog_wait_time 60000\n').diagnostics, []);
  // strtoul then a u32: 2^32 wraps to 0, which every kernel takes.
  assert.deepEqual(errors(lone('--backlog_wait_time 4294967296\n').diagnostics), []);
});

test('CRLF in a lone file: auditctl -R refuses "-D\\r" on line 1 and stops, so nothing loads; one crlf Error names the cause', () => {
  const { diagnostics, analysis } = lone('-D\r\n-w /etc/passwd -p wa\r\n-w /etc/shadow -k shadow\r\n');
  assert.equal(analysis.load.stop.ref.line, 0, 'the load stops on line 1');
  assert.equal(analysis.load.loadedRules().length, 0, 'nothing loads');
  assert.ok(errorLines(diagnostics).includes(0));
  const crlf = diagnostics.find((d) => d.code === 'crlf');
  assert.equal(crlf.severity, 1);
  assert.equal(crlf.range.start.line, 0);
  assert.match(crlf.message, /refuse 2 of them \(first: line 1\)/);
  // A CR that only ends up in a key breaks no line: a Warning.
  const keyOnly = lone('-w /etc/passwd -p wa -k passwd\r\n').diagnostics.find((d) => d.code === 'crlf');
  assert.equal(keyOnly.severity, WARNING);
});

test('CRLF in a lone file: the CIS checks see what loads, which is nothing', () => {
  const text = ['-D', ...fullRemediation()].join('\r\n') + '\r\n';
  const analysis = core.analyze({ files: [{ uri: 'file:///etc/audit/audit.rules', text }], merged: false, settings: core.DEFAULT_SETTINGS });
  assert.equal(analysis.cis.statuses.filter((s) => s.state === 'met').length, 0);
  assert.equal(analysis.cis.insertLine, undefined, 'and no place would load a fix: -D\\r deletes before auditctl refuses the rest');
});

test('user and exclude lists: a field the kernel filter does not test is a Warning (the rule loads, never applies)', () => {
  // lists-actions.txt: the user list's kernel filter "only evaluates uid,auid,gid,pid,subj_*,msgtype,exe".
  for (const text of ['-a always,exclude -F perm=r', '-a never,user -F euid=0', '-a never,exclude -F exe=/usr/bin/x -F key=k']) {
    const { diagnostics } = lone(text);
    assert.deepEqual(errors(diagnostics), [], text);
    assert.equal(warnings(diagnostics).length, 1, text);
  }
  for (const text of ['-a never,exclude -F msgtype=CWD', '-a never,user -F subj_type=crond_t', '-a always,exclude -F exe=/usr/bin/x', '-a never,exclude -F auid=unset -F uid=0 -F gid=0 -F pid=1']) {
    assert.deepEqual(lone(text).diagnostics, [], text);
  }
});

test('-A: the kernel clears the prepend flag of a stored rule, so only the later -a is "Rule exists"', () => {
  const X = 'always,exit -F arch=b64 -S openat -F uid=0';
  // The reference's own case (cases2): -a, -A, -a → the third line.
  assert.deepEqual(errorLines(lone(`-a ${X}\n-A ${X}\n-a ${X}\n`).diagnostics), [2]);
  assert.deepEqual(errorLines(lone(`-A ${X}\n-a ${X}\n`).diagnostics), [1]);
  assert.deepEqual(errorLines(lone(`-A ${X}\n-A ${X}\n`).diagnostics), []);
  assert.deepEqual(errorLines(lone(`-A ${X}\n-d ${X}\n`).diagnostics), []);
});
