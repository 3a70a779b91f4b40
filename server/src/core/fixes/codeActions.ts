/**
 * Code actions, computed from the analysis and the diagnostics' own data (nothing kept between
 * requests): add the lines a missing CIS control or a failing scanner check needs, add them all, create
 * rules.d/docker.rules, the syntax quick fixes (fixes/); and source.fixAll.auditd, which makes the
 * document what --fix would write (fixes/fixAll). The lines are the CIS report's choice (cis/remedies),
 * the same for every action and for --fix.
 */
import { editorLines } from '../load/editorLines';
import { CodeAction, CodeActionKind, Diagnostic, Position, TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { Analysis } from '../analyze';
import type { RuleSet } from '../load/ruleSet';
import { versionLabel, type CisReport, type MissingData, type ScannerData } from '../cis/report';
import { cisVersion } from '../cis/catalogue';
import { joinLines } from '../load/ruleFile';
import { joinedToEarlier } from '../load/augenrules';
import { appendLine } from './lineFixes';
import { fixAll } from './fixAll';
import { lineEdits } from './lineDiff';
import { syntaxQuickFixes } from './syntaxFixes';

/** CodeActionKind.SourceFixAll's kind for auditd (a literal: the server names it without loading the core). */
export const FIX_ALL_KIND = 'source.fixAll.auditd';

/**
 * The edit that inserts CIS rule lines where they go (the CIS report's file and line), in that file's
 * own line endings, touching no other byte; none when no place in the file would load them.
 */
export function insertLinesEdit(set: RuleSet, cis: CisReport, lines: readonly string[]): TextEdit | undefined {
  const { split } = set.files[cis.fixFile];
  const at = cis.insertLine;
  if (at === undefined) return undefined;
  // In a rules.d set augenrules' cat joins a file without a final newline to the next line it prints:
  // rules appended to a file that another follows end with a newline of their own, and rules put first
  // in a file that an earlier one runs into start on a line of their own.
  const followed = set.merged && cis.fixFile < set.files.length - 1;
  const joined = set.merged && at === 0 && joinedToEarlier(set.files, cis.fixFile);
  const text = (joined ? split.eol : '') + lines.join(split.eol);
  const edit = at < split.lines.length ? TextEdit.insert(Position.create(at, 0), text + split.eol) : appendLine(split, followed && !split.finalNewline ? text + split.eol : text);
  return editorLines(split).editorEdit(edit);
}

/** What a CIS diagnostic that a fix can act on carries. */
type CisFixData = MissingData | ScannerData;

function cisFixData(d: Diagnostic): CisFixData | undefined {
  const data = d.data as CisFixData | undefined;
  return (data?.kind === 'cis-missing' || data?.kind === 'cis-scanner') && data.lines.length > 0 ? data : undefined;
}

/** Every line the missing controls and the failing checks of the selected scanners need, once each, controls first. */
export function missingLines(analysis: Analysis): string[] {
  const out = new Set<string>();
  for (const d of missingDiagnostics(analysis)) for (const l of cisFixData(d)!.lines) out.add(l);
  return [...out];
}

function missingDiagnostics(analysis: Analysis): Diagnostic[] {
  const all = [...analysis.diagnostics.values()].flat().filter((d) => cisFixData(d) !== undefined);
  // The benchmark's controls first, so that their lines keep the benchmark's order.
  return [...all.filter((d) => cisFixData(d)!.kind === 'cis-missing'), ...all.filter((d) => cisFixData(d)!.kind === 'cis-scanner')];
}

/** "Add all 10 missing CIS Docker rules": the lines the benchmark and the selected scanners need. */
function fixAllTitle(analysis: Analysis): string {
  return `Add all ${missingLines(analysis).length} missing CIS Docker rules`;
}

/**
 * source.fixAll.auditd: the edits that make the document what `auditd-lint --fix` would write for it
 * (the certain fixes, then the CIS rules that belong in it), touching only the lines that change.
 */
function fixAllAction(analysis: Analysis, uri: string, normalizesLineEndings: boolean): CodeAction[] {
  const model = analysis.set.files.find((f) => f.uri === uri);
  if (!model) return [];
  const { files } = fixAll({
    files: analysis.set.files.map((f) => ({ uri: f.uri, text: joinLines(f.split) })),
    merged: analysis.set.merged,
    settings: analysis.settings,
    host: analysis.host,
    editable: [uri],
    normalizesLineEndings,
    analysis,
  });
  const fixed = files.find((f) => f.uri === uri)!;
  const edits = lineEdits(model.split, fixed.text);
  if (edits.length === 0) return [];
  const problems = fixed.fixes.length === 0 ? '' : `Fix ${fixed.fixes.length} certain problem${fixed.fixes.length === 1 ? '' : 's'}`;
  const rules = fixed.added.length === 0 ? '' : `${problems ? 'add' : 'Add'} all ${fixed.added.length} missing CIS Docker rules`;
  return [{ title: [problems, rules].filter((t) => t).join(' and '), kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } }];
}

/** `normalizesLineEndings`: the client's workspace.workspaceEdit capability of that name (see syntaxQuickFixes). */
export function codeActions(analysis: Analysis, uri: string, context: { diagnostics: Diagnostic[]; only?: string[]; normalizesLineEndings?: boolean }, setDir?: string): CodeAction[] {
  const cis = analysis.cis;
  const fixUri = cis ? analysis.set.files[cis.fixFile].uri : undefined;
  const actions: CodeAction[] = [];
  const wantsFixAll = context.only?.some((k) => FIX_ALL_KIND.startsWith(k) || k === CodeActionKind.Source) ?? false;
  const wantsQuickFix = !context.only || context.only.some((k) => CodeActionKind.QuickFix.startsWith(k));
  const allMissing = missingDiagnostics(analysis);
  const fixAllEdit = (): WorkspaceEdit => ({ changes: { [fixUri!]: [insertLinesEdit(analysis.set, cis!, missingLines(analysis))!] } });
  // No place in the file would load the rules (the load stops before it): nothing is offered.
  const insertable = cis?.insertLine !== undefined;

  if (wantsFixAll) actions.push(...fixAllAction(analysis, uri, context.normalizesLineEndings ?? false));
  if (wantsQuickFix) actions.push(...syntaxQuickFixes(analysis, uri, context.diagnostics, context.normalizesLineEndings));
  if (!wantsQuickFix || !cis || !fixUri) return actions;

  for (const d of context.diagnostics) {
    const data = cisFixData(d);
    if (data?.kind === 'cis-missing' && uri === fixUri && insertable) {
      const version = cisVersion(data.version);
      const control = version?.controls.find((c) => c.id === data.control);
      if (!version || !control) continue;
      actions.push({
        title: `Add audit rule for ${control.path} (${versionLabel(version)} §${control.id})`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [uri]: [insertLinesEdit(analysis.set, cis, data.lines)!] } },
      });
    }
    // A failing check may sit on a rule in another file of the set; its lines go where the CIS rules go.
    if (data?.kind === 'cis-scanner' && insertable) {
      actions.push({
        title: `Add audit rule for ${data.path} (${data.scanner} ${data.check})`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [fixUri]: [insertLinesEdit(analysis.set, cis, data.lines)!] } },
      });
    }
  }
  const inContext = context.diagnostics.some((d) => cisFixData(d) !== undefined);
  if (inContext && insertable && allMissing.length > 1 && uri === fixUri) {
    actions.push({ title: fixAllTitle(analysis), kind: CodeActionKind.QuickFix, diagnostics: allMissing, edit: fixAllEdit() });
  }
  if (inContext && analysis.set.merged && cis.noDockerFile && setDir) {
    const target = `${setDir.replace(/\/$/, '')}/docker.rules`;
    if (!analysis.set.files.some((f) => f.uri === target)) {
      const text = missingLines(analysis).join('\n') + '\n';
      actions.push({
        title: 'Create rules.d/docker.rules with the missing rules',
        kind: CodeActionKind.QuickFix,
        diagnostics: allMissing,
        edit: {
          documentChanges: [
            { kind: 'create', uri: target, options: { ignoreIfExists: true } },
            { textDocument: { uri: target, version: null }, edits: [TextEdit.insert(Position.create(0, 0), text)] },
          ],
        },
      });
    }
  }
  return actions;
}
