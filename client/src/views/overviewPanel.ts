/**
 * The command `hieDossier.showOverview`: a webview with the ER coverage of every dossier and the
 * list of open problems, re-rendered when the workspace summary changes. The page's only script
 * asks to open a location; the extension opens it only if the summary knows that file.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { WorkspaceSummary } from '../../../server/src/languageservice/outputs/protocol';
import { isOpenLocationMessage, renderOverviewPage } from './overviewPage';
import type { SummaryModel } from './summaryModel';

export const OVERVIEW_VIEW_TYPE = 'hieDossier.overview';

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

export class OverviewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private shown: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly model: SummaryModel) {
    this.disposables.push(
      model.addConsumer(() => this.panel?.visible ?? false),
      model.onDidChange((summary) => this.render(summary)),
    );
  }

  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal();
    } else {
      this.panel = vscode.window.createWebviewPanel(OVERVIEW_VIEW_TYPE, 'HIE Dossiers Overview', vscode.ViewColumn.Active, {
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [],
      });
      this.shown = undefined;
      this.panel.webview.html = renderOverviewPage(this.model.current, newNonce());
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.onDidChangeViewState(() => {
        if (this.panel?.visible) this.model.wake();
      });
      this.panel.webview.onDidReceiveMessage((message: unknown) => this.open(message));
    }
    const summary = await this.model.refresh();
    if (summary) this.render(summary);
  }

  private render(summary: WorkspaceSummary): void {
    if (!this.panel) return;
    // Re-rendering resets the scroll position: only do it when something changed.
    const key = JSON.stringify(summary);
    if (key === this.shown) return;
    this.shown = key;
    this.panel.webview.html = renderOverviewPage(summary, newNonce());
  }

  private async open(message: unknown): Promise<void> {
    if (!isOpenLocationMessage(message)) return;
    const known = this.model.current?.dossiers.some((d) => d.uri === message.uri || d.problems.some((p) => p.uri === message.uri)) ?? false;
    if (!known) return;
    const position = new vscode.Position(message.line, message.character);
    await vscode.window.showTextDocument(vscode.Uri.parse(message.uri), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
