// Neovim (Debian's package; 0.7 on Debian 12) as a real LSP client of dist/server.js over stdio:
// init.lua starts the server for a rules.d file, waits for CIS Docker 1.8.0 §1.1.4, applies its
// quick fix, and waits for the diagnostic to go. Neovim 0.7 has no pull diagnostics, so this is
// the server's push path in a real editor. `npm run test:editors` runs it, after finding nvim or
// installing Debian's neovim; run alone without nvim, it fails and says so.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { exampleText, makeRulesDir, ROOT } from '../protocol/harness.mjs';

// The benchmark's own words: CIS Docker Benchmark 1.8.0 §1.1.4 audits /run/containerd with this rule.
const CONTAINERD_FIX = 'Add audit rule for /run/containerd (CIS Docker 1.8.0 §1.1.4)';
const CONTAINERD_RULE = '-a exit,always -F path=/run/containerd -F perm=war -k docker';
const FILE = '30-docker.rules';
// init.lua bounds each of its waits by NVIM_WAIT_MS; the whole run by the test's timeout.
const NVIM_WAIT_MS = 15_000;
const timeout = 60_000;

let nvim;
const set = makeRulesDir();
after(() => {
  if (nvim && nvim.exitCode === null && nvim.signalCode === null) nvim.kill('SIGKILL');
  fs.rmSync(set.root, { recursive: true, force: true });
});

test('Neovim gets CIS §1.1.4 for a rules.d file, applies its quick fix, and the diagnostic goes', { timeout }, async () => {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.equal(version.error, undefined, `nvim is needed for this test (npm run test:editors installs it, or apt-get install -y neovim): ${version.error?.message}`);

  const result = path.join(set.root, 'result.json');
  nvim = spawn('nvim', ['--headless', '--clean', '-u', path.join(ROOT, 'test/neovim/init.lua'), path.join(set.dir, FILE)], {
    cwd: set.root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      AUDITD_SERVER: path.join(ROOT, 'dist/server.js'),
      AUDITD_NODE: process.execPath,
      AUDITD_NVIM_RESULT: result,
      AUDITD_NVIM_TIMEOUT_MS: String(NVIM_WAIT_MS),
    },
  });
  let stderr = '';
  nvim.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const [code] = await once(nvim, 'exit');

  assert.ok(fs.existsSync(result), `nvim wrote no result (exit ${code}): ${stderr}`);
  const seen = JSON.parse(fs.readFileSync(result, 'utf8'));
  assert.equal(seen.error, undefined, `in Neovim ${seen.nvim}: ${seen.error}`);
  assert.equal(code, 0, stderr);
  assert.ok(seen.before.includes('cis-docker-1.1.4'), `before: ${seen.before}`);
  assert.ok(seen.actions.includes(CONTAINERD_FIX), `actions: ${seen.actions}`);
  assert.ok(!seen.after.includes('cis-docker-1.1.4'), `after: ${seen.after}`);
  // The fix added the rule once and kept every line that was there (the file itself is not saved).
  const before = exampleText(FILE).replace(/\n$/, '').split('\n');
  assert.deepEqual(seen.lines.filter((l) => l !== CONTAINERD_RULE), before);
  assert.equal(seen.lines.filter((l) => l === CONTAINERD_RULE).length, 1);
});
