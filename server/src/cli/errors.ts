/** A failure that is the caller's to fix (bad flag, missing or unreadable file): message on stderr, exit 2. */
export class CliError extends Error {}

/** A CliError in the command line itself: the message points at --help. */
export class UsageError extends CliError {}

/** Node's fs error codes in words, so a message reads `x.rules: no such file or directory`. */
export function ioMessage(target: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
  };
  return `${target}: ${(code && words[code]) ?? (err as Error).message}`;
}
