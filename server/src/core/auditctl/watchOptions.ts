/** -w and -W: a watch on a path, as an exit rule with path (or dir) and perm fields; -p: its permissions. */
import hostPathsTsv from '../../../data/host-paths.tsv';
import { PERM_BITS } from './fieldpair';
import { AUDIT_DIR, AUDIT_PERM, AUDIT_WATCH, parseTsv } from './tables';
import { Rc, type LineState, type OptionHandler, type OptionTable } from './lineState';

const PATH_MAX = 4096;
const NAME_MAX = 255;

/** -w adds the watch, -W removes it. */
const watch = (remove: boolean): OptionHandler => (line, { arg: path }) => {
  if (!remove && (line.add || line.del)) return line.fail('auditctl-watch-with-rule', "watch option can't be given with a syscall");
  if (remove) line.del = { list: 'exit' };
  else line.add = { list: 'exit', prepend: false };
  line.action = 'always';
  line.syscallAdded = true;
  if (Buffer.byteLength(path) >= PATH_MAX) return line.fail('auditctl-watch-path', 'The path passed for the watch is too big');
  if (!path.startsWith('/')) return line.fail('auditctl-watch-path', "The path must start with '/'");
  const base = path.replace(/\/+$/, '').split('/').pop() ?? '';
  if (Buffer.byteLength(base) > NAME_MAX) return line.fail('auditctl-watch-path', 'The base name of the path is too big');
  if (path.includes('..')) line.problem('warning', 'auditctl-watch-relative', 'Warning - relative path notation is not supported');
  if (path.includes('*') || path.includes('?')) line.problem('warning', 'auditctl-watch-wildcard', 'Warning - wildcard notation is not supported');
  let trimmed = path;
  if (trimmed.length > 2 && trimmed.endsWith('/')) trimmed = trimmed.replace(/\/+$/, '') || '/';
  if (line.fields.length > 0 || (line.mask !== 'all' && line.mask.size > 0)) {
    line.fields = [];
    return line.fail('auditctl-watch-fields', 'Watches may not include fields or actions');
  }
  line.watch = true;
  line.mask = 'all';
  const kind = HOST_PATHS.get(trimmed.replace(/\/{2,}/g, '/'));
  line.hostDecidesType = kind === undefined;
  line.addField(kind === 'directory' ? AUDIT_DIR : AUDIT_WATCH, 'path', '=', trimmed);
  line.addField(AUDIT_PERM, 'perm', '=', 15);
  return Rc.Rule;
};

export const WATCH_OPTIONS: OptionTable = {
  w: watch(false),
  W: watch(true),
  p: (line, { arg }) => {
    if (!line.add && !line.del) return line.fail('auditctl-perm-placement', 'permission option needs a watch given prior to it');
    if (arg.length > 4) return line.fail('auditctl-perm-value', `permission ${arg} is too long`);
    let bits = 0;
    for (const c of arg) {
      const bit = PERM_BITS[c.toLowerCase()];
      if (bit === undefined) return line.fail('auditctl-perm-value', `Permission ${c} isn't supported`);
      bits |= bit;
    }
    if (line.fields.length < 1) return line.fail('auditctl-perm-placement', 'Permissions should be preceded by other fields');
    return setPerm(line, bits);
  },
};

/** The perm field takes the new bits, or is added when the rule has none. */
function setPerm(line: LineState, bits: number): Rc {
  const existing = line.fields.filter((f) => f.id === AUDIT_PERM);
  if (existing.length > 0) {
    for (const f of existing) { f.value = bits; f.start = Math.min(f.start, line.at.start); }
  } else if (line.fieldsFull) {
    return line.fail('auditctl-watch-too-many-fields', 'Too many fields when adding permissions');
  } else {
    line.addField(AUDIT_PERM, 'perm', '=', bits);
  }
  line.permAdded = true;
  return Rc.Rule;
}

/**
 * auditctl sends a watch as a dir= rule when its path is a directory on the loading host, as a path=
 * rule otherwise (a file, or nothing there). The paths every Linux host has are known
 * (data/host-paths.tsv); for any other the rule is path= with `hostDecidesType`, and the load says what
 * hangs on the host. A trailing slash decides nothing: auditctl trims it before it stats the path.
 */
const HOST_PATHS: ReadonlyMap<string, 'directory' | 'not-a-directory'> = new Map(
  parseTsv(hostPathsTsv).map(([path, kind]) => [path, kind as 'directory' | 'not-a-directory']),
);
