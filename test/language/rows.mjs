// One test per row of a reference table: its valid lines load without an Error, its invalid lines are
// an Error in auditctl's words on the given line (1 unless said). The table and the rows must match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referenceTable } from '../conformance/reference.mjs';
import { errors, lone } from '../conformance/helpers.mjs';

/** rows: Map of the table's first column → { valid: text[], invalid: [text, said] or { text, said, line } }. */
export function testEveryRow({ table, label, rows, everyRowRefusable }) {
  test(`every row of ${table} has its cases here`, () => {
    const names = referenceTable(table).map(([name]) => name);
    assert.deepEqual(names.filter((n) => !rows.has(n)), []);
    assert.deepEqual([...rows.keys()].filter((n) => !names.includes(n)), []);
  });

  for (const [name, { valid, invalid }] of rows) {
    test(`${label} ${name}`, () => {
      for (const text of valid) assert.deepEqual(errors(lone(text).diagnostics).map((d) => d.message), [], `${JSON.stringify(text)} loads`);
      if (everyRowRefusable) assert.ok(invalid.length > 0);
      for (const c of invalid) {
        const { text, said, line = 1 } = Array.isArray(c) ? { text: c[0], said: c[1] } : c;
        const found = errors(lone(text).diagnostics);
        assert.ok(found.some((d) => d.range.start.line === line - 1 && d.message.includes(said)), `${JSON.stringify(text)}: Error on line ${line} says ${JSON.stringify(said)}; got ${JSON.stringify(found.map((d) => d.message))}`);
      }
    });
  }
}
