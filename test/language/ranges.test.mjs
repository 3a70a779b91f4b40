// A diagnostic underlines the option it is about, dash included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const core = createRequire(import.meta.url)('../../dist/core.js');
const OFF = { ...core.DEFAULT_SETTINGS, cis: { ...core.DEFAULT_SETTINGS.cis, version: 'off' } };

function errorSpan(line) {
  const [d] = core.analyze({ files: [{ uri: 'file:///x', text: line + '\n' }], merged: false, settings: OFF })
    .diagnostics.get('file:///x').filter((x) => x.severity === 1);
  return line.slice(d.range.start.character, d.range.end.character);
}

for (const [line, span] of [
  ['-w /etc/passwd -p rwq -k k', '-p rwq'],
  ['-e 7', '-e 7'],
  ['-a always,exit -F foo=bar', '-F foo=bar'],
  ['-a always,exit -Ffoo=bar', '-Ffoo=bar'],
]) {
  test(`"${line}" underlines "${span}"`, () => assert.equal(errorSpan(line), span));
}
