// One fix that passes them all: the lines fix-all, the quick fixes and --fix insert satisfy the benchmark
// and every selected scanner (their code as test/core/scanners.test.mjs quotes it), and say so where nothing can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, core, lintText } from './helpers.mjs';

const URI = 'file:///etc/audit/audit.rules';
const ALL = ['docker-bench-security', 'aqua-docker-bench', 'datadog', 'inspec-dev-sec', 'inspec-mitre'];

function fixAll(text, cis) {
  const a = lintText(text, cis);
  const actions = core.codeActions(a, URI, { diagnostics: [], only: ['source.fixAll.auditd'] });
  return actions.length === 0 ? text : applyEdits(text, actions[0].edit.changes[URI]);
}

/** The CIS and selected-scanner diagnostics of a text. */
function findings(text, cis) {
  const scanners = cis.scanners ?? ['docker-bench-security'];
  return [...lintText(text, cis).diagnostics.values()].flat()
    .filter((d) => d.code.startsWith('cis-docker-') || scanners.some((s) => d.code.startsWith(`${s}-`)));
}

for (const host of ['debian', 'rhel']) {
  for (const scanners of [[], ...ALL.map((s) => [s]), ALL]) {
    test(`fix-all on ${host} with ${scanners.join(', ') || 'no scanner'} selected leaves only what no rule can pass`, () => {
      const cis = { host, scanners };
      for (const start of ['', '-w /usr/sbin/runc -k docker\n-w /var/lib/docker -p wa -k containers\n-w /etc/systemd/system/docker.service -k docker\n']) {
        const fixed = fixAll(start, cis);
        assert.ok(fixed.startsWith(start), 'only lines are added');
        const left = findings(fixed, cis);
        // What is left has no fix, says why, and is Information.
        for (const d of left) {
          assert.deepEqual(d.data.lines, [], `${d.code} still has lines to add: ${d.message}`);
          assert.match(d.message, /No rule can pass it: |Not added: /, d.message);
          assert.equal(d.severity, 3, d.code);
        }
        // A second fix-all adds nothing.
        assert.equal(fixAll(fixed, cis), fixed);
      }
    });
  }
}

test('what no rule can pass, per host: Datadog\'s paths docker-ce lacks, MITRE\'s lines without -p, /etc/sysconfig on Debian', () => {
  const left = (host, scanners) => findings(fixAll('', { host, scanners }), { host, scanners }).map((d) => d.code).sort();
  // DD cis-docker-1.2.0.yaml paths /etc/sysconfig/docker, /usr/sbin/runc (and on RHEL /etc/default/docker): os.Stat fails.
  assert.deepEqual(left('rhel', ['datadog']), ['datadog-cis-docker-1.2.12', 'datadog-cis-docker-1.2.8', 'datadog-cis-docker-1.2.9']);
  // The benchmark's 1.1.13 line would be a watch in /etc/sysconfig, which Debian lacks: the kernel refuses it.
  assert.deepEqual(left('debian', ['datadog']), ['cis-docker-1.1.13', 'datadog-cis-docker-1.2.12', 'datadog-cis-docker-1.2.9']);
  // M-1.8/M-1.9: "-w #{docker_service_file} -k docker", never printed.
  assert.deepEqual(left('rhel', ['inspec-mitre']), ['inspec-mitre-M-1.8', 'inspec-mitre-M-1.9']);
  assert.deepEqual(left('rhel', ['docker-bench-security']), []);
});

test('dev-sec selected: /var/lib/docker gets -p rwxa, not the benchmark\'s perm=war, and keeps the 1.8.0 exclusions', () => {
  // `-a exit,always -F path=/var/lib/docker -F perm=war` lists as `-w /var/lib/docker -p rwa -k docker`, which
  // host_configuration.rb 195-198 (should include '-w /var/lib/docker -p rwxa -k docker') does not find.
  const [d] = findings('', { scanners: ['inspec-dev-sec'] }).filter((x) => x.code === 'cis-docker-1.1.5');
  assert.deepEqual(d.data.lines, ['-w /var/lib/docker -p rwxa -k docker', '-a exit,never -F dir=/var/lib/docker/volumes', '-a exit,never -F dir=/var/lib/docker/overlay2']);
  // docker-bench-security alone takes the benchmark's line as printed.
  const [dbs] = findings('', { scanners: ['docker-bench-security'] }).filter((x) => x.code === 'cis-docker-1.1.5');
  assert.equal(dbs.data.lines[0], '-a exit,always -F path=/var/lib/docker -F perm=war -k docker');
});

test('scanners that want different paths each get theirs: Datadog\'s /usr/lib unit and dev-sec\'s /lib one on Debian', () => {
  const [d] = findings('', { host: 'debian', scanners: ['datadog', 'inspec-dev-sec'] }).filter((x) => x.code === 'cis-docker-1.1.7');
  assert.deepEqual(d.data.lines, ['-w /usr/lib/systemd/system/docker.service -k docker', '-w /lib/systemd/system/docker.service -p rwxa -k docker']);
  const [rhel] = findings('', { host: 'rhel', scanners: ['datadog', 'inspec-dev-sec'] }).filter((x) => x.code === 'cis-docker-1.1.7');
  // On RHEL both read /usr/lib/…, and the benchmark's own line lists as dev-sec's (-p rwxa is a watch's default).
  assert.deepEqual(rhel.data.lines, ['-w /usr/lib/systemd/system/docker.service -k docker']);
});

test('MITRE\'s trailing slash is met by a dir= rule, which the kernel keeps as written', () => {
  // M-1.6.rb:26-28 '-w /var/lib/docker/ -p rwxa -k docker'; a -w path loses its slash (audit_setup_watch_name).
  const fixed = fixAll('', { scanners: ['inspec-mitre', 'inspec-dev-sec'] });
  assert.ok(fixed.includes('-w /var/lib/docker -p rwxa -k docker\n-a always,exit -F dir=/var/lib/docker/ -F perm=rwxa -k docker\n'), fixed);
  const a = lintText(fixed);
  assert.ok(core.listingText(core.kernelListing(a.set, a.load)).includes('-w /var/lib/docker/ -p rwxa -k docker\n'));
});

test('a failing check on a met control gets its own diagnostic on the rule, with a quick fix into the CIS file', () => {
  const text = '-w /usr/sbin/runc -k docker\n';
  const a = lintText(text);
  const d = a.diagnostics.get(URI).find((x) => x.code === 'docker-bench-security-1.1.18');
  assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: text.length - 1 } });
  assert.equal(d.message, 'docker-bench-security 1.1.18 fails: greps `auditctl -l` for /usr/bin/runc and no line contains it; this set audits /usr/sbin/runc. Add: -w /usr/bin/runc -k docker');
  const [action] = core.codeActions(a, URI, { diagnostics: [d] }).filter((x) => x.isPreferred);
  assert.equal(action.title, 'Add audit rule for /usr/bin/runc (docker-bench-security 1.1.18)');
  const fixed = applyEdits(text, action.edit.changes[URI]);
  assert.equal(fixed, '-w /usr/sbin/runc -k docker\n-w /usr/bin/runc -k docker\n');
  assert.ok(!lintText(fixed).diagnostics.get(URI).some((x) => x.code === 'docker-bench-security-1.1.18'));
});

test('InSpec wants the docker key whatever auditd.cis.key says', () => {
  const [d] = findings('', { scanners: ['inspec-dev-sec'], key: 'containers' }).filter((x) => x.code === 'cis-docker-1.1.5');
  assert.equal(d.data.lines[0], '-w /var/lib/docker -p rwxa -k docker');
  const [dockerd] = findings('', { scanners: ['inspec-dev-sec'], key: 'containers' }).filter((x) => x.code === 'cis-docker-1.1.3');
  assert.deepEqual(dockerd.data.lines, ['-w /usr/bin/dockerd -k containers']);
});
