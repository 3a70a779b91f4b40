// The editor features over stdio, as an editor asks for them: hover, completion, the outline,
// workspace symbols over the workspace folders, the CIS coverage lens and the server's commands
// (the coverage table, and "add all missing" through workspace/applyEdit).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditRequest,
  CodeLensRefreshRequest,
  CodeLensRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  FileChangeType,
  HoverRequest,
  WorkspaceFoldersRequest,
  WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol/node';
import { codes, core, exampleText, isAddable, isCisMissing, makeRulesDir, PULL_CLIENT, ROOT, TestClient } from './harness.mjs';

const timeout = 20_000;
const CONTROLS = core.cisVersion('1.8.0').controls;
/** The benchmark's remediation of a control, with the default key. */
const remediation = (id) => CONTROLS.find((c) => c.id === id).remediation.map((l) => l.replace('{key}', 'docker'));
// Three controls whose paths lie under no other control's path, so each rule meets exactly one.
const MET = ['1.1.3', '1.1.9', '1.1.18'];
const THREE_CONTROLS = `${MET.flatMap(remediation).join('\n')}\n`;
const THREE_MET = `CIS Docker 1.8.0: 3/${CONTROLS.length} controls met`;

/** VS Code's capabilities, and it applies workspace edits and refreshes code lenses. */
const CLIENT = {
  ...PULL_CLIENT,
  workspace: { ...PULL_CLIENT.workspace, applyEdit: true, codeLens: { refreshSupport: true } },
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'auditd-features-'));
/** A lone rule file (not under rules.d): the open text is all there is of it. */
const lone = (name) => pathToFileURL(path.join(tmp, 'lone', name)).href;

/** A workspace folder: rule files the manifest claims, and look-alikes it does not. */
const workspace = path.join(tmp, 'workspace');
const WORKSPACE_FILES = {
  'etc/audit/rules.d/10-identity.rules': '-w /etc/passwd -p wa -k accounts\n',
  'etc/audit/audit.rules': '-w /etc/group -p wa -k accounts\n',
  'etc/auditd/extra/20-more.rules': '-w /etc/gshadow -p wa -k accounts\n',
  // Not audit rules: udev's rules.d, a *.rules file under no audit directory, node_modules.
  'etc/udev/rules.d/99-identity.rules': '-w /etc/hosts -p wa -k accounts\n',
  'notes/identity.rules': '-w /etc/hostname -p wa -k accounts\n',
  'node_modules/pkg/etc/audit/audit.rules': '-w /etc/issue -p wa -k accounts\n',
};
const workspaceUri = (name) => pathToFileURL(path.join(workspace, name)).href;

let client;
let lensRefreshes = 0;
let onLensRefresh = () => {};
const applied = [];
const roots = [];

before(async () => {
  for (const [name, text] of Object.entries(WORKSPACE_FILES)) {
    fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    fs.writeFileSync(path.join(workspace, name), text);
  }
  client = await TestClient.start(CLIENT, { workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }] });
  // An editor applies the edit to its documents, then answers.
  client.onRequest(ApplyWorkspaceEditRequest.type, async ({ edit }) => {
    applied.push(edit);
    await client.apply(edit);
    return { applied: true };
  });
  client.onRequest(CodeLensRefreshRequest.type, () => {
    lensRefreshes++;
    onLensRefresh();
    return null;
  });
});
after(() => {
  client.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

const hover = (uri, line, character) => client.request(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
const complete = async (uri, line, character, triggerCharacter) => {
  const result = await client.request(CompletionRequest.type, { textDocument: { uri }, position: { line, character }, context: { triggerKind: 2, triggerCharacter } });
  return Array.isArray(result) ? result : result.items;
};
const lenses = (uri) => client.request(CodeLensRequest.type, { textDocument: { uri } });
const execute = (command, ...args) => client.request(ExecuteCommandRequest.type, { command, arguments: args });

test('announces the features, the completion trigger characters and the server commands', () => {
  const { capabilities } = client.initializeResult;
  assert.equal(capabilities.hoverProvider, true);
  assert.deepEqual(capabilities.completionProvider.triggerCharacters, [' ', '=', ',', '-']);
  assert.equal(capabilities.documentSymbolProvider, true);
  assert.equal(capabilities.workspaceSymbolProvider, true);
  assert.ok(capabilities.codeLensProvider);
  // Not the VS Code client's own command ids, which vscode-languageclient would register a second time.
  assert.deepEqual(capabilities.executeCommandProvider.commands, ['auditd.server.coverage', 'auditd.server.listing', 'auditd.server.addAllMissing']);
});

test('the lens\'s commands are the VS Code client\'s, offered for rules files (not the views of them); the server\'s are not contributed', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const contributed = manifest.contributes.commands.map((c) => c.command);
  const inPalette = manifest.contributes.menus.commandPalette;
  for (const command of ['auditd.showCoverage', 'auditd.previewListing', 'auditd.addAllMissing']) {
    assert.ok(contributed.includes(command), command);
    // The `auditctl -l` preview (scheme auditd-view) has the auditd language too, for its colours.
    assert.equal(inPalette.find((m) => m.command === command)?.when, 'editorLangId == auditd && resourceScheme != auditd-view', command);
  }
  for (const command of client.initializeResult.capabilities.executeCommandProvider.commands) assert.ok(!contributed.includes(command), command);
  assert.ok(manifest.contributes.commands.every((c) => c.category === 'Audit Rules' && c.title), 'titled, under "Audit Rules"');
});

test('hover on an option, and on a watch that meets CIS Docker 1.8.0 §1.1.3', { timeout }, async () => {
  const uri = lone('hover.rules');
  const watch = '-w /usr/bin/dockerd -p wa -k docker';
  await client.open(uri, `-a always,exit -F arch=b64 -S openat -k k\n${watch}\n\n`);
  const option = await hover(uri, 0, 1);
  assert.equal(option.contents.kind, 'markdown');
  assert.match(option.contents.value, /^\*\*-a\*\* — /);
  const met = await hover(uri, 1, watch.indexOf('/usr/bin/dockerd') + 1);
  assert.match(met.contents.value, /Meets CIS Docker 1\.8\.0 §1\.1\.3/);
  assert.equal(await hover(uri, 2, 0), null, 'nothing to say about an empty line');
});

test('completion after -w offers the missing CIS paths, after -S the syscalls of the line\'s arch', { timeout }, async () => {
  const uri = lone('complete.rules');
  await client.open(uri, '-w /usr/bin/dockerd -k docker\n-w \n-a always,exit -F arch=b32 -S \n-a always,exit -F arch=b64 -S \n');
  const paths = await complete(uri, 1, 3, ' ');
  assert.ok(paths.some((i) => i.label === '/run/containerd' && i.detail === 'CIS Docker 1.8.0 §1.1.4'), `got ${paths.map((i) => `${i.label} (${i.detail})`)}`);
  assert.ok(!paths.some((i) => i.label === '/usr/bin/dockerd'), 'a met control is not offered');

  // i386 (b32 on x86_64) has no accept syscall (socketcall does its work); x86_64 has.
  const b32 = (await complete(uri, 2, 30, ' ')).map((i) => i.label);
  assert.ok(b32.includes('openat') && !b32.includes('accept'), 'b32');
  assert.ok((await complete(uri, 3, 30, ' ')).some((i) => i.label === 'accept'), 'b64');
});

test('the outline groups the rules by key', { timeout }, async () => {
  const uri = lone('outline.rules');
  await client.open(uri, '-D\n-w /etc/passwd -p wa -k identity\n-w /etc/group -p wa -k identity\n-a always,exit -F arch=b64 -S execve -k exec\n');
  const symbols = await client.request(DocumentSymbolRequest.type, { textDocument: { uri } });
  assert.deepEqual(symbols.map((s) => [s.name, s.children.map((c) => c.name)]), [
    ['(settings)', ['-D']],
    ['identity', ['-w /etc/passwd', '-w /etc/group']],
    ['exec', ['1 syscall (x86_64)']],
  ]);
});

test('workspace symbols: the claimed rule files of the workspace folder and the open documents, with their unsaved text', { timeout }, async () => {
  const symbols = async (query) => (await client.request(WorkspaceSymbolRequest.type, { query }))
    .map((s) => `${path.relative(tmp, new URL(s.location.uri).pathname)} ${s.name} [${s.containerName}]`).sort();
  assert.deepEqual(await symbols('accounts'), [
    'workspace/etc/audit/audit.rules -w /etc/group -k accounts [accounts]',
    'workspace/etc/audit/rules.d/10-identity.rules -w /etc/passwd -k accounts [accounts]',
    'workspace/etc/auditd/extra/20-more.rules -w /etc/gshadow -k accounts [accounts]',
  ]);
  assert.deepEqual(await symbols('gshadow'), ['workspace/etc/auditd/extra/20-more.rules -w /etc/gshadow -k accounts [accounts]']);

  const open = workspaceUri('etc/audit/rules.d/10-identity.rules');
  const elsewhere = lone('elsewhere.rules');
  await client.open(open, '-w /etc/shadow -p wa -k accounts\n');
  await client.open(elsewhere, '-w /etc/sudoers -p wa -k accounts\n');
  const found = await symbols('accounts');
  assert.ok(found.includes('workspace/etc/audit/rules.d/10-identity.rules -w /etc/shadow -k accounts [accounts]'), 'the open text wins');
  assert.ok(found.includes('lone/elsewhere.rules -w /etc/sudoers -k accounts [accounts]'), 'an open document outside the folder counts');
  assert.ok(!found.includes('workspace/etc/audit/rules.d/10-identity.rules -w /etc/passwd -k accounts [accounts]'), 'the text on disk is not read for an open document');
  await client.close(open);
  await client.close(elsewhere);
});

test('the coverage lens counts the controls met, and offers to add the missing ones', { timeout }, async () => {
  const uri = lone('lens.rules');
  await client.open(uri, THREE_CONTROLS);
  const [coverage, addMissing] = await lenses(uri);
  assert.equal(coverage.command.title, THREE_MET);
  // On the default host (Debian) §1.1.13's watch in /etc/sysconfig is not added: 12 of the 13 missing are.
  assert.equal(addMissing.command.title, `add the ${CONTROLS.length - MET.length - 1} missing`);
  // This client did not say it runs the VS Code client's commands: the lenses name the server's.
  assert.deepEqual([coverage.command.command, addMissing.command.command], ['auditd.server.coverage', 'auditd.server.addAllMissing']);
  assert.deepEqual(coverage.command.arguments, [uri]);
});

test('auditd.server.coverage returns the summary, the rows and the markdown table', { timeout }, async () => {
  const uri = lone('coverage.rules');
  await client.open(uri, THREE_CONTROLS);
  const { summary, rows, markdown } = await execute('auditd.server.coverage', uri);
  assert.equal(summary, THREE_MET);
  assert.deepEqual(rows.filter((r) => r.id).map((r) => r.id), CONTROLS.map((c) => c.id));
  assert.deepEqual(rows.filter((r) => r.state === 'met').map((r) => r.id), MET);
  const lines = markdown.split('\n');
  assert.equal(lines[0], `# ${THREE_MET}`);
  // A column per scanner, the ones the rules must pass (auditd.cis.scanners, by default docker-bench-security) in bold.
  assert.ok(lines.includes('| Control | Path | Benchmark | **docker-bench-security** | aqua-docker-bench | datadog | inspec-dev-sec | inspec-mitre | Rule |'), markdown);
  for (const c of CONTROLS) {
    const row = lines.find((l) => l.startsWith(`| ${c.id} | \`${c.path}\` |`));
    assert.ok(row, `no row for ${c.id}`);
    if (MET.includes(c.id)) assert.ok(row.includes(`\`${remediation(c.id)[0]}\``), `${c.id}: the rule that meets it`);
    else assert.ok(row.includes('**missing**'), `${c.id} is missing`);
  }
});

test('auditd.server.addAllMissing has the client apply an edit that leaves no control missing', { timeout }, async () => {
  const uri = lone('add.rules');
  await client.open(uri, THREE_CONTROLS);
  assert.equal((await client.pull(uri)).filter(isCisMissing).length, CONTROLS.length - MET.length);
  const before = applied.length;
  const result = await execute('auditd.server.addAllMissing', uri);
  assert.equal(applied.length, before + 1, 'one workspace/applyEdit');
  assert.deepEqual(Object.keys(applied[before].changes), [uri]);
  assert.equal(result.applied, true);
  assert.ok(client.text(uri).startsWith(THREE_CONTROLS), 'the rules already there are kept as they were');

  const after = await client.pull(uri);
  assert.deepEqual(codes(after.filter(isCisMissing)), ['cis-docker-1.1.13']);
  assert.deepEqual(after.filter(isAddable), []);
  assert.equal((await execute('auditd.server.coverage', uri)).summary, `CIS Docker 1.8.0: ${CONTROLS.length - 1}/${CONTROLS.length} controls met`);
  assert.deepEqual(await execute('auditd.server.addAllMissing', uri), { added: 0, applied: false }, 'nothing left to add');
});

test('a command on a document the server does not have open is refused', { timeout }, async () => {
  await assert.rejects(execute('auditd.server.coverage', lone('never-opened.rules')), /open auditd document/);
  await assert.rejects(execute('auditd.server.addAllMissing'), /open auditd document/);
});

test('the lens is refreshed when another file of its rules.d set changes on disk', { timeout }, async () => {
  const set = makeRulesDir();
  roots.push(set.root);
  const uri = set.uri('30-docker.rules');
  await client.open(uri, exampleText('30-docker.rules'));
  const met = async () => Number(/: (\d+)\//.exec((await lenses(uri))[0].command.title)[1]);
  const before = await met();

  // Another file of the set gets the rule for /run/containerd (§1.1.4), which 30-docker.rules lacks.
  // It comes first in the set, so 30-docker.rules stays the last file with Docker rules, the one with the lens.
  fs.writeFileSync(path.join(set.dir, '20-containerd.rules'), `${remediation('1.1.4').join('\n')}\n`);
  const seen = lensRefreshes;
  const refreshed = new Promise((resolve) => (onLensRefresh = resolve));
  await client.filesChanged([{ uri: set.uri('20-containerd.rules'), type: FileChangeType.Created }]);
  await refreshed;
  assert.ok(lensRefreshes > seen);
  assert.equal(await met(), before + 1);
});

test('a client that runs the lens commands itself (VS Code) gets them, and workspace folders as they are now', { timeout }, async () => {
  const vscode = await TestClient.start(
    { ...CLIENT, workspace: { ...CLIENT.workspace, workspaceFolders: true } },
    { initializationOptions: { clientCommands: ['auditd.showCoverage', 'auditd.addAllMissing'] } },
  );
  try {
    // It started with no folder; one is open now.
    vscode.onRequest(WorkspaceFoldersRequest.type, () => [{ uri: pathToFileURL(workspace).href, name: 'workspace' }]);
    const found = await vscode.request(WorkspaceSymbolRequest.type, { query: 'gshadow' });
    assert.deepEqual(found.map((s) => s.location.uri), [workspaceUri('etc/auditd/extra/20-more.rules')]);

    const uri = lone('vscode.rules');
    await vscode.open(uri, THREE_CONTROLS);
    const lensCommands = await vscode.request(CodeLensRequest.type, { textDocument: { uri } });
    assert.deepEqual(lensCommands.map((l) => [l.command.command, l.command.arguments]), [['auditd.showCoverage', [uri]], ['auditd.addAllMissing', [uri]]]);
    assert.equal(await vscode.shutdown(), 0);
  } finally {
    vscode.kill();
  }
});
