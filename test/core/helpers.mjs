// Shared by the core tests: the built core, the catalogue as data, and small builders.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
export const core = require('../../dist/core.js');
export const catalogue = JSON.parse(readFileSync(new URL('../../server/data/cis-docker.json', import.meta.url), 'utf8'));

export function settings(cis = {}, rest = {}) {
  return { ...core.DEFAULT_SETTINGS, ...rest, cis: { ...core.DEFAULT_SETTINGS.cis, ...cis } };
}

/** Analyse one lone file. */
export function lintText(text, cis = {}, host, rest = {}) {
  return core.analyze({ files: [{ uri: 'file:///etc/audit/audit.rules', text }], merged: false, settings: settings(cis, rest), host });
}

/** Analyse a rules.d set given as { name: text }. */
export function lintSet(files, cis = {}) {
  return core.analyze({
    files: Object.entries(files).map(([name, text]) => ({ uri: `file:///etc/audit/rules.d/${name}`, text })),
    merged: true,
    settings: settings(cis),
  });
}

export function codes(analysis, uri) {
  const lists = uri ? [analysis.diagnostics.get(uri) ?? []] : [...analysis.diagnostics.values()];
  return lists.flat().map((d) => d.code);
}

/** The remediation of every control of a version, with the default key. */
export function fullRemediation(version = '1.8.0') {
  return catalogue.versions[version].controls.flatMap((c) => c.remediation.map((l) => l.replace('{key}', 'docker')));
}

/** Apply LSP TextEdits to a text (edits do not overlap). */
export function applyEdits(text, edits) {
  const { TextDocument } = require('vscode-languageserver-textdocument');
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'auditd', 1, text), edits);
}

export function controlIds(version) {
  return catalogue.versions[version].controls.map((c) => c.id);
}
