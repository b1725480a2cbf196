/**
 * The VS Code client: starts the language server and passes settings through. Everything about
 * dossiers happens in the server, so other editors get the same behaviour.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../shared/src/settings';
import { createRestartPolicy } from './restartPolicy';
import { registerViews } from './views';

let client: LanguageClient | undefined;
const restartPolicy = createRestartPolicy((message) => void vscode.window.showWarningMessage(message));

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.cjs'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    synchronize: { configurationSection: SETTINGS_SECTION },
    // A function, so a restart sends the current settings and trust (see workspaceTrust.ts in the server).
    initializationOptions: () => ({ settings: vscode.workspace.getConfiguration(SETTINGS_SECTION), workspaceTrusted: vscode.workspace.isTrusted }),
    // A crashed server is restarted (the documents and their unsaved edits are re-sent), the user told once.
    errorHandler: {
      error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: () => {
        const decision = restartPolicy.serverClosed();
        return decision.restart ? { action: CloseAction.Restart, handled: true } : { action: CloseAction.DoNotRestart, message: decision.message ?? '' };
      },
    },
    diagnosticCollectionName: 'hie-dossier',
  };
  return new LanguageClient('hieDossier', 'HIE Dossier', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  registerViews(context, client);
  context.subscriptions.push(
    vscode.commands.registerCommand('hieDossier.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('hieDossier.showOutput', () => client?.outputChannel.show()),
    // Settings that point outside the workspace were ignored while it was untrusted: start again with them.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
