/**
 * Code actions, computed from the analysis and the diagnostics' own data (nothing kept between
 * requests): add one missing CIS rule, add them all (also as source.fixAll.auditd), create
 * rules.d/docker.rules, rewrite a rule the strict scanners reject; and the syntax quick fixes (fixes/).
 */
import { editorLines } from '../load/editorLines';
import { CodeAction, CodeActionKind, Diagnostic, Position, TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { Analysis } from '../analyze';
import type { RuleSet } from '../load/ruleSet';
import { versionLabel, type CisReport, type MissingData, type StrictData } from '../cis/report';
import { cisVersion } from '../cis/catalogue';
import { appendLine } from './lineFixes';
import { syntaxQuickFixes } from './syntaxFixes';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.auditd`;

/**
 * The edit that inserts CIS rule lines where they go (the CIS report's file and line), in that file's
 * own line endings, touching no other byte; none when no place in the file would load them.
 */
export function insertLinesEdit(set: RuleSet, cis: CisReport, lines: readonly string[]): TextEdit | undefined {
  const { split } = set.files[cis.fixFile];
  const at = cis.insertLine;
  if (at === undefined) return undefined;
  const edit = at < split.lines.length ? TextEdit.insert(Position.create(at, 0), lines.join(split.eol) + split.eol) : appendLine(split, lines.join(split.eol));
  return editorLines(split).editorEdit(edit);
}

/** Every line the missing controls need, once each, in benchmark order. */
export function missingLines(analysis: Analysis): string[] {
  const out: string[] = [];
  for (const list of analysis.diagnostics.values()) {
    for (const d of list) {
      const data = d.data as MissingData | undefined;
      if (data?.kind === 'cis-missing') for (const l of data.lines) if (!out.includes(l)) out.push(l);
    }
  }
  return out;
}

function missingDiagnostics(analysis: Analysis): Diagnostic[] {
  return [...analysis.diagnostics.values()].flat().filter((d) => (d.data as MissingData | undefined)?.kind === 'cis-missing');
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

  if (wantsFixAll && cis && insertable && fixUri === uri && allMissing.length > 0) {
    actions.push({ title: `Add all ${allMissing.length} missing CIS Docker rules`, kind: FIX_ALL_KIND, diagnostics: allMissing, edit: fixAllEdit() });
  }
  if (wantsQuickFix) actions.push(...syntaxQuickFixes(analysis, uri, context.diagnostics, context.normalizesLineEndings));
  if (!wantsQuickFix || !cis || !fixUri) return actions;

  for (const d of context.diagnostics) {
    const data = d.data as MissingData | StrictData | undefined;
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
    if (data?.kind === 'cis-strict') {
      const version = cisVersion(data.version);
      if (!version) continue;
      actions.push({
        title: `Rewrite as "${data.replacement}" (every scanner accepts it)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: { changes: { [uri]: [TextEdit.replace(d.range, data.replacement)] } },
      });
    }
  }
  const inContext = context.diagnostics.some((d) => (d.data as MissingData | undefined)?.kind === 'cis-missing');
  if (inContext && insertable && allMissing.length > 1 && uri === fixUri) {
    actions.push({ title: `Add all ${allMissing.length} missing CIS Docker rules`, kind: CodeActionKind.QuickFix, diagnostics: allMissing, edit: fixAllEdit() });
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
