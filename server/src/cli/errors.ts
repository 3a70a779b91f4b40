import { ioReason } from '../disk/regularFile';

/** A failure that is the caller's to fix (bad flag, missing or unreadable file): message on stderr, exit 2. */
export class CliError extends Error {}

/** A CliError in the command line itself: the message points at --help. */
export class UsageError extends CliError {}

/** A file system error in words, so a message reads `x.rules: no such file or directory`. */
export function ioMessage(target: string, err: unknown): string {
  return `${target}: ${ioReason(err)}`;
}
