/**
 * The end-to-end suite's entry: the standard `run(): Promise<void>` module that VS Code's extension
 * host loads as extensionTestsPath, both under code-server (test/e2e/runCodeServer.mjs) and under a
 * downloaded VS Code (test/e2e/runElectron.mjs, @vscode/test-electron). Bundled with mocha by
 * scripts/build-e2e.mjs into dist/test/e2e/suite/index.cjs.
 *
 * Also exports the helpers the test files share (they import them from './index').
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'hie-dossier.hie-dossier';
export const SOURCE = 'hie-dossier';
export const DOSSIER = 'pump/index.md';
export const NOTES = 'notes.md';

/** How long to wait for the language server to publish (first start included). */
export const DIAGNOSTICS_TIMEOUT_MS = Number(process.env.HIE_E2E_DIAGNOSTICS_TIMEOUT_MS ?? 20_000);

/**
 * The test files, in the order they run. scripts/build-e2e.mjs refuses to build when a
 * `*.test.ts` file of this folder is missing from this list. Required lazily, after mocha has
 * installed its globals (describe, it, ...).
 */
function loadTestFiles(): void {
  require('./extension.test');
  require('./diagnostics.test');
  require('./codeActions.test');
  require('./languageFeatures.test');
  require('./settings.test');
  require('./restart.test');
  require('./views.test');
}

/**
 * code-server relays the extension host's console through the workbench's own log, mixed with the
 * workbench's messages. When the runner sets HIE_E2E_RELAY, every line the suite (and mocha)
 * writes is prefixed so that the runner can print exactly those.
 */
function installRelay(): void {
  if (!process.env.HIE_E2E_RELAY) return;
  const prefix = '@@e2e ';
  // The extension host's console forwarder defines console.log & co. (and process.stdout.write,
  // which it turns into console.log calls) as accessors whose setter ignores assignments, so a
  // plain `console.log = ...` does nothing: redefine the property instead.
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    const original = console[method];
    const wrapped = (...args: unknown[]) => original.call(console, prefix + format(...args));
    Object.defineProperty(console, method, { configurable: true, enumerable: true, get: () => wrapped, set: () => {} });
  }
}

export function run(): Promise<void> {
  installRelay();
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.HIE_E2E_TEST_TIMEOUT_MS ?? 60_000),
    slow: 5_000,
  });
  // Mocha's reporters keep the console.log they found when mocha was loaded: hand them ours.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(...args);
  mocha.suite.emit('pre-require', globalThis, 'hie-dossier-e2e', mocha);
  loadTestFiles();
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed.`));
        else resolve();
      });
    } catch (error) {
      reject(error);
    }
  });
}

// ------------------------------------------------------------------------------------ helpers

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder is open: the runner must open test/e2e/fixtures/workspace (a copy of it).');
  return folder.uri;
}

export function fixtureUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

export async function openFixture(relative: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relative));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

/** Activates the extension under test (it activates on Markdown anyway) and returns it. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) {
    throw new Error(
      `Extension ${EXTENSION_ID} is not installed in this editor. Installed non-builtin extensions: ` +
        vscode.extensions.all
          .filter((e) => !e.id.startsWith('vscode.'))
          .map((e) => e.id)
          .join(', '),
    );
  }
  if (!extension.isActive) await extension.activate();
  return extension;
}

export function codeOf(d: vscode.Diagnostic): string {
  if (d.code === undefined) return '';
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

const SEVERITY = ['error', 'warning', 'info', 'hint'];

export function describeDiagnostic(d: vscode.Diagnostic): string {
  const r = d.range;
  return (
    `${codeOf(d) || '(no code)'} ${SEVERITY[d.severity]} ` +
    `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${JSON.stringify(d.message)}`
  );
}

export function describeDiagnostics(list: readonly vscode.Diagnostic[]): string {
  if (list.length === 0) return '  (none)';
  return [...list]
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map((d) => `  ${describeDiagnostic(d)}`)
    .join('\n');
}

/**
 * Polls our diagnostics for `uri` until `predicate` holds; fails with `what` and the diagnostics
 * last seen when it does not within `timeoutMs`.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = DIAGNOSTICS_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = ours(uri);
    if (predicate(current)) return current;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}.\n` +
          `Diagnostics with source '${SOURCE}' last seen:\n${describeDiagnostics(current)}`,
      );
    }
    await sleep(100);
  }
}

/** Waits until the server has published anything for the file (the dossier always has defects). */
export function waitForAnyDiagnostics(uri: vscode.Uri, timeoutMs = DIAGNOSTICS_TIMEOUT_MS) {
  return waitForDiagnostics(uri, (list) => list.length > 0, `the first diagnostics (source '${SOURCE}')`, timeoutMs);
}

export function lineOf(doc: vscode.TextDocument, needle: string, occurrence = 1): number {
  let seen = 0;
  for (let line = 0; line < doc.lineCount; line++) {
    if (doc.lineAt(line).text.includes(needle) && ++seen === occurrence) return line;
  }
  throw new Error(`Fixture problem: ${JSON.stringify(needle)} (occurrence ${occurrence}) not found in ${doc.uri.fsPath}`);
}

/** Reverts the document to its saved content (undoes the tests' unsaved edits). */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  const deadline = Date.now() + 5_000;
  while (doc.isDirty && Date.now() < deadline) await sleep(50);
  if (doc.isDirty) throw new Error(`Could not revert ${doc.uri.fsPath}`);
}

/**
 * Asks the runner for a screenshot of the whole workbench, named `name`.png, and waits until it is
 * taken. Under runCodeServer.mjs the runner sees the console line and acknowledges with a marker
 * file in HIE_E2E_SHOT_ACK_DIR; elsewhere (test-electron) it only logs the line and goes on.
 */
export async function screenshot(name: string, options: { problems?: boolean } = {}): Promise<void> {
  if (options.problems) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(500);
  }
  console.log(`@@screenshot ${name}@@`);
  const ackDir = process.env.HIE_E2E_SHOT_ACK_DIR;
  if (!ackDir) return;
  const marker = path.join(ackDir, `${name}.done`);
  const deadline = Date.now() + 15_000;
  while (!fs.existsSync(marker)) {
    if (Date.now() > deadline) {
      console.warn(`screenshot ${name}: the runner did not acknowledge within 15 s; going on`);
      return;
    }
    await sleep(100);
  }
}
