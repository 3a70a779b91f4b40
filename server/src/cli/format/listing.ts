/**
 * --list: what `auditctl -l` prints once each set is loaded, byte for byte, so that it can be compared
 * with the host's own listing. Several sets get a `==> PATH <==` header each (as `tail` and `head` do);
 * a set whose load stops early gets a note on stderr, as its listing then lacks the rules after the stop.
 */
import * as path from 'node:path';
import { kernelListing, listingText, type Analysis } from '../../core';
import type { LintSet } from '../inputs';

export function formatListing(listed: readonly { set: LintSet; analysis: Analysis }[]): { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  for (const { set, analysis } of listed) {
    const name = setName(set);
    if (listed.length > 1) stdout += `${stdout ? '\n' : ''}==> ${name} <==\n`;
    stdout += listingText(kernelListing(analysis.set, analysis.load));
    const stop = analysis.load.stop;
    if (stop) {
      const file = set.files.find((f) => f.uri === analysis.set.files[stop.ref.file].uri)!;
      stderr += `${name}: auditctl stops loading at line ${stop.ref.line + 1} of ${file.path}; the listing holds the rules loaded before it.\n`;
    }
  }
  return { stdout, stderr };
}

/** The directory of a rules.d set, or the lone file, as the user named it. */
function setName(set: LintSet): string {
  return set.merged ? path.dirname(set.files[0].path) : set.files[0].path;
}
