// The npm package as a user gets it: `npm pack`, then `npm install --global` of the tarball into a
// fresh prefix, offline (the bundles need no dependency), and the two commands it puts on the PATH.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { exampleText, PULL_CLIENT, ROOT, TestClient } from '../protocol/harness.mjs';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const timeout = 180_000;

let scratch;
let bin;
let packed;
before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'auditd-npm-'));
  // prepack builds the bundles; --json lists what the tarball holds.
  [packed] = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  const prefix = path.join(scratch, 'prefix');
  execFileSync(npm, ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(scratch, packed.filename)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  bin = path.join(prefix, 'bin');
}, { timeout });
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs a command the package installed, found on the PATH as a shell would. */
function run(command, args, cwd = ROOT) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } });
}

test('the tarball holds the bundles, the docs, the manifest and what the extension shows, and nothing else', () => {
  const files = packed.files.map((f) => f.path);
  const shipped = (file) => manifest.files.some((entry) => file === entry || (entry.endsWith('/') && file.startsWith(entry)));
  assert.deepEqual(files.filter((f) => !shipped(f)).sort(), ['README.md', 'package.json']);
  for (const bundle of ['dist/cli.js', 'dist/server.js', 'dist/lsp.js', 'dist/core.js', 'dist/client.js']) assert.ok(files.includes(bundle), bundle);
  assert.ok(!files.some((f) => f.endsWith('.map') || f.startsWith('server/') || f.startsWith('test/')));
  assert.equal(packed.filename, `auditd-rules-${manifest.version}.tgz`);
  // Everything is bundled, so installing needs no registry (the install above ran --offline).
  assert.equal(manifest.dependencies, undefined);
});

test('auditd-lint --version prints the package version', () => {
  const r = run('auditd-lint', ['--version']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${manifest.version}\n`);
});

test('npx -p auditd-rules auditd-lint runs it without an install (here from the tarball, with an empty cache)', () => {
  const r = spawnSync(npm, ['exec', '--offline', '--yes', '--cache', path.join(scratch, 'npx-cache'), `--package=${path.join(scratch, packed.filename)}`, '--', 'auditd-lint', '--version'], { cwd: scratch, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${manifest.version}\n`);
});

test('auditd-lint lints the example rules.d: /run/containerd (CIS Docker 1.8.0 §1.1.4) is missing from 30-docker.rules', () => {
  const r = run('auditd-lint', ['--format', 'json', 'examples/rules.d']);
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  const docker = report.find((f) => f.file === 'examples/rules.d/30-docker.rules');
  assert.ok(docker.diagnostics.some((d) => d.code === 'cis-docker-1.1.4' && d.message.includes('/run/containerd')), r.stdout);
});

test('auditd-language-server --stdio answers initialize and lints an opened document', { timeout }, async () => {
  const client = await TestClient.start(PULL_CLIENT, {}, [path.join(bin, 'auditd-language-server')]);
  try {
    const { capabilities } = client.initializeResult;
    assert.ok(capabilities.diagnosticProvider, 'pull diagnostics');
    assert.ok(capabilities.codeActionProvider, 'code actions');
    const uri = pathToFileURL(path.join(scratch, 'etc/audit/rules.d/30-docker.rules')).href;
    await client.open(uri, exampleText('30-docker.rules'));
    const diagnostics = await client.pull(uri);
    assert.ok(diagnostics.some((d) => d.code === 'cis-docker-1.1.4'), JSON.stringify(diagnostics));
    assert.equal(await client.shutdown(), 0);
  } finally {
    client.kill();
  }
});
