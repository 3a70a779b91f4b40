/**
 * The syntax quick fixes as data: a diagnostic's `data` names the fixes it has and what each needs, so
 * that the code actions are rebuilt from the text as it is when they are asked for (nothing is kept
 * between requests), and only while the line still reads as it did when the diagnostic was made.
 */
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import type { LineAnalysis } from '../auditctl/types';
import type { FileModel } from '../load/ruleFile';
import type { RuleSet } from '../load/ruleSet';

/** The line a fix was found on, as it read then: a fix for a line that has changed since is not offered. */
export interface LinePin { line: number; text: string }

type FixPayload =
  | { fix: 'bom' }
  | { fix: 'crlf' }
  | { fix: 'final-newline' }
  /** `end`: tabs from here on are inside an inline comment, which is moved, not mended. */
  | ({ fix: 'tabs'; end: number } & LinePin)
  /** `at`: where the `#` of the stray comment is. */
  | ({ fix: 'inline-comment'; at: number } & LinePin)
  | ({ fix: 'delete-duplicate' } & LinePin)
  | ({ fix: 'move-immutable' } & LinePin)
  | ({ fix: 'delete-repeated-immutable' } & LinePin)
  /** `at`: the end of `-a LIST,ACTION`; `twin`: a -F arch=b32 copy of the line would load. */
  | ({ fix: 'add-arch'; at: number; twin: boolean } & LinePin)
  | ({ fix: 'rename'; start: number; from: string; to: string } & LinePin);

export type FixId = FixPayload['fix'];

/** Each payload by its fix id. */
type Payloads = { [P in FixPayload as P['fix']]: P };
type PayloadOf<Id extends FixId> = Payloads[Id];

export interface SyntaxFixData { kind: 'syntax-fix'; fixes: FixPayload[] }

/** One code action's worth: what it says it does, and the edits that do exactly that. */
export interface BuiltFix { title: string; edits: TextEdit[] }

/** A diagnostic and where it sits, for deciding which fixes it gets. */
export interface Found {
  set: RuleSet;
  /** The file's index in the set. */
  file: number;
  model: FileModel;
  diagnostic: Diagnostic;
  /** auditctl's line the diagnostic is on (the editor's, unless a lone CR splits it: see load/editorLines). */
  line: number;
  /** Where the diagnostic's range starts and ends in that line. */
  start: number;
  end: number;
  /** The line, without its line ending. */
  text: string;
  /** auditctl's reading of that line (read again when a fix asks: the model keeps only its facts). */
  readonly analysis: LineAnalysis;
  /** Whether the file has a line that reads exactly so. */
  hasLine(text: string): boolean;
}

/** A kind of fix, by its id; its payload is the FixPayload member with that id. */
export interface FixKind<out Id extends FixId = FixId> {
  id: Id;
  /** Diagnostic codes it can fix; none: any Error auditctl gives a line (tabs). */
  codes?: readonly string[];
  /** 'line' fixes are found only on a line auditctl reads in one piece, as the editor shows it. */
  scope: 'file' | 'line';
  /**
   * The fix is certain and leaves what is audited as meant: offered as the preferred fix, and applied
   * by `auditd-lint --fix`. The others change what a rule audits, so a person chooses them.
   */
  certain: boolean;
  /** It changes line endings, which a client that normalizes them (VS Code) cannot apply as edits. */
  lineEndings?: boolean;
  find(found: Found): PayloadOf<Id> | undefined;
  /**
   * The fixes for the text as it is now; none when it is no longer what the diagnostic saw. Their edits
   * are in auditctl's lines, as the payload is; callers map them to the editor's (load/editorLines).
   */
  build(payload: PayloadOf<Id>, model: FileModel): BuiltFix[];
}
