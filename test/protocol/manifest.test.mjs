// The settings VS Code offers (package.json contributes.configuration) against what the server
// and the core take: every offered value is accepted, and the defaults are the core's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { core, exampleText, makeRulesDir, PULL_CLIENT, ROOT, TestClient } from './harness.mjs';

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties;
const timeout = 20_000;

/** {"cis.version": v} → {cis: {version: v}}, the shape workspace/configuration answers for section "auditd". */
function nested(name, value) {
  const keys = name.replace(/^auditd\./, '').split('.');
  return keys.reduceRight((inner, key) => ({ [key]: inner }), value);
}

let client;
let set;
before(async () => {
  client = await TestClient.start(PULL_CLIENT);
  set = makeRulesDir();
});
after(() => {
  client.kill();
  fs.rmSync(set.root, { recursive: true, force: true });
});

test('every setting has a description and a default, and every choice a description', () => {
  for (const [name, p] of Object.entries(properties)) {
    assert.ok(name.startsWith('auditd.'), name);
    assert.ok(p.description, `${name} has no description`);
    assert.ok('default' in p, `${name} has no default`);
    for (const choices of [p, p.additionalProperties].filter((c) => c?.enum)) {
      assert.equal(choices.enumDescriptions?.length, choices.enum.length, `${name}: one enumDescription per choice`);
      if ('default' in choices) assert.ok(choices.enum.includes(p.default), `${name}: the default is a choice`);
    }
  }
});

test("the defaults are the core's", () => {
  const d = core.DEFAULT_SETTINGS;
  assert.equal(properties['auditd.targetArch'].default, d.targetArch);
  for (const key of Object.keys(d.cis)) assert.deepEqual(properties[`auditd.cis.${key}`].default, d.cis[key], `auditd.cis.${key}`);
});

test('the benchmark versions offered are the catalogue\'s, each named', () => {
  const version = properties['auditd.cis.version'];
  assert.deepEqual([...version.enum].sort(), ['off', ...core.CIS_VERSION_IDS].sort());
  version.enum.forEach((id, i) => {
    if (id !== 'off') assert.ok(version.enumDescriptions[i].includes(core.cisVersion(id).name), id);
  });
});

test('the machines offered are ones auditctl knows', () => {
  for (const arch of properties['auditd.targetArch'].enum) assert.ok(core.MACHINES.has(arch), arch);
});

test('the server takes every value the manifest offers without a warning', { timeout }, async () => {
  const uri = set.uri('30-docker.rules');
  await client.open(uri, exampleText('30-docker.rules'));
  for (const [name, p] of Object.entries(properties)) {
    if (name === 'auditd.trace.server') continue; // read by vscode-languageclient, not by the server
    for (const value of [p.default, ...(p.enum ?? [])]) {
      client.settings = nested(name, value);
      const logged = client.logs.length;
      await client.configure(null);
      // The warnings about a document's settings are logged before its diagnostics are answered.
      await client.pull(uri);
      assert.deepEqual(client.logs.slice(logged), [], `${name}: ${JSON.stringify(value)}`);
    }
  }
  assert.equal(await client.shutdown(), 0);
});

test('commands, activation and workspace trust', () => {
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), ['auditd.addAllMissing', 'auditd.fixAll', 'auditd.openExample', 'auditd.previewListing', 'auditd.restartServer', 'auditd.showCoverage', 'auditd.showOutput']);
  assert.deepEqual(manifest.activationEvents, []);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
});

test('the Getting Started walkthrough: each step runs a contributed command, is done when it runs, and shows a packaged picture', () => {
  const commands = new Set(manifest.contributes.commands.map((c) => c.command));
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.deepEqual(walkthrough.steps.map((s) => s.id), ['openExample', 'showCoverage', 'fixAll']);
  for (const step of walkthrough.steps) {
    const [, command] = /\(command:([\w.]+)\)/.exec(step.description) ?? [];
    assert.ok(commands.has(command), `${step.id}: ${command}`);
    assert.deepEqual(step.completionEvents, [`onCommand:${command}`]);
    assert.ok(fs.existsSync(path.join(ROOT, step.media.image)) && manifest.files.includes(step.media.image), step.media.image);
    assert.ok(step.media.altText, `${step.id}: alt text`);
  }
});

test('the Marketplace listing: a 256x256 PNG icon from its SVG source, a public repository, categories and keywords', () => {
  const png = fs.readFileSync(path.join(ROOT, manifest.icon));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  // IHDR: width and height, big-endian, at bytes 16 and 20.
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [256, 256]);
  assert.ok(fs.existsSync(path.join(ROOT, manifest.icon.replace(/\.png$/, '.svg'))));
  assert.match(manifest.repository.url, /^https:\/\/github\.com\//);
  assert.ok(manifest.bugs.url && manifest.homepage);
  assert.ok(manifest.categories.includes('Linters') && manifest.keywords.length > 0 && manifest.keywords.length <= 30);
  assert.equal(manifest.private, undefined);
});
