/**
 * From PATH arguments to the rule sets to lint: a directory is an augenrules set, a *.rules file in a
 * rules.d directory is linted with its siblings (augenrules loads them together) but shows only its own
 * findings, any other file is linted as `auditctl -R` loads it. Only regular files are read
 * (disk/regularFile): a path named that is anything else stops the run; a sibling that is skipped is
 * named in a warning, and so is a sibling's link that leads out of its directory.
 */
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { augenrulesTakes, rulesDirOf } from '../core';
import { readRegularFile, type ReadPolicy } from '../disk/regularFile';
import { CliError, ioMessage } from './errors';

export interface SourceFile {
  /** The path as the user gave it, or joined onto the directory they gave. */
  path: string;
  absolute: string;
  uri: string;
  /**
   * The text as auditctl reads it, a leading BOM included: it makes line 1 refused, which the core
   * reports (and --fix removes). Columns on line 1 are then one more than an editor that hides it shows.
   */
  text: string;
  /** The bytes decode to this text and encode back unchanged, so a fix can rewrite the file safely. */
  lossless: boolean;
  /** The file as it was read, to tell whether it changed before --fix writes it. */
  stats: fs.Stats;
}

export interface LintSet {
  /** In the order found; the core sorts a merged set itself. */
  files: SourceFile[];
  merged: boolean;
  /** URIs of the files whose findings are reported. */
  shown: Set<string>;
}

/** A path the user named may be a link to anywhere (as `cat` follows it); a sibling's link must stay in its directory. */
function readSource(displayPath: string, policy: ReadPolicy = {}): SourceFile {
  const absolute = path.resolve(displayPath);
  const read = readRegularFile(absolute, policy);
  if (!read.ok) throw new CliError(`${displayPath}: ${read.reason}`);
  const bytes = read.bytes;
  // Buffer's decoder keeps a BOM as U+FEFF (TextDecoder would drop it).
  const text = bytes.toString('utf8');
  return {
    path: displayPath,
    absolute,
    uri: pathToFileURL(absolute).href,
    text,
    // Valid UTF-8 decodes and encodes back to the same bytes; anything else came back changed.
    lossless: isUtf8(bytes),
    stats: read.stats,
  };
}

/** The *.rules files augenrules would concatenate, as paths under the directory as given. */
function rulesFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    throw new CliError(ioMessage(dir, err));
  }
  return names.filter(augenrulesTakes).map((n) => path.join(dir, n));
}

/**
 * The set's files that can be read. One the user named must be read; another that cannot (a named
 * pipe, a device, a link out of the directory, a dangling link) is left out with a warning: the
 * findings are then those of the set without it.
 */
function readSet(dir: string, named: Set<string>, warn: (message: string) => void): SourceFile[] {
  const files: SourceFile[] = [];
  for (const file of rulesFiles(dir)) {
    const isNamed = named.has(path.resolve(file));
    try {
      files.push(readSource(file, isNamed ? {} : { linkRoots: [path.resolve(dir)] }));
    } catch (err) {
      if (isNamed || !(err instanceof CliError)) throw err;
      warn(`${err.message}; skipped, so the findings are those of the set without it`);
    }
  }
  return files;
}

/** One set per directory or lone file, in the order first named; naming the same file twice lints it once. */
export function collectSets(paths: readonly string[], warn: (message: string) => void): LintSet[] {
  const sets = new Map<string, { dir?: string; lone?: string; showAll: boolean; named: Set<string> }>();
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (err) {
      throw new CliError(ioMessage(given, err));
    }
    const absolute = path.resolve(given);
    if (stat.isDirectory()) {
      const entry = sets.get(absolute) ?? { dir: given, showAll: false, named: new Set<string>() };
      entry.showAll = true;
      sets.set(absolute, entry);
    } else if (rulesDirOf(absolute) !== undefined) {
      const dirAbs = path.dirname(absolute);
      const entry = sets.get(dirAbs) ?? { dir: path.dirname(given), showAll: false, named: new Set<string>() };
      entry.named.add(absolute);
      sets.set(dirAbs, entry);
    } else if (!sets.has(absolute)) {
      sets.set(absolute, { lone: given, showAll: true, named: new Set() });
    }
  }
  return [...sets.values()].map((entry) => {
    if (entry.lone !== undefined) {
      const file = readSource(entry.lone);
      return { files: [file], merged: false, shown: new Set([file.uri]) };
    }
    const files = readSet(entry.dir!, entry.named, warn);
    if (files.length === 0) throw new CliError(`${entry.dir}: no *.rules files to lint`);
    const shown = files.filter((f) => entry.showAll || entry.named.has(f.absolute)).map((f) => f.uri);
    return { files, merged: true, shown: new Set(shown) };
  });
}
