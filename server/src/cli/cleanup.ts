/**
 * The first part of --fix: the core's certain syntax fixes (BOM, CRLF, tabs, inline comments,
 * duplicates, -e 2 last), in memory, on the files the user named. Each round applies one kind of fix
 * and analyses the set again, so the next kind sees the text the last one left; it ends when no file
 * of the set has a certain fix left (each fix removes the diagnostic it was attached to).
 */
import type { TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { certainFixes } from '../core';
import type { LintSet } from './inputs';
import { analyzeSet, type LintContext } from './lint';

export interface CleanedSet {
  set: LintSet;
  /** The titles of the fixes applied, by file URI. */
  fixed: Map<string, string[]>;
}

export function applyEdits(uri: string, text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(uri, 'auditd', 0, text), edits);
}

export function cleanUp(set: LintSet, ctx: LintContext): CleanedSet {
  const fixed = new Map<string, string[]>();
  let current = set;
  for (;;) {
    const analysis = analyzeSet(current, ctx);
    const round = new Map(current.files.filter((f) => current.shown.has(f.uri)).map((f) => [f.uri, certainFixes(analysis, f.uri)]));
    if ([...round.values()].every((fixes) => fixes.length === 0)) return { set: current, fixed };
    current = {
      ...current,
      files: current.files.map((f) => {
        const fixes = round.get(f.uri) ?? [];
        if (fixes.length === 0) return f;
        fixed.set(f.uri, [...(fixed.get(f.uri) ?? []), ...fixes.map((x) => x.title)]);
        return { ...f, text: applyEdits(f.uri, f.text, fixes.flatMap((x) => x.edits)) };
      }),
    };
  }
}
