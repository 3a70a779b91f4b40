// The built core and the two ways the tests run it: a lone file as `auditctl -R FILE` reads it, or a
// rules.d set as augenrules merges it. CIS checks are off: these tests are about the language.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const core = require('../../dist/core.js');

const settings = { ...core.DEFAULT_SETTINGS, cis: { ...core.DEFAULT_SETTINGS.cis, version: 'off' } };
export const ERROR = 1;
export const WARNING = 2;
export const INFORMATION = 3;

/** Diagnostics of one file analysed alone, plus the load. */
export function lone(text, name = 'FILE') {
  const uri = `file:///x/${name}`;
  const analysis = core.analyze({ files: [{ uri, text }], merged: false, settings });
  return { analysis, diagnostics: analysis.diagnostics.get(uri) };
}

/** Diagnostics by file name of a rules.d set merged as augenrules does. */
export function merged(files) {
  const analysis = core.analyze({ files: files.map((f) => ({ uri: `file:///etc/audit/rules.d/${f.name}`, text: f.text })), merged: true, settings });
  const byName = new Map();
  for (const [uri, list] of analysis.diagnostics) byName.set(decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)), list);
  return { analysis, byName };
}

export const errors = (diagnostics) => diagnostics.filter((d) => d.severity === ERROR);
/** The 0-based editor lines with an Error, ascending, once each. */
export const errorLines = (diagnostics) => [...new Set(errors(diagnostics).map((d) => d.range.start.line))].sort((a, b) => a - b);
