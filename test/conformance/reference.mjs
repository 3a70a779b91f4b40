// Reads the auditctl reference beside the repository (../shared/reference/auditctl): the observed cases
// (examples/casesN.out, whose `### '...'` headers hold each rule file as a Python repr) and the tables.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sharedDir = fileURLToPath(new URL('../../../shared/', import.meta.url));
// Fail loudly, once, in words: a missing reference must never pass or skip quietly.
if (!existsSync(sharedDir)) throw new Error(`These tests read the auditctl reference from ${sharedDir}, beside the clone; it is not there.`);

export const referenceDir = fileURLToPath(new URL('../../../shared/reference/auditctl/', import.meta.url));

/** Python's repr() of a str, undone: the exact text auditctl was given (tabs and CRs included). */
export function unrepr(repr) {
  const quote = repr[0];
  if ((quote !== "'" && quote !== '"') || repr[repr.length - 1] !== quote) throw new Error(`not a repr: ${repr.slice(0, 40)}`);
  const body = repr.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') { out += c; continue; }
    const e = body[++i];
    const simple = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"' }[e];
    if (simple !== undefined) { out += simple; continue; }
    const width = { x: 2, u: 4, U: 8 }[e];
    if (!width) throw new Error(`unknown escape \\${e}`);
    out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + width), 16));
    i += width;
  }
  return out;
}

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
  const dir = `${referenceDir}examples/`;
  const cases = [];
  for (const name of readdirSync(dir).filter((f) => /^cases\d+\.out$/.test(f)).sort()) {
    const sections = readFileSync(dir + name, 'utf8').split(/^### /m).slice(1);
    sections.forEach((section, index) => {
      const lines = section.split('\n');
      const text = unrepr(lines[0]);
      const rc = Number(/^rc=(\d+)$/.exec(lines[1])?.[1]);
      const output = lines.slice(2).filter((l) => l !== '').map((l) => l.replace(/^\[syslog:\d\] /, ''));
      const reported = [];
      output.forEach((l, k) => {
        const m = /^There was an error in line (\d+) of FILE$/.exec(l);
        if (!m) return;
        const before = output[k - 1];
        const message = before !== undefined && !NOT_A_REASON.some((re) => re.test(before)) ? before : undefined;
        reported.push({ line: Number(m[1]), message });
      });
      cases.push({ id: `${name}#${index + 1}`, text, rc, output, reported });
    });
  }
  return cases;
}

/** A reference .tsv as rows of cells, comments dropped. */
export function referenceTable(name) {
  return readFileSync(referenceDir + name, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split('\t'));
}

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
 * The message formats of error-messages.txt, by section: the option handlers' printf formats, the
 * errormsg.h table (with the position of the field name: 0 none, 1 before, 2 after), libaudit.c's.
 */
export function messageFormats() {
  const text = readFileSync(`${referenceDir}error-messages.txt`, 'utf8');
  const formats = [];
  let section = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) { section = line.slice(3); continue; }
    if (line === '' || line.startsWith('#')) continue;
    if (section.startsWith('Per-line wrapper')) {
      formats.push({ section: 'fileopt', format: line.replace(/\s{2,}\(.*$/, '').trim() });
    } else if (section.startsWith('auditctl.c')) {
      const [, format] = line.split('\t');
      formats.push({ section: 'auditctl', format });
    } else if (section.startsWith('lib/errormsg.h')) {
      const m = /\{\s*(-?[A-Z_0-9]+),\s*(\d),\s*"((?:[^"\\]|\\.)*)"\s*\}/.exec(line);
      if (m && m[3] !== '') formats.push({ section: 'errormsg', name: m[1], position: Number(m[2]), format: m[3].replace(/\\'/g, "'") });
    } else if (section === 'libaudit.c') {
      const m = /^"(.*)"$/.exec(line.trim());
      if (m) formats.push({ section: 'libaudit', format: m[1] });
    }
  }
  return formats;
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
