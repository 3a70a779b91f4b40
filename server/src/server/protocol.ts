/**
 * What the server and its clients agree on beyond LSP itself: the server's command ids and their
 * results, and the initialization options. The VS Code client imports this file: keep it free of
 * runtime imports, so that its bundle does not take in the server.
 */
import type { Coverage } from '../core';

export const COVERAGE = 'auditd.server.coverage';
export const LISTING = 'auditd.server.listing';
export const ADD_ALL_MISSING = 'auditd.server.addAllMissing';
export const SERVER_COMMANDS: readonly string[] = [COVERAGE, LISTING, ADD_ALL_MISSING];

/**
 * Sent to a client that asks for it (initializationOptions.analysisChanged): what these documents'
 * analyses show may have changed (their text, a sibling's, a setting), so a view of them should be
 * fetched again. `{ uris }`: the open documents concerned.
 */
export const ANALYSIS_CHANGED = 'auditd/analysisChanged';
export interface AnalysisChangedParams { uris: string[] }

/** The code lens's commands, which the VS Code client runs itself (and asks the server's for the work). */
export const CLIENT_COMMANDS = { showCoverage: 'auditd.showCoverage', addAllMissing: 'auditd.addAllMissing' } as const;

export interface InitializationOptions {
  /** Commands the client runs itself; the code lens names the server's commands instead of the others. */
  clientCommands?: string[];
  /** The client keeps views of the analyses (the coverage table, the listing) and wants ANALYSIS_CHANGED. */
  analysisChanged?: boolean;
}

/** What `auditd.server.coverage` answers; null when no benchmark is checked (auditd.cis.version off). */
export interface CoverageResult {
  summary: string;
  markdown: string;
  rows: Coverage['rows'];
}

/** What `auditd.server.listing` answers: what `auditctl -l` would print once the document's set is loaded. */
export interface ListingResult {
  /** The listing, a newline after each line ("No rules" for an empty kernel). */
  text: string;
  /** Where the load stops (the editor's line, 0-based), if it does: the listing then holds only the rules loaded before it. */
  stop?: { uri: string; line: number };
}

export interface AddAllMissingResult {
  /** Lines the edit inserts (0: nothing was missing, and no edit was sent). */
  added: number;
  applied: boolean;
}
