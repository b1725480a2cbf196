#!/usr/bin/env node
// Runs the end-to-end suite (dist/test/e2e/suite/index.cjs) inside a real VS Code: code-server
// (VS Code 1.100.3 with a Node extension host) driven by headless Chromium through playwright-core.
//
//   node test/e2e/runCodeServer.mjs [--vsix path/to.vsix] [--screenshots dir] [--timeout seconds]
//                                   [--extension dir] [--tests file] [--workspace dir] [--keep]
//
// Default: the extension under test is the repository itself (extensionDevelopmentPath = repo root).
// With --vsix: the VSIX is installed into a fresh extensions folder with `code-server
// --install-extension`, and extensionDevelopmentPath points at a stub folder that only hosts the
// tests, so the extension that runs is the packaged one (the suite checks its extensionPath).
//
// Screenshots: when the suite logs `@@screenshot NAME@@`, this runner saves the page as
// NAME.png in the screenshots folder, then writes the file NAME.done into the folder named by the
// extension host's environment variable HIE_E2E_SHOT_ACK_DIR; the suite waits for that file.
// Options after the name, `@@screenshot NAME option ...@@`:
//   text  also write into NAME.done, as JSON, the text the screenshot shows in the places the
//         extension host cannot read: the side bar's views (rows of each pane) and the editors'
//         webviews (body text of each, with its tab's label), so the suite can assert on them;
//         `settled` says whether that text was the same just before and just after the picture.
//
// Exit status: the suite's (0 passed, 1 failed); 2 timeout; 3 the editor could not be started.
// See test/e2e/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, cpSync, rmSync, readFileSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';

const t0 = Date.now();
const elapsed = (since = t0) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`[e2e] ${message}`);
const timings = [];
const mark = (what, since) => {
  timings.push([what, (Date.now() - since) / 1000]);
  log(`${what}: ${elapsed(since)}`);
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const { values: args } = parseArgs({
  options: {
    vsix: { type: 'string' },
    screenshots: { type: 'string', default: path.join(repoRoot, 'test-output/screenshots') },
    timeout: { type: 'string', default: process.env.HIE_E2E_TIMEOUT ?? '180' },
    extension: { type: 'string', default: repoRoot },
    tests: { type: 'string', default: path.join(repoRoot, 'dist/test/e2e/suite/index.cjs') },
    workspace: { type: 'string', default: path.join(repoRoot, 'test/e2e/fixtures/workspace') },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});

const EXIT_TIMEOUT = 2;
const EXIT_SETUP = 3;
const timeoutMs = Number(args.timeout) * 1000;
const codeServerBin =
  process.env.CODE_SERVER_BIN ?? path.join(repoRoot, '.ci/code-server/node_modules/.bin/code-server');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const extensionDir = path.resolve(args.extension);
const testsPath = path.resolve(args.tests);
const screenshotDir = path.resolve(args.screenshots);
const vsixPath = args.vsix ? path.resolve(args.vsix) : undefined;

function die(message, code = EXIT_SETUP) {
  console.error(`[e2e] ERROR: ${message}`);
  process.exit(code);
}

// ------------------------------------------------------------------ preconditions
if (!existsSync(codeServerBin)) {
  die(`code-server not found at ${codeServerBin}. Run .ci/install-e2e-prereqs.sh first.`);
}
if (!existsSync(chromiumPath)) die(`Chromium not found at ${chromiumPath}. Run .ci/install-e2e-prereqs.sh first.`);
if (!existsSync(testsPath)) die(`compiled suite not found: ${testsPath}. Run node scripts/build-e2e.mjs first.`);
if (!existsSync(args.workspace)) die(`fixture workspace not found: ${args.workspace}`);
if (vsixPath && !existsSync(vsixPath)) die(`VSIX not found: ${vsixPath}. Run npm run package first.`);
if (!vsixPath && !existsSync(path.join(extensionDir, 'package.json'))) die(`no package.json in ${extensionDir}`);
if (!vsixPath) {
  const main = JSON.parse(readFileSync(path.join(extensionDir, 'package.json'), 'utf8')).main;
  if (main && !existsSync(path.join(extensionDir, main))) {
    die(`the extension's main ${main} does not exist in ${extensionDir}. Run npm run build first.`);
  }
}

let playwright;
try {
  playwright = await import('playwright-core');
} catch {
  die('playwright-core is not installed (it is a devDependency: run npm ci).');
}

// ------------------------------------------------------------------ fresh folders
const base = mkdtempSync(path.join(tmpdir(), 'hie-e2e-'));
const dirs = {
  user: path.join(base, 'user'),
  ext: path.join(base, 'ext'),
  config: path.join(base, 'xdg/config'),
  data: path.join(base, 'xdg/data'),
  cache: path.join(base, 'xdg/cache'),
  state: path.join(base, 'xdg/state'),
  ws: path.join(base, 'workspace'),
  stub: path.join(base, 'test-host'),
  ack: path.join(base, 'screenshot-acks'),
};
for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
mkdirSync(screenshotDir, { recursive: true });
cpSync(args.workspace, dirs.ws, { recursive: true });
mkdirSync(path.join(dirs.user, 'User'), { recursive: true });
writeFileSync(
  path.join(dirs.user, 'User/settings.json'),
  JSON.stringify(
    {
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'workbench.startupEditor': 'none',
      'workbench.enableExperiments': false,
      'workbench.tips.enabled': false,
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'security.workspace.trust.enabled': false,
      'git.enabled': false,
      'git.openRepositoryInParentFolders': 'never',
      'chat.commandCenter.enabled': false,
      'window.confirmBeforeClose': 'never',
      // VS Code for the web (code-server) saves after a delay by default; the tests edit
      // documents and rely on them staying dirty (unsaved) until reverted.
      'files.autoSave': 'off',
    },
    null,
    2,
  ),
);

const env = {
  ...process.env,
  XDG_CONFIG_HOME: dirs.config,
  XDG_DATA_HOME: dirs.data,
  XDG_CACHE_HOME: dirs.cache,
  XDG_STATE_HOME: dirs.state,
  // Read by the suite (the extension host inherits code-server's environment).
  HIE_E2E_SHOT_ACK_DIR: dirs.ack,
  HIE_E2E_MODE: vsixPath ? 'vsix' : 'development',
  HIE_E2E_EXTENSIONS_DIR: dirs.ext,
  HIE_E2E_EXTENSION_DIR: vsixPath ? '' : extensionDir,
  HIE_E2E_RELAY: '1',
  // No extension gallery: this machine has no route to one, and the tests need none.
  EXTENSIONS_GALLERY: '{}',
};
delete env.VSCODE_IPC_HOOK_CLI;
const commonFlags = ['--user-data-dir', dirs.user, '--extensions-dir', dirs.ext];

let codeServer;
let browser;
let cleanedUp = false;

async function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  const t = Date.now();
  try {
    await browser?.close();
  } catch {
    /* already gone */
  }
  if (codeServer?.pid) {
    // code-server runs in its own process group; extension hosts and language servers are in it.
    const group = -codeServer.pid;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      /* gone */
    }
    for (let i = 0; i < 30; i++) {
      try {
        process.kill(group, 0);
      } catch {
        break;
      }
      await sleep(100);
    }
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  if (!args.keep) rmSync(base, { recursive: true, force: true });
  else log(`kept ${base}`);
  mark('stop', t);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    log(`${sig}: stopping`);
    await cleanup();
    process.exit(130);
  });
}

async function main() {
  // ---------------------------------------------------------------- install the VSIX / stub host
  let developmentPath = extensionDir;
  if (vsixPath) {
    const t = Date.now();
    const r = spawnSync(codeServerBin, [...commonFlags, '--install-extension', vsixPath], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    if (r.status !== 0) throw Object.assign(new Error(`code-server --install-extension ${vsixPath} failed`), { exit: EXIT_SETUP });
    mark('install VSIX', t);
    // A minimal extension that contributes nothing: it only makes this window an extension
    // development host, so that the workbench runs extensionTestsPath. Its id differs from the
    // extension under test, so the installed VSIX is what gets activated.
    writeFileSync(
      path.join(dirs.stub, 'package.json'),
      JSON.stringify(
        {
          name: 'hie-dossier-e2e-test-host',
          publisher: 'hie-dossier-tests',
          version: '0.0.0',
          engines: { vscode: '^1.100.0' },
          activationEvents: [],
          contributes: {},
        },
        null,
        2,
      ),
    );
    developmentPath = dirs.stub;
  }

  // ---------------------------------------------------------------- code-server
  const tStart = Date.now();
  const port = await freePort();
  const serverLog = path.join(base, 'code-server.log');
  const logFd = openSync(serverLog, 'a');
  codeServer = spawn(
    codeServerBin,
    [
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...commonFlags,
      '--bind-addr', `127.0.0.1:${port}`,
      dirs.ws,
    ],
    { env, detached: true, stdio: ['ignore', logFd, logFd] },
  );
  let serverExited = null;
  const serverGone = new Promise((resolve) => {
    codeServer.on('exit', (code, signal) => {
      serverExited = { code, signal };
      resolve('server-exited');
    });
  });

  const healthDeadline = Date.now() + 30_000;
  for (;;) {
    if (serverExited) {
      throw Object.assign(
        new Error(`code-server exited during start (${JSON.stringify(serverExited)}):\n${readFileSync(serverLog, 'utf8')}`),
        { exit: EXIT_SETUP },
      );
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > healthDeadline) {
      throw Object.assign(new Error(`code-server did not answer /healthz in 30 s:\n${readFileSync(serverLog, 'utf8')}`), {
        exit: EXIT_SETUP,
      });
    }
    await sleep(100);
  }
  mark(`code-server ready on 127.0.0.1:${port}`, tStart);

  // ---------------------------------------------------------------- browser
  const tBrowser = Date.now();
  browser = await playwright.chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  mark('browser started', tBrowser);

  let resolveExit;
  const exitCode = new Promise((resolve) => {
    resolveExit = resolve;
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    resolveExit(typeof code === 'number' ? code : 1);
  });

  // Screenshots are taken one after the other, in the order the suite asks for them.
  let shots = Promise.resolve();
  const takeShot = (name, options) => {
    shots = shots.then(async () => {
      const withText = options.includes('text');
      const file = path.join(screenshotDir, `${name}.png`);
      let ack = '';
      try {
        // With `text`, the text is read before and after the picture: when both agree, the
        // picture shows that text (`settled`); otherwise the suite asks again.
        const before = withText ? JSON.stringify(await shownText(page)) : '';
        await page.screenshot({ path: file });
        log(`screenshot ${path.relative(process.cwd(), file) || file}`);
        if (withText) {
          const shown = await shownText(page);
          ack = JSON.stringify({ ...shown, settled: JSON.stringify(shown) === before });
        }
      } catch (error) {
        log(`screenshot ${name} failed: ${error.message}`);
        if (withText) ack = JSON.stringify({ panes: [], webviews: [], settled: false, error: `screenshot or text failed: ${error.message}` });
      }
      writeFileSync(path.join(dirs.ack, `${name}.done`), ack);
    });
  };

  // Console messages are handled one after the other so that output keeps its order.
  let consoleQueue = Promise.resolve();
  let lastConsoleAt = Date.now();
  page.on('console', (msg) => {
    lastConsoleAt = Date.now();
    consoleQueue = consoleQueue.then(() => relayConsole(msg, takeShot)).catch(() => {});
  });
  page.on('pageerror', (error) => {
    log(`page error: ${error.message}`);
  });

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p.split(path.sep).join('/')}`;
  const payload = [
    ['extensionDevelopmentPath', remote(developmentPath)],
    ['extensionTestsPath', remote(testsPath)],
  ];
  const url =
    `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.ws)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log(`mode: ${vsixPath ? `VSIX ${path.relative(process.cwd(), vsixPath)}` : `development (${extensionDir})`}`);
  const tSuite = Date.now();
  await page.goto(url);

  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs - (Date.now() - t0)));
  });
  const result = await Promise.race([exitCode, timedOut, serverGone]);
  if (result === 'server-exited') {
    clearTimeout(timer);
    throw Object.assign(
      new Error(`code-server exited during the suite (${JSON.stringify(serverExited)}):\n${readFileSync(serverLog, 'utf8')}`),
      { exit: EXIT_SETUP },
    );
  }
  clearTimeout(timer);
  // The exit call can overtake the last console messages (mocha's failure report): let them drain.
  for (let quietSince = lastConsoleAt, i = 0; i < 30; i++) {
    await sleep(100);
    await consoleQueue;
    if (lastConsoleAt === quietSince && Date.now() - lastConsoleAt > 300) break;
    quietSince = lastConsoleAt;
  }
  await shots;
  if (result === 'timeout') {
    try {
      await page.screenshot({ path: path.join(screenshotDir, 'timeout.png') });
      log(`screenshot of the state at the timeout: ${path.join(screenshotDir, 'timeout.png')}`);
    } catch {
      /* ignore */
    }
    const tail = readFileSync(serverLog, 'utf8').split('\n').slice(-30).join('\n');
    throw Object.assign(
      new Error(
        `the suite did not finish within ${args.timeout} s (overall timeout, --timeout). ` +
          `Last lines of code-server's log:\n${tail}`,
      ),
      { exit: EXIT_TIMEOUT },
    );
  }
  mark(`suite (exit code ${result})`, tSuite);
  return result;
}

// In extension-test mode the workbench logs what the extension host writes to console and
// process.stdout/stderr through its own log service: console arguments ('%c INFO', 'color: #33f',
// ...the original arguments). The suite (index.ts) prefixes everything it and mocha write with
// RELAY_PREFIX when HIE_E2E_RELAY is set, so this runner relays exactly the suite's output, plus
// the workbench's errors; everything else only with HIE_E2E_DEBUG_CONSOLE=1.
const RELAY_PREFIX = '@@e2e ';
const relayed = new Set();
const NOISE = /Failed to load resource|ERR_NAME_NOT_RESOLVED|ERR_CONNECTION_REFUSED/;
async function relayConsole(msg, takeShot) {
  let values;
  try {
    values = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => String(a))));
  } catch {
    values = [];
  }
  if (values.length === 0) values = [msg.text()];
  let level = msg.type();
  if (typeof values[0] === 'string' && /^%c\s*(TRACE|DEBUG|INFO|WARN|ERR)\b/.test(values[0])) {
    level = values[0].replace('%c', '').trim();
    values = values.slice(2);
  }
  const text = format(...values);
  if (process.env.HIE_E2E_DEBUG_CONSOLE) process.stdout.write(`[console ${level}] ${text}\n`);
  const shot = /@@screenshot ([\w.-]+)((?: [\w=-]+)*)@@/.exec(text);
  if (shot) takeShot(shot[1], shot[2].trim().split(' ').filter(Boolean));
  if (process.env.HIE_E2E_DEBUG_CONSOLE) return;
  const at = text.indexOf(RELAY_PREFIX);
  if (at >= 0) {
    const line = text.slice(at + RELAY_PREFIX.length).replace(/\n$/, '');
    relayed.add(line.trim());
    process.stdout.write(`${line}\n`);
  } else if ((level === 'ERR' || level === 'error') && !NOISE.test(text) && !relayed.has(text.trim())) {
    // (The workbench repeats the suite's rejection as an error: printed once, above.)
    process.stdout.write(`[workbench error] ${text}\n`);
  }
}

// What a `text` screenshot shows, read from the DOM (the workbench's and the webviews' frames):
//   { panes: [{ title, expanded, rows: [aria-label or text of each tree/list row] }],
//     webviews: [{ tab, visible, text }] }   (takeShot adds `settled`)
// Webview content lives in nested frames (outer iframe per webview, inner `active-frame` with the
// extension's HTML); the tab is the active tab of the editor group the webview is shown over.
async function shownText(page) {
  const panes = await page.$$eval('.part.sidebar .pane', (elements) =>
    elements.map((pane) => ({
      title: pane.querySelector('.pane-header .title')?.textContent?.trim() ?? '',
      expanded: pane.querySelector('.pane-header')?.getAttribute('aria-expanded') === 'true',
      rows: [...pane.querySelectorAll('.monaco-list-row')].map((row) => (row.getAttribute('aria-label') ?? row.textContent ?? '').trim()),
    })),
  );
  const webviews = [];
  for (const frame of page.frames()) {
    if (frame.name() !== 'active-frame' && !/\/fake\.html/.test(frame.url())) continue;
    const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
    const outer = await frame.parentFrame()?.frameElement().catch(() => null);
    const box = outer ? await outer.boundingBox().catch(() => null) : null;
    const visible = outer ? await outer.isVisible().catch(() => false) : false;
    // The editor group under the webview's centre, and its active tab's label.
    const tab = box
      ? await page.evaluate(({ x, y }) => {
          for (const group of document.querySelectorAll('.editor-group-container')) {
            const r = group.getBoundingClientRect();
            if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) {
              return group.querySelector('.tab.active')?.getAttribute('aria-label') ?? '';
            }
          }
          return '';
        }, { x: box.x + box.width / 2, y: box.y + box.height / 2 })
      : '';
    webviews.push({ tab, visible: visible && !!box && box.width > 0 && box.height > 0, text });
  }
  return { panes, webviews };
}

let code;
try {
  code = await main();
} catch (error) {
  console.error(`[e2e] ERROR: ${error.message}`);
  code = error.exit ?? EXIT_SETUP;
}
await cleanup();
log(`total: ${elapsed()}`);
log(`timings: ${timings.map(([w, s]) => `${w} ${s.toFixed(1)} s`).join('; ')}`);
log(code === 0 ? 'PASSED' : `FAILED (exit ${code})`);
process.exit(code);
