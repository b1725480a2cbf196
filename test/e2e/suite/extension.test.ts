import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DOSSIER, EXTENSION_ID, activateExtension, fixtureUri, openFixture, waitForAnyDiagnostics } from './index';

describe('the extension in a real VS Code', () => {
  it('is installed from the expected place (sources or the packaged VSIX)', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
    const mode = process.env.HIE_E2E_MODE;
    const extensionPath = path.resolve(extension.extensionPath);
    console.log(`      mode ${mode ?? '(not set: launched outside runCodeServer.mjs)'}; extensionPath ${extensionPath}`);
    if (mode === 'vsix') {
      const extensionsDir = path.resolve(process.env.HIE_E2E_EXTENSIONS_DIR ?? '');
      assert.ok(
        extensionPath.startsWith(extensionsDir + path.sep),
        `expected the packaged extension from ${extensionsDir}, but it was loaded from ${extensionPath}`,
      );
    } else if (mode === 'development') {
      assert.equal(extensionPath, path.resolve(process.env.HIE_E2E_EXTENSION_DIR ?? ''), 'expected the extension from the sources');
    }
  });

  it('activates on a Markdown file and starts its language server', async () => {
    await openFixture(DOSSIER);
    const extension = await activateExtension();
    assert.ok(extension.isActive, 'the extension did not activate');
    await waitForAnyDiagnostics(fixtureUri(DOSSIER));
  });

  it('contributes and registers the hieDossier.restartServer command', async () => {
    const extension = await activateExtension();
    const contributed = ((extension.packageJSON?.contributes?.commands ?? []) as { command: string }[]).map((c) => c.command);
    assert.ok(
      contributed.includes('hieDossier.restartServer'),
      `package.json contributes.commands lacks hieDossier.restartServer (has: ${contributed.join(', ') || 'none'})`,
    );
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes('hieDossier.restartServer'), 'the command hieDossier.restartServer is not registered at run time');
  });
});
