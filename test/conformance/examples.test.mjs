// Conformance with auditctl itself: every observed case of test/fixtures/auditctl/cases.json (what
// `auditctl -R` printed for each rule file) analysed as a lone file. A diagnostic is an Error exactly
// when auditctl refuses the line: the first Error and the stop fall on the line auditctl reported, a
// file it loaded has no Error, and with -i/-c (where auditctl goes on) the Errors are the lines it
// reported, all of them. Each Error carries auditctl's own message for the line where it printed one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditctlLineMap, exampleCases } from './reference.mjs';
import { errorLines, errors, INFORMATION, lone } from './helpers.mjs';

/**
 * Cases whose outcome hangs on the host that loads the rules, not on the rules: user and group names
 * resolve with getpwnam/getgrnam there. The linter says so (Information, auditctl's words), never Error.
 */
const HOST_DEPENDENT = new Map([
  ['-a always,exit -F uid=nosuchuser', 'the user exists or not on the loading host'],
  ['-a always,exit -F gid=nosuchgroup', 'the group exists or not on the loading host'],
]);

const cases = exampleCases();

/** Why the analysis disagrees with auditctl on this case, or undefined when it agrees. */
function disagreement(c) {
  const { analysis, diagnostics } = lone(c.text);
  const load = analysis.load;
  const lineOf = auditctlLineMap(c.text);
  const expected = c.reported.map((r) => lineOf[r.line]);
  const found = errorLines(diagnostics);
  const stop = load.stop?.ref.line;
  const goesOn = analysis.set.entries.some((e) => e.facts.controls.some((k) => k.kind === 'ignoreErrors'));

  if (goesOn) {
    if (JSON.stringify(found) !== JSON.stringify(expected)) return `Errors on lines ${found.map((l) => l + 1)}, auditctl refused ${expected.map((l) => l + 1)}`;
  } else if (c.rc === 0) {
    if (found.length > 0) return `Errors on lines ${found.map((l) => l + 1)}, auditctl loaded it all`;
    if (stop !== undefined) return `stops at line ${stop + 1}, auditctl loaded it all`;
  } else {
    // rc=1 without a reported line: auditctl exited on its own (--signal), where the stop must be.
    const first = expected[0] ?? stop;
    if (found[0] !== first || stop !== first || first === undefined) {
      return `first Error on line ${found[0] + 1}, stop at ${stop === undefined ? 'none' : stop + 1}, auditctl stopped at ${expected[0] === undefined ? '(its exit)' : expected[0] + 1}`;
    }
  }
  for (const r of c.reported) {
    if (!r.message) continue;
    const line = lineOf[r.line];
    if (!errors(diagnostics).some((d) => d.range.start.line === line && d.message.includes(r.message))) {
      return `no Error on line ${line + 1} says "${r.message}"`;
    }
  }
  // Messages auditctl printed with no line to go with (it exited), e.g. "foo is an unsupported signal".
  if (c.rc === 1 && c.reported.length === 0) {
    const said = c.output.filter((l) => !/slower$/.test(l));
    for (const m of said) if (!errors(diagnostics).some((d) => d.message.includes(m))) return `no Error says "${m}"`;
  }
  return undefined;
}

test('every observed auditctl case agrees (lone file)', () => {
  const disagreements = [];
  let agree = 0;
  for (const c of cases) {
    if (HOST_DEPENDENT.has(c.text)) continue;
    const why = disagreement(c);
    if (why) disagreements.push(`${c.id} ${JSON.stringify(c.text.slice(0, 80))}: ${why}`);
    else agree++;
  }
  const compared = cases.length - HOST_DEPENDENT.size;
  console.log(`conformance: ${agree}/${compared} cases agree (${HOST_DEPENDENT.size} host-dependent cases checked apart)`);
  assert.deepEqual(disagreements, []);
  assert.ok(cases.length > 150, `the reference has its cases (${cases.length})`);
});

test('host-dependent cases: auditctl\'s words, as Information, never an Error', () => {
  for (const [text, why] of HOST_DEPENDENT) {
    const c = cases.find((k) => k.text === text);
    assert.ok(c, `the reference still has ${JSON.stringify(text)} (${why})`);
    const { diagnostics } = lone(text);
    assert.deepEqual(errors(diagnostics), [], text);
    const said = c.reported[0].message;
    assert.ok(diagnostics.some((d) => d.severity === INFORMATION && d.message.includes(said)), `${text}: Information saying "${said}"`);
  }
});
