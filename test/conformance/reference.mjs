// The auditctl facts the tests hold the linter to, as the project's own fixtures (test/fixtures/auditctl,
// made from the auditctl reference of audit-userspace 4.2.1 by generate.mjs there): the observed cases
// of `auditctl -R`, the option and field tables, and the message formats.
import { readFileSync } from 'node:fs';

const fixture = (name) => readFileSync(new URL(`../fixtures/auditctl/${name}`, import.meta.url), 'utf8');
/** A fixture .tsv as rows of cells, comments dropped. */
const tsv = (name) => fixture(name).split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split('\t'));

/** Lines of auditctl output that are warnings or listings, never the reason a line was refused. */
const NOT_A_REASON = [
  /slower$/, /^WARNING - 32\/64 bit syscall mismatch/, /is deprecated$/, /^Warning - /, /^No rules$/,
  /^-[awAWd] /, /^auditctl version/, /^There was an error in line/, /^rc=/,
];

/**
 * Every case of examples/casesN.out: its text, auditctl's exit code, the lines it reported
 * ("There was an error in line N") and, for each, the message auditctl printed for it (if any).
 */
export function exampleCases() {
  return JSON.parse(fixture('cases.json')).cases.map(({ id, text, rc, output }) => {
    const said = output.filter((l) => l !== '').map((l) => l.replace(/^\[syslog:\d\] /, ''));
    const reported = [];
    said.forEach((l, k) => {
      const m = /^There was an error in line (\d+) of FILE$/.exec(l);
      if (!m) return;
      const before = said[k - 1];
      const message = before !== undefined && !NOT_A_REASON.some((re) => re.test(before)) ? before : undefined;
      reported.push({ line: Number(m[1]), message });
    });
    return { id, text, rc, output: said, reported };
  });
}

/** A table of the reference (options.tsv, fields.tsv) as rows of cells, comments dropped. */
export const referenceTable = tsv;

/**
 * Editor line (0-based) of each auditctl line number (1-based): auditctl reads with fgets() into a
 * 6144-byte buffer (GRAMMAR.md, "Lines"), so a line of 6143 bytes or more (its newline counted) is
 * several lines to it.
 */
export function auditctlLineMap(text) {
  const lines = text.split('\n');
  const terminated = text.endsWith('\n');
  if (terminated) lines.pop();
  const map = [undefined];
  lines.forEach((line, i) => {
    const bytes = Buffer.byteLength(line) + (i < lines.length - 1 || terminated ? 1 : 0);
    const reads = Math.max(1, Math.ceil(bytes / 6143));
    for (let k = 0; k < reads; k++) map.push(i);
  });
  return map;
}

/**
 * The message formats of error-messages.txt, by section: the -R wrapper's (fileopt), the option
 * handlers' printf formats, the errormsg.h table (with the position of the field name: 0 none,
 * 1 before, 2 after), libaudit.c's.
 */
export function messageFormats() {
  return tsv('error-messages.tsv').map(([section, format, name, position]) =>
    (section === 'errormsg' ? { section, name, position: Number(position), format } : { section, format }));
}

/** A format of error-messages.txt, required to be there, filled in as printf would (%s, %d, %c, %u, %x). */
export function message(format, ...args) {
  const known = messageFormats().some((f) => f.format === format);
  if (!known) throw new Error(`not a format of error-messages.txt: ${format}`);
  let k = 0;
  return format.replace(/%[sdcux]/g, () => String(args[k++]));
}

/** An errormsg.h message as audit_number_to_errmsg() prints it: the text and the -F/-C argument. */
export function tableMessage(text, opt) {
  const entry = messageFormats().find((f) => f.section === 'errormsg' && f.format === text);
  if (!entry) throw new Error(`not in the errormsg.h table: ${text}`);
  return entry.position === 0 ? text : entry.position === 1 ? `${opt} ${text}` : `${text} ${opt}`;
}
