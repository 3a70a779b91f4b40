// The .vsix as the Marketplace and Open VSX take it: `npm run package` (vsce) with no warning, and inside
// it the icon, the CHANGELOG, the licence, what the manifest and the walkthrough point to, and a README
// whose images load from the public repository (a details page cannot read the package's own files).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { before, test } from 'node:test';
import yauzl from 'yauzl';
import { ROOT } from '../protocol/harness.mjs';

const timeout = 180_000;
let packaging;
/** Entry name → contents. */
const entries = new Map();

function readZip(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('entry', (entry) => zip.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        const chunks = [];
        stream.on('data', (c) => chunks.push(c)).on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      }));
      zip.on('end', resolve).on('error', reject);
      zip.readEntry();
    });
  });
}

before(async () => {
  packaging = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(packaging.status, 0, packaging.stdout + packaging.stderr);
  await readZip(path.join(ROOT, 'auditd-rules.vsix'));
}, { timeout });

const text = (name) => entries.get(`extension/${name}`)?.toString('utf8');

test('vsce packages without a warning', () => {
  assert.doesNotMatch(packaging.stdout + packaging.stderr, /WARNING|ERROR/);
});

test('the icon, the CHANGELOG and the licence are in the package and named in its manifest', () => {
  const manifest = JSON.parse(text('package.json'));
  const vsixManifest = entries.get('extension.vsixmanifest').toString('utf8');
  assert.ok(entries.has(`extension/${manifest.icon}`));
  assert.match(vsixManifest, new RegExp(`<Icon>extension/${manifest.icon}</Icon>`));
  assert.match(text('changelog.md'), /^# Changelog/);
  assert.match(vsixManifest, /<License>extension\/LICENSE\.txt<\/License>/);
  for (const field of ['repository', 'bugs', 'homepage']) assert.ok(manifest[field], field);
});

test('every file the manifest and the walkthrough point to is packaged', () => {
  const manifest = JSON.parse(text('package.json'));
  const { contributes } = manifest;
  const wanted = [
    manifest.main,
    ...contributes.languages.map((l) => l.configuration),
    ...contributes.grammars.map((g) => g.path),
    ...contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.image ?? s.media.markdown)),
  ];
  for (const file of wanted) assert.ok(entries.has(`extension/${path.posix.normalize(file)}`), file);
  // The walkthrough's example: the rules.d the README lints.
  assert.ok(entries.has('extension/examples/rules.d/30-docker.rules'));
});

test('the README on the details page loads its images from the public repository', () => {
  const readme = text('readme.md');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length > 0);
  for (const src of images) assert.match(src, /^https:\/\/github\.com\/auditd-rules\/auditd-rules\/raw\/HEAD\/docs\/images\/[\w-]+\.png$/);
});
