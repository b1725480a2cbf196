/**
 * The views of the outputs issue, registered by one call from extension.ts: the Explorer tree
 * of dossiers, the overview page and the declaration preview, all fed by the language server.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DeclarationPreview } from './declarationPreview';
import { DOSSIER_VIEW_ID, DossierTreeProvider, type DossierNode } from './dossierTree';
import { OutputsClient } from './outputsClient';
import { OverviewPanel } from './overviewPanel';
import { SummaryModel } from './summaryModel';

export const COMMAND_SHOW_OVERVIEW = 'hieDossier.showOverview';
export const COMMAND_SHOW_DECLARATION = 'hieDossier.showDeclaration';
export const COMMAND_REFRESH_DOSSIERS = 'hieDossier.refreshDossiers';

/** A command's argument: a URI (Explorer, editor title), a tree item, or nothing (the active editor). */
function targetOf(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return argument;
  const node = argument as DossierNode | undefined;
  if (node?.kind === 'dossier') return vscode.Uri.parse(node.dossier.uri);
  return vscode.window.activeTextEditor?.document.uri;
}

export function registerViews(context: vscode.ExtensionContext, client: LanguageClient): void {
  const outputs = new OutputsClient(client);
  const model = new SummaryModel(outputs);
  const tree = new DossierTreeProvider(model);
  const view = vscode.window.createTreeView(DOSSIER_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(view);
  const overview = new OverviewPanel(model);
  const declaration = new DeclarationPreview(outputs, model);
  context.subscriptions.push(
    model,
    tree,
    view,
    overview,
    declaration,
    model.addConsumer(() => view.visible),
    view.onDidChangeVisibility(({ visible }) => {
      if (visible) model.wake();
    }),
    vscode.commands.registerCommand(COMMAND_SHOW_OVERVIEW, () => overview.show()),
    vscode.commands.registerCommand(COMMAND_SHOW_DECLARATION, (argument: unknown) => declaration.show(targetOf(argument))),
    vscode.commands.registerCommand(COMMAND_REFRESH_DOSSIERS, () => model.refresh()),
  );
}
