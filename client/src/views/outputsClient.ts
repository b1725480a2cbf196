/**
 * The client's side of the custom requests in protocol.ts: it asks the language server (which
 * owns every dossier fact) and waits for the server to be running, so views created before it
 * starts, or while it restarts, simply get their data a little later.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  DECLARATION_REQUEST,
  WORKSPACE_SUMMARY_REQUEST,
  type DeclarationParams,
  type DeclarationResult,
  type WorkspaceSummary,
  type WorkspaceSummaryParams,
} from '../../../server/src/languageservice/outputs/protocol';

const START_TIMEOUT_MS = 30_000;

export class OutputsClient {
  constructor(private readonly client: LanguageClient) {}

  /** Fires each time the server (re)starts, so views fetch fresh data. */
  onDidStart(listener: () => void): vscode.Disposable {
    return this.client.onDidChangeState((change) => {
      if (change.newState === State.Running) listener();
    });
  }

  private ready(): Promise<boolean> {
    if (this.client.isRunning()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        subscription.dispose();
        resolve(false);
      }, START_TIMEOUT_MS);
      const subscription = this.client.onDidChangeState((change) => {
        if (change.newState !== State.Running) return;
        clearTimeout(timer);
        subscription.dispose();
        resolve(true);
      });
    });
  }

  async workspaceSummary(): Promise<WorkspaceSummary | undefined> {
    if (!(await this.ready())) return undefined;
    const params: WorkspaceSummaryParams = { folders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString()) };
    try {
      return await this.client.sendRequest<WorkspaceSummary>(WORKSPACE_SUMMARY_REQUEST, params);
    } catch (error) {
      this.client.outputChannel.appendLine(`hie-dossier: workspace summary failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  async declaration(uri: vscode.Uri, nonce: string): Promise<DeclarationResult | undefined> {
    if (!(await this.ready())) return undefined;
    const params: DeclarationParams = { uri: uri.toString(), format: 'html', draft: 'whenBlocked', nonce };
    try {
      return await this.client.sendRequest<DeclarationResult>(DECLARATION_REQUEST, params);
    } catch (error) {
      this.client.outputChannel.appendLine(`hie-dossier: declaration failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
}
