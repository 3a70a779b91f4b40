// --fix keeps the identity of a file that is not the fixer's: another user's owner and group stay,
// and a user who may write a file it does not own gets it written in place. Only root can set such
// files up (give them to other users, run the CLI as another), so `npm run test:root` runs these
// (CI does, as root); fix-identity.test.mjs has the rest.
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, copyFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { assertFixed, dockerRules, lint, root, scratch } from './helpers.mjs';

assert.equal(process.getuid(), 0, 'npm run test:root needs root: it gives files to other users and runs the CLI as one');
// Users and groups no account on the machine has: root can give files to them all the same.
const OWNER = 4242;
const GROUP = 4343;

test("--fix keeps another user's owner, group and mode (run as root)", (t) => {
  const file = dockerRules(scratch(t));
  chownSync(file, OWNER, GROUP);
  chmodSync(file, 0o640);
  const r = lint(['--fix', file]);
  assert.notEqual(r.status, 2, r.stderr);
  assertFixed(file);
  const after = statSync(file);
  assert.deepEqual([after.uid, after.gid, after.mode & 0o7777], [OWNER, GROUP, 0o640]);
});

test("--fix run by another user on a group-writable file it does not own: written in place, owner kept", (t) => {
  const dir = scratch(t);
  chmodSync(dir, 0o777); // the user needs to put its backup beside the file
  const file = dockerRules(dir);
  chownSync(file, OWNER, GROUP);
  chmodSync(file, 0o664);
  const before = statSync(file);
  // The clone may sit where only root may enter (mktemp -d makes 0700): the other user runs a copy of the
  // CLI, a bundle that needs nothing beside it.
  const bin = scratch(t);
  chmodSync(bin, 0o755);
  const cli = path.join(bin, 'cli.js');
  copyFileSync(path.join(root, 'dist', 'cli.js'), cli);
  chmodSync(cli, 0o755);
  const r = spawnSync(process.execPath, [cli, '--fix', file], { encoding: 'utf8', uid: OWNER + 1, gid: GROUP });
  assert.equal(r.status, 0, r.stderr);
  assertFixed(file);
  const after = statSync(file);
  assert.deepEqual([after.ino, after.uid, after.gid, after.mode], [before.ino, OWNER, GROUP, before.mode]);
  assert.deepEqual(readdirSync(dir), ['docker.rules']);
});
