/**
 * The workspace summary shared by the tree view and the overview page: fetched from the server
 * when one of them is visible, and fetched again (debounced) when diagnostics change, a Markdown
 * document is edited, Markdown files are created or deleted, the workspace folders change or the
 * server restarts. While nothing shows it, changes only mark it stale, so a hidden view costs
 * nothing.
 */
import * as vscode from 'vscode';
import type { WorkspaceSummary } from '../../../server/src/languageservice/outputs/protocol';
import type { OutputsClient } from './outputsClient';

const DEBOUNCE_MS = 400;
/** Typing waits longer: each summary re-checks every dossier of the workspace on the server. */
const TYPING_DEBOUNCE_MS = 1000;

export class SummaryModel implements vscode.Disposable {
  private latest: WorkspaceSummary | undefined;
  private stale = true;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<WorkspaceSummary | undefined> | undefined;
  private again = false;
  private readonly consumers = new Set<() => boolean>();
  private readonly emitter = new vscode.EventEmitter<WorkspaceSummary>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  readonly onDidChange = this.emitter.event;

  constructor(private readonly source: OutputsClient) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{md,markdown}', false, true, false);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.schedule()),
      watcher.onDidDelete(() => this.schedule()),
      vscode.languages.onDidChangeDiagnostics(() => this.schedule()),
      // An edit that changes no diagnostic (a device renamed) still changes what the views show.
      vscode.workspace.onDidChangeTextDocument((change) => {
        if (change.document.languageId === 'markdown' && change.contentChanges.length > 0) this.schedule(TYPING_DEBOUNCE_MS);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()),
      source.onDidStart(() => this.schedule()),
    );
  }

  get current(): WorkspaceSummary | undefined {
    return this.latest;
  }

  /** Registers a view; `isVisible` says whether it currently shows the summary. */
  addConsumer(isVisible: () => boolean): vscode.Disposable {
    this.consumers.add(isVisible);
    return new vscode.Disposable(() => this.consumers.delete(isVisible));
  }

  /** A consumer became visible: bring the summary up to date if anything changed meanwhile. */
  wake(): void {
    if (this.stale || !this.latest) this.schedule(0);
  }

  schedule(delay = DEBOUNCE_MS): void {
    this.stale = true;
    if (![...this.consumers].some((isVisible) => isVisible())) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  /** Fetches now (or joins the fetch under way, then fetches once more if changes came in). */
  refresh(): Promise<WorkspaceSummary | undefined> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.stale = false;
    this.inFlight = this.source.workspaceSummary().then((summary) => {
      this.inFlight = undefined;
      if (summary) {
        this.latest = summary;
        this.emitter.fire(summary);
      }
      if (this.again) {
        this.again = false;
        this.schedule();
      }
      return summary;
    });
    return this.inFlight;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
