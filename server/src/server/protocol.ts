/**
 * What the server and its clients agree on beyond LSP itself: the server's command ids and their
 * results, and the initialization options. The VS Code client imports this file: keep it free of
 * runtime imports, so that its bundle does not take in the server.
 */
import type { Coverage } from '../core';

export const COVERAGE = 'auditd.server.coverage';
export const ADD_ALL_MISSING = 'auditd.server.addAllMissing';
export const SERVER_COMMANDS: readonly string[] = [COVERAGE, ADD_ALL_MISSING];

/** The code lens's commands, which the VS Code client runs itself (and asks the server's for the work). */
export const CLIENT_COMMANDS = { showCoverage: 'auditd.showCoverage', addAllMissing: 'auditd.addAllMissing' } as const;

export interface InitializationOptions {
  /** Commands the client runs itself; the code lens names the server's commands instead of the others. */
  clientCommands?: string[];
}

/** What `auditd.server.coverage` answers; null when no benchmark is checked (auditd.cis.version off). */
export interface CoverageResult {
  summary: string;
  markdown: string;
  rows: Coverage['rows'];
}

export interface AddAllMissingResult {
  /** Lines the edit inserts (0: nothing was missing, and no edit was sent). */
  added: number;
  applied: boolean;
}
