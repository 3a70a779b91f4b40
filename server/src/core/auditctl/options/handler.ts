/** What an option handler is: one entry of auditctl's opt_handlers[], run for its getopt option. */
import type { LineState } from '../lineState';
import type { Rc } from '../rc';

export interface OptionCall {
  /** The option's argument ('' for an option that takes none). */
  arg: string;
  /** What setopt() holds so far: a handler with nothing to say returns it unchanged. */
  rc: Rc;
  /** getopt's optind right after the option (argv[0] counts). */
  optind: number;
}

export type OptionHandler = (line: LineState, call: OptionCall) => Rc;

/** Handlers by the name getopt gives the option: 'a', 'F', 'backlog_wait_time', … */
export type OptionTable = Readonly<Record<string, OptionHandler>>;
