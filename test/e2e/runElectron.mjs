#!/usr/bin/env node
// Runs the same end-to-end suite in a desktop VS Code downloaded by @vscode/test-electron.
// Needs a machine that can download VS Code (not the CI machines here: use runCodeServer.mjs there).
//
//   npm run build && node scripts/build-e2e.mjs && node test/e2e/runElectron.mjs
//   VSCODE_VERSION=stable node test/e2e/runElectron.mjs      (default: 1.100.3, as code-server 4.100.3)
//   (Linux without a display: xvfb-run -a node test/e2e/runElectron.mjs)
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const base = mkdtempSync(path.join(tmpdir(), 'hie-e2e-electron-'));
const workspace = path.join(base, 'workspace');
cpSync(path.join(root, 'test/e2e/fixtures/workspace'), workspace, { recursive: true });
mkdirSync(path.join(base, 'user/User'), { recursive: true });
writeFileSync(
  path.join(base, 'user/User/settings.json'),
  JSON.stringify({ 'files.autoSave': 'off', 'workbench.startupEditor': 'none', 'extensions.autoUpdate': false }),
);

try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'dist/test/e2e/suite/index.cjs'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(base, 'user')],
    extensionTestsEnv: { HIE_E2E_MODE: 'development', HIE_E2E_EXTENSION_DIR: root },
  });
} catch (error) {
  console.error(`runElectron: the suite failed or VS Code could not be started: ${error?.message ?? error}`);
  process.exit(1);
}
