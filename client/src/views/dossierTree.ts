/**
 * The Explorer view `hieDossier.dossiers`: the workspace's dossiers grouped by device status,
 * each with its errors, warnings and ER coverage; selecting a dossier opens its index.
 */
import * as vscode from 'vscode';
import type { DossierSummary, WorkspaceSummary } from '../../../server/src/languageservice/outputs/protocol';
import type { SummaryModel } from './summaryModel';
import { dossierDescription, dossierTooltipLines, groupByStatus, healthOf, type StatusGroup } from './treeModel';

export const DOSSIER_VIEW_ID = 'hieDossier.dossiers';
/** `viewItem` of a dossier, for menus contributed in package.json. */
export const DOSSIER_ITEM_CONTEXT = 'hieDossier.dossier';

export type DossierNode = { kind: 'group'; group: StatusGroup } | { kind: 'dossier'; dossier: DossierSummary };

const HEALTH_ICON = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  clean: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
};

export class DossierTreeProvider implements vscode.TreeDataProvider<DossierNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DossierNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private view: vscode.TreeView<DossierNode> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: SummaryModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  attach(view: vscode.TreeView<DossierNode>): void {
    this.view = view;
  }

  async getChildren(node?: DossierNode): Promise<DossierNode[]> {
    if (node?.kind === 'dossier') return [];
    if (node?.kind === 'group') return node.group.dossiers.map((dossier) => ({ kind: 'dossier', dossier }));
    const summary = this.model.current ?? (await this.model.refresh());
    this.showMessage(summary);
    return groupByStatus(summary?.dossiers ?? []).map((group) => ({ kind: 'group', group }));
  }

  getTreeItem(node: DossierNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(`${node.group.label} (${node.group.dossiers.length})`, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `status:${node.group.status}`;
      item.contextValue = 'hieDossier.statusGroup';
      return item;
    }
    const { dossier } = node;
    const item = new vscode.TreeItem(dossier.name, vscode.TreeItemCollapsibleState.None);
    item.id = dossier.uri;
    item.description = dossierDescription(dossier);
    item.tooltip = new vscode.MarkdownString(dossierTooltipLines(dossier).map(escapeMarkdown).join('  \n'));
    item.iconPath = HEALTH_ICON[healthOf(dossier)];
    item.contextValue = DOSSIER_ITEM_CONTEXT;
    item.accessibilityInformation = { label: `${dossier.name}, ${dossierDescription(dossier)}` };
    item.command = { command: 'vscode.open', title: 'Open dossier', arguments: [vscode.Uri.parse(dossier.uri)] };
    return item;
  }

  private showMessage(summary: WorkspaceSummary | undefined): void {
    if (!this.view) return;
    if (!summary) this.view.message = 'Waiting for the HIE Dossier language server…';
    else if (!summary.enabled) this.view.message = 'Checking is turned off (setting hieDossier.enable).';
    else if (summary.dossiers.length === 0) this.view.message = 'No HIE dossiers in this workspace. A dossier is a Markdown file whose frontmatter has a `device` mapping.';
    else this.view.message = undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (char) => `\\${char}`);
}
