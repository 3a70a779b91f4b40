/**
 * --fix: the core's fix-all edit applied to the exact text (BOM, line endings and a missing final
 * newline kept), written so that a crash never leaves a half-written rules file.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CliError, ioMessage } from './errors';
import type { SourceFile } from './inputs';
import type { FixPlan } from './lint';

/** Applies the plan and returns the file with its new text. */
export function applyFix(plan: FixPlan): SourceFile {
  const { file } = plan;
  if (!file.lossless) {
    throw new CliError(`${file.path}: not valid UTF-8, so rewriting it would change bytes the fix does not touch; left unchanged`);
  }
  const text = TextDocument.applyEdits(TextDocument.create(file.uri, 'auditd', 0, file.text), [plan.edit]);
  writeAtomically(file, (file.bom ? '\uFEFF' : '') + text);
  return { ...file, text };
}

/** A temp file beside the original, given its mode, then renamed over it (through a symlink to its target). */
function writeAtomically(file: SourceFile, content: string): void {
  try {
    const target = fs.realpathSync(file.absolute);
    const mode = fs.statSync(target).mode & 0o7777;
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
    try {
      fs.writeFileSync(temp, content, { encoding: 'utf8', flag: 'wx', mode: 0o600 });
      fs.chmodSync(temp, mode);
      fs.renameSync(temp, target);
    } catch (err) {
      fs.rmSync(temp, { force: true });
      throw err;
    }
  } catch (err) {
    throw new CliError(ioMessage(file.path, err));
  }
}
