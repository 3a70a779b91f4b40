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

test('the 32/64-bit mismatch warning is auditctl\'s: on x86_64, not on aarch64 (check_rule_mismatch)', () => {
  const codes = (targetArch) => core.analyze({
    files: [{ uri: 'file:///x', text: '-a always,exit -S openat -k k\n' }], merged: false, settings: { ...OFF, targetArch },
  }).diagnostics.get('file:///x').map((d) => d.code);
  assert.ok(codes('x86_64').includes('auditctl-arch-mismatch'));
  assert.ok(!codes('aarch64').includes('auditctl-arch-mismatch'));
});
