/**
 * The VS Code client: starts the language server and passes settings through. Everything about
 * dossiers happens in the server, so other editors get the same behaviour.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../shared/src/settings';
import { registerViews } from './views';

let client: LanguageClient | undefined;

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
    initializationOptions: { settings: vscode.workspace.getConfiguration(SETTINGS_SECTION) },
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
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
