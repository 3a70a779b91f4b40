// The generated inputs of npm run test:fuzz: rule files built from the project's own tables (options,
// lists, actions, fields, syscalls, paths), each line then mutated the ways real and hostile files differ
// from what auditctl wants (tabs, a CR, a NUL, an inline comment, an over-long word, indentation); files
// with LF, CRLF or both, a BOM or none, a final newline or none; lone files and rules.d sets. Small on
// purpose: a few lines each, so that 100,000 of them run in minutes and a failure shrinks to a few words.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

function column(file, at = 0) {
  const text = readFileSync(new URL(`../../server/data/auditctl/${file}`, import.meta.url), 'utf8');
  return [...new Set(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[at]))];
}

const FIELDS = column('fields.tsv');
const SYSCALLS = column('syscalls/x86_64.tsv').slice(0, 120);
const LISTS = ['exit', 'task', 'user', 'exclude', 'filesystem', 'io_uring', 'exitt', 'possible'];
const ACTIONS = ['always', 'never', 'possible', 'alwys'];
const PATHS = ['/etc/passwd', '/etc/docker', '/usr/bin/dockerd', '/run/containerd', '/var/lib/docker', '/usr/local/share', '/srv/app', '/', 'etc/x', '/a/../b', '/tmp/*'];
const OPS = ['=', '!=', '>=', '<=', '>', '<', '&', '&='];
const VALUES = ['0', '1', '1000', '-1', 'unset', 'b64', 'b32', 'wa', 'rwxa', 'x', 'root', 'docker', '0x10', '4294967296', 'EPERM', '-EPERM', ''];

const word = (...xs) => fc.constantFrom(...xs);
const field = fc.tuple(word(...FIELDS), word(...OPS), word(...VALUES, ...PATHS)).map(([f, o, v]) => `-F ${f}${o}${v}`);
const syscalls = fc.array(word(...SYSCALLS, 'all', '9999', '2'), { minLength: 1, maxLength: 3 }).map((s) => `-S ${s.join(',')}`);
const rule = fc.tuple(word('-a', '-A', '-d'), word(...LISTS), word(...ACTIONS), fc.boolean(), fc.array(fc.oneof(field, syscalls), { maxLength: 4 }), fc.option(word('docker', 'identity', 'k'), { nil: undefined }))
  .map(([op, list, action, actionFirst, parts, key]) => [op, actionFirst ? `${action},${list}` : `${list},${action}`, ...parts, ...(key ? [`-k ${key}`] : [])].join(' '));
const watch = fc.tuple(word('-w', '-W'), word(...PATHS), fc.option(word('wa', 'rwxa', 'r', 'q'), { nil: undefined }), fc.option(word('docker', 'identity'), { nil: undefined }))
  .map(([w, p, perm, key]) => [w, p, ...(perm ? [`-p ${perm}`] : []), ...(key ? [`-k ${key}`] : [])].join(' '));
const control = word('-D', '-D -k docker', '-e 0', '-e 1', '-e 2', '-e2', '-b 8192', '-f 1', '-f 5', '-i', '-c', '-r 100', '--backlog_wait_time 60000', '--loginuid-immutable', '-x', '');
const comment = word('# comment', '## local rules', '# auditd-lint: disable cis-docker-1.1.4', '   ');
const line = fc.oneof({ weight: 3, arbitrary: rule }, { weight: 3, arbitrary: watch }, { weight: 2, arbitrary: control }, { weight: 1, arbitrary: comment });

/** A line, mutated the ways real files and hostile ones differ from what auditctl wants. */
const mutated = fc.tuple(line, fc.array(fc.tuple(word('tab', 'cr', 'nul', 'comment', 'long', 'lead', 'trail'), fc.nat()), { maxLength: 2 }))
  .map(([text, mutations]) => mutations.reduce((t, [how, at]) => {
    const i = t.length === 0 ? 0 : at % (t.length + 1);
    switch (how) {
      case 'tab': return t.slice(0, i) + '\t' + t.slice(i);
      case 'cr': return t.slice(0, i) + '\r' + t.slice(i);
      case 'nul': return t.slice(0, i) + '\0' + t.slice(i);
      case 'comment': return `${t} # note`;
      // Now and then past auditctl's 6143-byte read, which cuts the line in parts.
      case 'long': return `${t} -k ${'k'.repeat(at % 16 === 0 ? 6100 + (at % 300) : 100 + (at % 300))}`;
      case 'lead': return `  ${t}`;
      default: return `${t}  `;
    }
  }, text));

const fileText = fc.tuple(fc.array(mutated, { maxLength: 8 }), word('\n', '\r\n', 'mixed'), fc.boolean(), fc.boolean())
  .map(([lines, eol, finalNewline, bom]) => {
    const ending = (i) => (eol === 'mixed' ? (i % 2 ? '\r\n' : '\n') : eol);
    const body = lines.map((l, i) => l + (i < lines.length - 1 || finalNewline ? ending(i) : '')).join('');
    return (bom ? '\uFEFF' : '') + body;
  });

/** A lone audit.rules (as auditctl -R reads it), or a rules.d set of up to three files (as augenrules merges them). */
export const ruleSet = fc.oneof(
  { weight: 3, arbitrary: fileText.map((text) => ({ merged: false, files: [{ name: 'audit.rules', text }] })) },
  { weight: 2, arbitrary: fc.array(fileText, { minLength: 1, maxLength: 3 }).map((texts) => ({ merged: true, files: texts.map((text, i) => ({ name: `${10 * (i + 1)}-f.rules`, text })) })) },
);

/**
 * The CIS setting of an input. The benchmark's checks (and the five scanners' verdicts behind them) cost
 * ten times the language's on a small file, so most inputs run with them off and one in six with them on.
 */
export const cisVersion = fc.oneof({ weight: 10, arbitrary: fc.constant('off') }, { weight: 1, arbitrary: fc.constant('ce-1.1.0') }, { weight: 1, arbitrary: fc.constant('1.8.0') });

/** An input's files as the core takes them: URIs under /etc/audit, or under `root` (a directory of the server run). */
export function ruleFiles(input, root = '/etc/audit') {
  return input.files.map(({ name, text }) => ({ uri: `file://${root}/${input.merged ? `rules.d/${name}` : name}`, text }));
}
