/**
 * The command `hieDossier.showDeclaration`: a preview of the public declaration of the dossier
 * the active file belongs to, as the server renders it (the same HTML as
 * `hie-dossier declaration --format html`, marked DRAFT while the dossier has errors). The
 * webview runs no script; its Content-Security-Policy allows only the nonce'd style sheet.
 */
import * as vscode from 'vscode';
import type { OutputsClient } from './outputsClient';
import { newNonce } from './overviewPanel';
import type { SummaryModel } from './summaryModel';

export const DECLARATION_VIEW_TYPE = 'hieDossier.declaration';

export class DeclarationPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The file the preview was asked for (the index or one of its parts). */
  private source: vscode.Uri | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: OutputsClient,
    model: SummaryModel,
  ) {
    // Follow edits: the summary changes whenever the dossier's diagnostics do.
    this.disposables.push(
      model.addConsumer(() => this.panel?.visible ?? false),
      model.onDidChange(() => void this.update()),
    );
  }

  async show(target: vscode.Uri | undefined): Promise<void> {
    if (!target) {
      void vscode.window.showInformationMessage('Open a dossier (a Markdown file with a `device` mapping in its frontmatter) to preview its public declaration.');
      return;
    }
    this.source = target;
    const shown = await this.update(true);
    if (!shown) void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(target)} is not part of an HIE dossier, so it has no public declaration.`);
  }

  /** Renders the declaration for the current source; false when the file belongs to no dossier. */
  private async update(reveal = false): Promise<boolean> {
    if (!this.source || (!reveal && !this.panel)) return false;
    const nonce = newNonce();
    const result = await this.client.declaration(this.source, nonce);
    if (!result?.indexUri || result.content === null) return false;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(DECLARATION_VIEW_TYPE, result.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableCommandUris: false,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else if (reveal) this.panel.reveal(vscode.ViewColumn.Beside, true);
    this.panel.title = result.title;
    this.panel.webview.html = result.content;
    return true;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
