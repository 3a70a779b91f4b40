// Each scanner's verdict on rule sets, worked out from the scanner's own code (the deciding line is quoted
// where each case is) on the listing auditctl -l prints (test/core/listing.test.mjs) and the host's files.
// Sources: docker/docker-bench-security@ff26d67 tests/1_host_configuration.sh (DBS),
// aquasecurity/docker-bench@c463c39 cfg/cis-1.6.0/definitions.yaml with bench-common auditeval/test.go:224
// `regexp.MatchString(t.Flag+`(?:[^a-zA-Z0-9-_]|$)`, output)` (AQUA), DataDog/security-agent-policies@16b77b6
// cis-docker-1.2.0.yaml with datadog-agent resolver.go `if rule.Path == spec.Path {` after go-libaudit's watch
// test (DD), dev-sec/cis-docker-benchmark@7aaefe6 controls/host_configuration.rb (DEVSEC),
// mitre/docker-ce-cis-baseline@8be9e7e controls/M-1.x.rb (MITRE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, lintText } from './helpers.mjs';

/** The verdicts of a rule set, as { 'scanner check': verdict }, for the checks asked. */
function verdicts(text, host = 'debian', cis = {}) {
  const a = lintText(text, { host, ...cis });
  return (key) => {
    const [scanner, check] = key.split(' ');
    const v = a.cis.verdicts.find((x) => x.scanner.id === scanner && x.check.id === check);
    assert.ok(v, `no verdict for ${key}`);
    return v;
  };
}

function expect(text, host, expected) {
  const of = verdicts(text, host);
  for (const [key, verdict] of Object.entries(expected)) assert.equal(of(key).verdict, verdict, `${key}: ${of(key).why}`);
}

const DBS = 'docker-bench-security';
const AQUA = 'aqua-docker-bench';
const DD = 'datadog';
const DEVSEC = 'inspec-dev-sec';
const MITRE = 'inspec-mitre';

test('runc: each scanner looks for its own path', () => {
  // DBS 591 file="/usr/bin/runc"; AQUA 293-308 grep /usr/bin/runc; DD 1.2.12 path: /usr/sbin/runc, which a
  // docker-ce host lacks (containerd.io installs /usr/bin/runc), so os.Stat fails: an error whatever the rules.
  expect('-w /usr/sbin/runc -k docker\n', 'debian', { [`${DBS} 1.1.18`]: 'fail', [`${AQUA} 1.1.18`]: 'fail', [`${DD} cis-docker-1.2.12`]: 'fail' });
  expect('-w /usr/bin/runc -k docker\n', 'debian', { [`${DBS} 1.1.18`]: 'pass', [`${AQUA} 1.1.18`]: 'pass', [`${DD} cis-docker-1.2.12`]: 'fail' });
  const v = verdicts('-w /usr/sbin/runc -k docker\n')(`${DBS} 1.1.18`);
  assert.equal(v.why, 'greps `auditctl -l` for /usr/bin/runc and no line contains it; this set audits /usr/sbin/runc');
  assert.match(verdicts('')(`${DD} cis-docker-1.2.12`).cannotPass, /\/usr\/sbin\/runc does not exist/);
});

test('/var/run is /run to the greps, not to Datadog', () => {
  // AQUA 1.1.9 greps the ListenStream of docker.socket (/run/docker.sock in moby's unit), a substring of
  // /var/run/docker.sock, and the flag docker.sock is then followed by a space.
  expect('-w /var/run/docker.sock -k docker\n', 'debian', { [`${AQUA} 1.1.9`]: 'pass' });
  // DBS 251 get_service_file containerd.sock: the first `find /run -name containerd.sock`.
  expect('-w /var/run/containerd/containerd.sock -k docker\n', 'debian', { [`${DBS} 1.1.8`]: 'pass', [`${AQUA} 1.1.8`]: 'pass' });
});

test('an unanchored grep passes /run/containerd on a containerd.sock line, which audits nothing of it', () => {
  // DBS 121 `auditctl -l | grep "$file"` with file="/run/containerd"; AQUA: the flag is followed by "/".
  const of = verdicts('-w /run/containerd/containerd.sock -k docker\n');
  assert.equal(of(`${DBS} 1.1.4`).verdict, 'pass');
  assert.match(of(`${DBS} 1.1.4`).why, /grep takes any line that contains the path/);
  assert.equal(of(`${AQUA} 1.1.4`).verdict, 'pass');
  const a = lintText('-w /run/containerd/containerd.sock -k docker\n');
  assert.equal(a.cis.statuses.find((s) => s.control.id === '1.1.4').state, 'missing');
});

test('aquasecurity wants the flag followed by a non-word character; docker-bench-security takes any substring', () => {
  // AQUA 225-240 flag /usr/bin/containerd: in `-w /usr/bin/containerd-shim -p rwxa -k docker` it is followed by "-".
  expect('-w /usr/bin/containerd-shim -k docker\n', 'debian', { [`${DBS} 1.1.14`]: 'pass', [`${AQUA} 1.1.14`]: 'fail', [`${AQUA} 1.1.15`]: 'pass' });
  assert.match(verdicts('-w /usr/bin/containerd-shim -k docker\n')(`${AQUA} 1.1.14`).why, /followed by "-"/);
});

test('units: where each scanner looks, per host', () => {
  const usrLib = '-w /usr/lib/systemd/system/docker.service -k docker\n';
  const lib = '-w /lib/systemd/system/docker.service -k docker\n';
  // DBS helper_lib.sh get_service_file: /lib/systemd/system/docker.service is a file on both hosts (/lib is /usr/lib),
  // a substring of the /usr/lib spelling. AQUA/DEVSEC: `systemctl show -p FragmentPath` — /lib/… on Debian
  // (deb/common/rules installs there), /usr/lib/… on RHEL (%{_unitdir}). DD 1.2.6: /usr/lib/systemd/system/docker.service, exactly.
  expect(usrLib, 'debian', { [`${DBS} 1.1.7`]: 'pass', [`${AQUA} 1.1.7`]: 'pass', [`${DD} cis-docker-1.2.6`]: 'pass', [`${DEVSEC} host-1.10`]: 'fail' });
  expect(usrLib, 'rhel', { [`${DBS} 1.1.7`]: 'pass', [`${AQUA} 1.1.7`]: 'pass', [`${DD} cis-docker-1.2.6`]: 'pass', [`${DEVSEC} host-1.10`]: 'pass' });
  expect(lib, 'debian', { [`${DBS} 1.1.7`]: 'pass', [`${AQUA} 1.1.7`]: 'pass', [`${DD} cis-docker-1.2.6`]: 'fail', [`${DEVSEC} host-1.10`]: 'pass' });
  expect(lib, 'rhel', { [`${DBS} 1.1.7`]: 'pass', [`${AQUA} 1.1.7`]: 'fail', [`${DD} cis-docker-1.2.6`]: 'fail', [`${DEVSEC} host-1.10`]: 'fail' });
  // An /etc/systemd/system copy meets the benchmark, but no scanner reads it unless the host has one.
  const etc = verdicts('-w /etc/systemd/system/docker.service -k docker\n', 'rhel');
  assert.equal(etc(`${DBS} 1.1.7`).verdict, 'fail');
  assert.match(etc(`${DBS} 1.1.7`).why, /depends on there being no \/etc\/systemd\/system\/docker\.service on the host/);
});

test('the docker.socket unit is not the docker socket', () => {
  // DBS 285 file="$(get_service_file docker.socket)": the unit; AQUA 141-160: the ListenStream socket.
  expect('-w /var/run/docker.sock -k docker\n', 'debian', { [`${DBS} 1.1.9`]: 'fail', [`${AQUA} 1.1.9`]: 'pass' });
  expect('-w /lib/systemd/system/docker.socket -k docker\n', 'debian', { [`${DBS} 1.1.9`]: 'pass', [`${AQUA} 1.1.9`]: 'fail', [`${DEVSEC} host-1.11`]: 'pass' });
});

test('syscall forms: an arch or a missing perm field keeps a rule out of watch form', () => {
  // auditctl-listing.c is_watch(): all syscalls, a perm field, only perm/key/dir/path fields.
  expect('-a always,exit -F path=/var/lib/docker -F perm=rwxa -k docker\n', 'debian', {
    [`${DBS} 1.1.5`]: 'pass', [`${AQUA} 1.1.5`]: 'pass', [`${DD} cis-docker-1.2.4`]: 'pass', [`${DEVSEC} host-1.8`]: 'pass',
  });
  expect('-a always,exit -F arch=b64 -F path=/var/lib/docker -F perm=rwxa -k docker\n', 'debian', {
    [`${DBS} 1.1.5`]: 'pass', [`${AQUA} 1.1.5`]: 'pass', [`${DD} cis-docker-1.2.4`]: 'fail', [`${DEVSEC} host-1.8`]: 'fail',
  });
  expect('-a always,exit -F path=/var/lib/docker -k docker\n', 'debian', {
    [`${DBS} 1.1.5`]: 'pass', [`${DD} cis-docker-1.2.4`]: 'fail', [`${DEVSEC} host-1.8`]: 'fail',
  });
  // With an arch, perm= adds its syscalls (lib/libaudit.c audit_add_perm_syscalls), so the mask is not all ones.
  assert.match(verdicts('-a always,exit -F arch=b64 -F path=/var/lib/docker -F perm=rwxa -k docker\n')(`${DD} cis-docker-1.2.4`).why, /-S open,stat,fstat,… \(\d+ syscalls\).*has an arch/);
  // The benchmark's own 1.1.5 line lists as `-w /var/lib/docker -p rwa -k docker` (perm letters in rwxa order).
  expect('-a exit,always -F path=/var/lib/docker -F perm=war -k docker\n', 'debian', { [`${DD} cis-docker-1.2.4`]: 'pass', [`${DEVSEC} host-1.8`]: 'fail' });
});

test('-p wa and other keys fail only the exact-line InSpec profiles', () => {
  // DEVSEC 195-198 should include('-w /var/lib/docker -p rwxa -k docker'): the whole line.
  for (const text of ['-w /var/lib/docker -p wa -k docker\n', '-w /var/lib/docker -k containers\n', '-w /var/lib/docker -k docker -k x\n']) {
    expect(text, 'debian', { [`${DBS} 1.1.5`]: 'pass', [`${AQUA} 1.1.5`]: 'pass', [`${DD} cis-docker-1.2.4`]: 'pass', [`${DEVSEC} host-1.8`]: 'fail' });
  }
  assert.match(verdicts('-w /var/lib/docker -p wa -k docker\n')(`${DEVSEC} host-1.8`).why, /this set's rule is listed as `-w \/var\/lib\/docker -p wa -k docker`/);
});

test('a never rule audits nothing, yet the scanners that read the listing pass it', () => {
  // is_watch() and go-libaudit do not look at the action: listed `-w /var/lib/docker -p rwxa -k docker`.
  const text = '-a never,exit -F dir=/var/lib/docker -F perm=rwxa -k docker\n';
  expect(text, 'debian', { [`${DBS} 1.1.5`]: 'pass', [`${AQUA} 1.1.5`]: 'pass', [`${DD} cis-docker-1.2.4`]: 'pass', [`${DEVSEC} host-1.8`]: 'pass' });
  assert.equal(lintText(text).cis.statuses.find((s) => s.control.id === '1.1.5').state, 'missing');
  // The benchmark's own exclusion, alone, is grepped as /var/lib/docker.
  expect('-a exit,never -F dir=/var/lib/docker/volumes\n', 'debian', { [`${DBS} 1.1.5`]: 'pass', [`${AQUA} 1.1.5`]: 'pass', [`${DD} cis-docker-1.2.4`]: 'fail' });
});

test('what does not load is not listed: -W, after -e 2, after a refused line', () => {
  const all = { [`${DBS} 1.1.5`]: 'fail', [`${AQUA} 1.1.5`]: 'fail', [`${DD} cis-docker-1.2.4`]: 'fail', [`${DEVSEC} host-1.8`]: 'fail' };
  expect('-w /var/lib/docker -p rwxa -k docker\n-W /var/lib/docker -p rwxa -k docker\n', 'debian', all);
  expect('-e 2\n-w /var/lib/docker -p rwxa -k docker\n', 'debian', all);
  expect('-w /etc/passwd -p wa -k x # inline\n-w /var/lib/docker -p rwxa -k docker\n', 'debian', all);
});

test('trailing slashes: auditctl strips a watch\'s, the kernel keeps a dir= value\'s', () => {
  // MITRE M-1.6.rb:26-28 should include '-w /var/lib/docker/ -p rwxa -k docker'.
  expect('-w /var/lib/docker/ -k docker\n', 'debian', { [`${DEVSEC} host-1.8`]: 'pass', [`${MITRE} M-1.6`]: 'fail', [`${DD} cis-docker-1.2.4`]: 'pass' });
  expect('-a always,exit -F dir=/var/lib/docker/ -F perm=rwxa -k docker\n', 'debian', {
    [`${MITRE} M-1.6`]: 'pass', [`${DEVSEC} host-1.8`]: 'fail', [`${DD} cis-docker-1.2.4`]: 'fail', [`${DBS} 1.1.5`]: 'pass',
  });
});

test('a missing file: docker-bench-security INFO, aquasecurity FAIL, Datadog error, MITRE skipped', () => {
  // DBS 319-320 if [ -f "$file" ] for /etc/default/docker: a Debian docker-ce host has it (deb/common/docker-ce.docker.default), a RHEL one not.
  const rhel = verdicts('', 'rhel');
  assert.equal(rhel(`${DBS} 1.1.10`).verdict, 'pass');
  assert.equal(rhel(`${DBS} 1.1.10`).said, 'INFO');
  assert.match(rhel(`${DBS} 1.1.10`).why, /^INFO, not a failure: \/etc\/default\/docker does not exist on a RHEL/);
  assert.equal(verdicts('', 'debian')(`${DBS} 1.1.10`).verdict, 'fail');
  // AQUA 162-176: no existence test.
  assert.equal(rhel(`${AQUA} 1.1.10`).verdict, 'fail');
  // DD: os.Stat fails, the input is dropped, the rego reports an error — no rule changes it.
  assert.equal(rhel(`${DD} cis-docker-1.2.8`).verdict, 'fail');
  assert.ok(rhel(`${DD} cis-docker-1.2.8`).cannotPass);
  assert.equal(verdicts('-w /etc/default/docker -k docker\n', 'debian')(`${DD} cis-docker-1.2.8`).verdict, 'pass');
  // AQUA 210-223: 1.1.13 is not scored, so a failing test is a WARN, not a FAIL.
  assert.equal(rhel(`${AQUA} 1.1.13`).verdict, 'pass');
  assert.equal(rhel(`${AQUA} 1.1.13`).said, 'WARN');
});

test('MITRE M-1.8 and M-1.9 never pass while the units exist: auditctl -l always prints -p', () => {
  for (const text of ['', '-w /lib/systemd/system/docker.service -k docker\n-w /lib/systemd/system/docker.socket -k docker\n']) {
    const of = verdicts(text);
    assert.equal(of(`${MITRE} M-1.8`).verdict, 'fail');
    assert.equal(of(`${MITRE} M-1.9`).verdict, 'fail');
    assert.match(of(`${MITRE} M-1.8`).cannotPass, /prints -p for every watch/);
  }
});

test('the seed blog ruleset: CE 1.1.0\'s bundled binaries pass the InSpec profiles and fail the rest', () => {
  const blog = [
    '-w /usr/bin/docker -p rwxa -k docker',
    '-w /var/lib/docker -p rwxa -k docker',
    '-w /etc/docker -p rwxa -k docker',
    '-w /lib/systemd/system/docker.service -p rwxa -k docker',
    '-w /lib/systemd/system/docker.socket -p rwxa -k docker',
    '-w /etc/default/docker -p rwxa -k docker',
    '-w /etc/docker/daemon.json -p rwxa -k docker',
    '-w /usr/bin/docker-containerd -p rwxa -k docker',
    '-w /usr/bin/docker-runc -p rwxa -k docker',
    '',
  ].join('\n');
  // DEVSEC host-1.14/1.15 and MITRE M-1.12/1.13 want exactly these docker-containerd/docker-runc lines.
  expect(blog, 'debian', {
    [`${DEVSEC} host-1.7`]: 'pass', [`${DEVSEC} host-1.8`]: 'pass', [`${DEVSEC} host-1.10`]: 'pass', [`${DEVSEC} host-1.11`]: 'pass',
    [`${DEVSEC} host-1.14`]: 'pass', [`${DEVSEC} host-1.15`]: 'pass', [`${MITRE} M-1.13`]: 'pass',
    // DBS 591 file="/usr/bin/runc" and 455 file="/usr/bin/containerd": not in /usr/bin/docker-runc, /usr/bin/docker-containerd.
    [`${DBS} 1.1.18`]: 'fail', [`${DBS} 1.1.14`]: 'fail',
    // DD 1.2.12 /usr/sbin/runc (absent on docker-ce), 1.2.11 /usr/bin/containerd (no watch of it).
    [`${DD} cis-docker-1.2.12`]: 'fail', [`${DD} cis-docker-1.2.11`]: 'fail',
    // DD 1.2.6/1.2.7 want /usr/lib/systemd/system/…, exactly.
    [`${DD} cis-docker-1.2.6`]: 'fail', [`${DD} cis-docker-1.2.7`]: 'fail',
  });
  // …and the benchmark does not take docker-runc for runc (1.2.0 §1.2.12).
  assert.equal(lintText(blog, { version: '1.2.0' }).cis.statuses.find((s) => s.control.id === '1.2.12').state, 'missing');
});

test('with applicability host, the scanners read this machine\'s files', () => {
  // Nothing exists on this pretend host: DBS's existence tests fail (INFO), Datadog errors, aquasecurity fails.
  const of = (key) => {
    const a = lintText('', { applicability: 'host' }, { pathExists: () => false });
    return a.cis.verdicts.find((v) => `${v.scanner.id} ${v.check.id}` === key);
  };
  assert.equal(of(`${DBS} 1.1.5`).verdict, 'pass');
  assert.match(of(`${DBS} 1.1.5`).why, /does not exist on this machine/);
  assert.equal(of(`${DBS} 1.1.3`).verdict, 'fail', '1.1.3 has no existence test (file="/usr/bin/dockerd", then the grep)');
  assert.equal(of(`${DD} cis-docker-1.2.3`).verdict, 'fail');
  assert.match(of(`${AQUA} 1.1.7`).why, /finds no FragmentPath for docker.service on this machine/);
});

test('the scanner ids the settings offer are the data\'s', () => {
  assert.deepEqual(core.SCANNERS.map((s) => s.id), core.settingChoices('cis.scanners'));
  assert.deepEqual(Object.keys(core.HOST_LAYOUTS).sort(), [...core.settingChoices('cis.host')].sort());
});

test('every path a check looks for names Docker, which is how the load finds the rules the scanners read', () => {
  // scanners/data DOCKER_WORDS: the load indexes rules by these words, and the checks read only those rules.
  for (const host of ['debian', 'rhel']) {
    for (const v of lintText('', { host }).cis.verdicts) {
      if (v.path !== '') assert.match(v.path, /docker|containerd|runc/, `${v.scanner.id} ${v.check.id} on ${host}`);
    }
  }
  const everywhere = lintText('', { applicability: 'host' }, { pathExists: () => true }).cis.verdicts;
  for (const v of everywhere) if (v.path !== '') assert.match(v.path, /docker|containerd|runc/, `${v.scanner.id} ${v.check.id} on this machine`);
});
