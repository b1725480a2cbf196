import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DossierSummary, WorkspaceSummary } from '../../../server/src/languageservice/outputs/protocol';
import {
  DIAGNOSTICS_TIMEOUT_MS,
  DOSSIER,
  activateExtension,
  codeOf,
  fixtureUri,
  lineOf,
  openFixture,
  ours,
  revert,
  sleep,
  waitForAnyDiagnostics,
  waitForDiagnostics,
  workspaceRoot,
} from './index';

/**
 * The views of the outputs issue in the real workbench: the Explorer tree `hieDossier.dossiers`,
 * the overview page (`hieDossier.showOverview`) and the declaration preview
 * (`hieDossier.showDeclaration`).
 *
 * Two observations, because the extension host cannot read another extension's tree items or a
 * webview's content:
 * - the data the views render: `hieDossier.refreshDossiers` (the tree's refresh button) returns
 *   the workspace summary it fetched, the same object the tree and the overview are drawn from;
 * - what the workbench shows: screenshots taken with the runner's `text` option, for which
 *   runCodeServer.mjs also writes the side bar's rows and the webviews' text into the
 *   acknowledgement file. The after-edit check reads only these, never refreshing, so it fails
 *   if the views do not update by themselves.
 */

const VIEW_ID = 'hieDossier.dossiers';
const VIEW_TITLE = 'HIE Dossiers';
const OVERVIEW_TITLE = 'HIE Dossiers Overview';
const OVERVIEW_VIEW_TYPE = 'hieDossier.overview';
const DECLARATION_VIEW_TYPE = 'hieDossier.declaration';

/** From the fixture's frontmatter (fixtures/workspace/pump/index.md). */
const FIXTURE_DEVICE = {
  name: 'Syringe Pump Rate Calculator',
  code: 'RXH-SW-0107',
  version: '1.4.0',
  institution: 'Example NHS Foundation Trust',
  status: 'in-use',
  statusGroup: 'In use (1)',
};

/** Steps of `workbench.action.increaseViewSize` (60 px each) that make the side bar wide enough for a row. */
const SIDEBAR_WIDER_STEPS = 3;

/** How long a view may take to show a change (the summary is debounced 0.4 s to 1 s, then re-checked). */
const VIEW_UPDATE_TIMEOUT_MS = Math.max(DIAGNOSTICS_TIMEOUT_MS, 15_000);

// ------------------------------------------------------------------ what the workbench shows

interface ShownPane {
  title: string;
  expanded: boolean;
  rows: string[];
}
interface ShownWebview {
  tab: string;
  visible: boolean;
  text: string;
}
interface Shown {
  panes: ShownPane[];
  webviews: ShownWebview[];
  /** The text was the same just before and just after the picture, so the picture shows it. */
  settled: boolean;
  error?: string;
}

function describeShown(shown: Shown | undefined): string {
  if (!shown) return '  (nothing read)';
  if (shown.error) return `  ${shown.error}`;
  const panes = shown.panes.map((p) => `  pane ${JSON.stringify(p.title)} ${p.expanded ? 'expanded' : 'collapsed'}: ${JSON.stringify(p.rows)}`);
  const webviews = shown.webviews.map(
    (w) => `  webview under tab ${JSON.stringify(w.tab)} ${w.visible ? 'visible' : 'hidden'}: ${JSON.stringify(w.text.slice(0, 600))}`,
  );
  return [...panes, ...webviews].join('\n') || '  (no panes, no webviews)';
}

/**
 * Asks the runner for screenshot `name` with the text it shows, until `check` (which returns what
 * is still wrong, or undefined) passes; each attempt replaces the picture, so the one kept is the
 * one that passed. Returns undefined without checking when no runner acknowledges screenshots
 * (runElectron.mjs): the text can only be read through code-server's page.
 */
async function screenshotShowing(name: string, check: (shown: Shown) => string | undefined, timeoutMs = VIEW_UPDATE_TIMEOUT_MS): Promise<Shown | undefined> {
  const ackDir = process.env.HIE_E2E_SHOT_ACK_DIR;
  if (!ackDir) {
    console.log(`@@screenshot ${name}@@`);
    console.log(`      (no HIE_E2E_SHOT_ACK_DIR: what ${name} shows is not checked)`);
    return undefined;
  }
  const marker = path.join(ackDir, `${name}.done`);
  const deadline = Date.now() + timeoutMs;
  let last: Shown | undefined;
  let problem = 'nothing read yet';
  for (let attempt = 1; ; attempt++) {
    fs.rmSync(marker, { force: true });
    console.log(`@@screenshot ${name} text@@`);
    const ackDeadline = Date.now() + 15_000;
    while (!fs.existsSync(marker)) {
      if (Date.now() > ackDeadline) throw new Error(`screenshot ${name}: the runner did not acknowledge within 15 s`);
      await sleep(100);
    }
    last = JSON.parse(fs.readFileSync(marker, 'utf8') || '{"panes":[],"webviews":[],"settled":false,"error":"the runner wrote no text"}') as Shown;
    const wrong = last.error ?? check(last) ?? (last.settled ? undefined : 'the page changed while the picture was taken');
    if (wrong === undefined) {
      if (attempt > 1) console.log(`      ${name}: as expected at attempt ${attempt}`);
      return last;
    }
    problem = wrong;
    if (Date.now() > deadline) break;
    await sleep(500);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for screenshot ${name} to show what it should: ${problem}\nWhat it showed:\n${describeShown(last)}`);
}

function dossierPane(shown: Shown): ShownPane | undefined {
  return shown.panes.find((p) => p.title.toUpperCase() === VIEW_TITLE.toUpperCase());
}

function visibleWebview(shown: Shown, tabIncludes: string): ShownWebview | undefined {
  return shown.webviews.find((w) => w.visible && w.tab.includes(tabIncludes));
}

// ------------------------------------------------------------------ what the views are drawn from

/** The summary the views show, fetched now through the tree's refresh command. */
async function refreshedSummary(): Promise<WorkspaceSummary | undefined> {
  return vscode.commands.executeCommand<WorkspaceSummary | undefined>('hieDossier.refreshDossiers');
}

async function waitForSummary(predicate: (summary: WorkspaceSummary) => boolean, what: string): Promise<WorkspaceSummary> {
  const deadline = Date.now() + VIEW_UPDATE_TIMEOUT_MS;
  let last: WorkspaceSummary | undefined;
  for (;;) {
    last = await refreshedSummary();
    if (last && predicate(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Last summary: ${JSON.stringify(last, undefined, 1)?.slice(0, 2000)}`);
    await sleep(300);
  }
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Our diagnostics of every file of the pump folder, as the Problems panel has them. */
function pumpDiagnostics(): vscode.Diagnostic[] {
  const folder = vscode.Uri.joinPath(workspaceRoot(), 'pump').toString() + '/';
  return vscode.languages
    .getDiagnostics()
    .filter(([uri]) => uri.toString().startsWith(folder))
    .flatMap(([uri]) => ours(uri));
}

function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(viewType));
}

/** The extension host learns about new tabs a moment after the panel is created. */
async function waitForWebviewTab(viewType: string, predicate: (tab: vscode.Tab) => boolean, what: string): Promise<vscode.Tab> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const tabs = webviewTabs(viewType);
    const tab = tabs.find(predicate);
    if (tabs.length === 1 && tab) return tab;
    if (Date.now() > deadline) {
      const all = vscode.window.tabGroups.all.map((g) => `group ${g.viewColumn}: ${g.tabs.map((t) => JSON.stringify(t.label) + (t.isActive ? ' (active)' : '')).join(', ')}`);
      throw new Error(`Timed out waiting for ${what} (${tabs.length} tab(s) of view type ${viewType}). Tabs:\n  ${all.join('\n  ')}`);
    }
    await sleep(100);
  }
}

/** What the tree row of a dossier must say: its name, ER coverage and problem counts. */
function treeRowProblems(row: string | undefined, dossier: DossierSummary): string | undefined {
  if (row === undefined) return `no row for ${dossier.name}`;
  const expected = [
    dossier.name,
    `${dossier.coverage.addressed}/${dossier.coverage.applicable}`,
    plural(dossier.errors, 'error'),
    plural(dossier.warnings, 'warning'),
  ];
  const absent = expected.filter((text) => !row.includes(text));
  return absent.length === 0 ? undefined : `the row ${JSON.stringify(row)} lacks ${JSON.stringify(absent)}`;
}

describe('dossier views: tree, overview, declaration', () => {
  let doc: vscode.TextDocument;
  const uri = fixtureUri(DOSSIER);
  let initial: DossierSummary;
  /** Whether the last test left the overview's editor group maximized. */
  let maximized = false;

  before(async () => {
    await activateExtension();
    ({ doc } = await openFixture(DOSSIER));
    await waitForAnyDiagnostics(uri);
    // The earlier tests leave the Problems panel open; these screenshots are about the views.
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  after(async () => {
    if (maximized) await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
    await revert(doc);
    for (const tab of [...webviewTabs(OVERVIEW_VIEW_TYPE), ...webviewTabs(DECLARATION_VIEW_TYPE)]) await vscode.window.tabGroups.close(tab);
  });

  it('the HIE Dossiers view lists the workspace dossier with its status, problems and ER coverage', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    // Widen the side bar so the rows' descriptions are not cut off ("Increase Current View Size"
    // resizes the part that has the focus; "increaseViewWidth" would widen the editor).
    await vscode.commands.executeCommand('workbench.action.focusSideBar');
    for (let i = 0; i < SIDEBAR_WIDER_STEPS; i++) await vscode.commands.executeCommand('workbench.action.increaseViewSize');
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);

    // The data: one dossier (notes.md has no device), whose counts are those of the Problems panel.
    // (Polled until both agree: the previous test's revert may still be being re-checked.)
    const summary = await waitForSummary(
      (s) => s.dossiers.length > 0 && s.dossiers.every((d) => d.problems.length === pumpDiagnostics().length),
      'a workspace summary listing the pump dossier with as many problems as the Problems panel',
    );
    assert.equal(summary.enabled, true);
    assert.deepEqual(
      summary.dossiers.map((d) => d.uri),
      [uri.toString()],
      'the summary should list exactly the pump dossier (notes.md is not a dossier)',
    );
    const [pump] = summary.dossiers;
    assert.equal(pump.name, FIXTURE_DEVICE.name);
    assert.equal(pump.code, FIXTURE_DEVICE.code);
    assert.equal(pump.status, FIXTURE_DEVICE.status);
    const diagnostics = pumpDiagnostics();
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    assert.ok(errors > 0 && warnings > 0, 'the fixture has planted errors and warnings');
    assert.deepEqual({ errors: pump.errors, warnings: pump.warnings }, { errors, warnings }, 'the tree counts what the Problems panel lists');
    assert.deepEqual(
      pump.problems.map((p) => p.rule).sort(),
      diagnostics.map(codeOf).sort(),
      'the overview lists the same problems as the Problems panel',
    );
    const { coverage } = pump;
    assert.ok(coverage.applicable > 0 && coverage.addressed > 0 && coverage.addressed < coverage.applicable, `coverage ${JSON.stringify(coverage)}: the planted ER 5 (No) and ER 13.4 (no evidence) are applicable but not addressed`);
    initial = pump;

    // What the side bar shows: the view expanded, its status group and the dossier's row.
    const shown = await screenshotShowing('06-dossier-tree', (s) => {
      const pane = dossierPane(s);
      if (!pane) return `no ${VIEW_TITLE} pane in the side bar`;
      if (!pane.expanded) return `the ${VIEW_TITLE} pane is collapsed`;
      if (!pane.rows.includes(FIXTURE_DEVICE.statusGroup)) return `no status group row ${JSON.stringify(FIXTURE_DEVICE.statusGroup)}`;
      return treeRowProblems(
        pane.rows.find((row) => row.startsWith(pump.name)),
        pump,
      );
    });
    if (shown) console.log(`      tree rows: ${JSON.stringify(dossierPane(shown)?.rows)}`);
  });

  it('hieDossier.showOverview opens the overview page with the coverage chart and the open problems', async () => {
    assert.ok(initial, 'needs the summary of the first test');
    await vscode.commands.executeCommand('hieDossier.showOverview');
    await waitForWebviewTab(OVERVIEW_VIEW_TYPE, (tab) => tab.label === OVERVIEW_TITLE && tab.isActive, `one active tab ${JSON.stringify(OVERVIEW_TITLE)}`);

    const { addressed, applicable } = initial.coverage;
    await screenshotShowing('07-overview', (s) => {
      const page = visibleWebview(s, OVERVIEW_TITLE);
      if (!page) return `no visible webview under the tab ${JSON.stringify(OVERVIEW_TITLE)}`;
      const expected = [
        'HIE dossiers overview',
        `1 dossier; ${plural(initial.errors, 'error')}, ${plural(initial.warnings, 'warning')} in all.`,
        'ER coverage',
        `${addressed}/${applicable} (${Math.round((100 * addressed) / applicable)}%)`,
        'Open problems',
        ...initial.problems.map((p) => p.rule),
      ];
      const absent = expected.filter((text) => !page.text.includes(text));
      return absent.length === 0 ? undefined : `the overview lacks ${JSON.stringify(absent)}`;
    });
  });

  it('hieDossier.showDeclaration previews the pump dossier\'s public declaration, marked draft while it has errors', async () => {
    assert.ok(initial, 'needs the summary of the first test');
    await vscode.commands.executeCommand('hieDossier.showDeclaration', uri);
    const declaration = await waitForWebviewTab(
      DECLARATION_VIEW_TYPE,
      (tab) => tab.label.includes(FIXTURE_DEVICE.name) && tab.label.includes('DRAFT'),
      'one declaration tab whose title names the device and says DRAFT',
    );
    const overview = webviewTabs(OVERVIEW_VIEW_TYPE);
    assert.ok(overview.length === 1 && overview[0].group.viewColumn !== declaration.group.viewColumn, 'the declaration opens beside the overview');

    // The declaration is long (the draft notice lists every error first): give it the whole
    // window for the screenshot, then put the layout back for the next test.
    await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
    await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    try {
      await screenshotShowing('08-declaration', (s) => {
        const page = visibleWebview(s, 'Public declaration');
        if (!page) return 'no visible webview under a "Public declaration" tab';
        const expected = ['DRAFT', `${plural(initial.errors, 'error')}`, FIXTURE_DEVICE.name, FIXTURE_DEVICE.code, FIXTURE_DEVICE.version, FIXTURE_DEVICE.institution];
        const absent = expected.filter((text) => !page.text.includes(text));
        return absent.length === 0 ? undefined : `the declaration lacks ${JSON.stringify(absent)}`;
      });
    } finally {
      await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
      await vscode.commands.executeCommand('workbench.view.explorer');
      await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
      await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    }
  });

  it('fixing an error in the dossier updates the tree, the overview and the declaration by themselves', async () => {
    assert.ok(initial, 'needs the summary of the first test');
    // ER 5 (a general requirement) is marked No: exclusion-not-allowed, an error. Mark it Yes with
    // evidence: one error fewer, and one more applicable sub-requirement addressed.
    const line = lineOf(doc, '| 5 | No |');
    await waitForDiagnostics(uri, (list) => list.some((d) => codeOf(d) === 'exclusion-not-allowed' && d.range.start.line === line), `exclusion-not-allowed on line ${line}`);
    // The overview gets the whole editor area (the declaration beside it would squeeze the chart),
    // the tree stays in the side bar.
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    assert.ok(webviewTabs(OVERVIEW_VIEW_TYPE)[0]?.isActive, 'the overview is the active tab of the first group');
    await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
    maximized = true;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, doc.lineAt(line).range, '| 5 | Yes | | [Maintenance](evidence/software-validation.md#maintenance) | |');
    assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit failed');
    await waitForDiagnostics(
      uri,
      (list) => !list.some((d) => codeOf(d) === 'exclusion-not-allowed') && list.some((d) => codeOf(d) === 'er-unknown'),
      'exclusion-not-allowed to disappear after the fix (while er-unknown stays)',
    );

    // Only what the workbench shows, without asking for a refresh: the views must follow the edit.
    const errors = initial.errors - 1;
    const shown = await screenshotShowing('09-overview-after-edit', (s) => {
      const page = visibleWebview(s, OVERVIEW_TITLE);
      if (!page) return `no visible webview under the tab ${JSON.stringify(OVERVIEW_TITLE)}`;
      const total = `1 dossier; ${plural(errors, 'error')}, ${plural(initial.warnings, 'warning')} in all.`;
      if (!page.text.includes(total)) return `the overview does not say ${JSON.stringify(total)}`;
      if (page.text.includes('exclusion-not-allowed')) return 'the overview still lists exclusion-not-allowed';
      const row = dossierPane(s)?.rows.find((r) => r.startsWith(initial.name));
      if (!row?.includes(plural(errors, 'error'))) return `the tree row ${JSON.stringify(row)} does not say ${plural(errors, 'error')}`;
      // The declaration, in the group hidden by the maximized one, keeps its page and follows too.
      const declaration = s.webviews.find((w) => w.text.includes('Public declaration:'));
      const stillHas = `still has ${plural(errors, 'error')}`;
      if (!declaration?.text.includes(stillHas)) return `the declaration does not say ${JSON.stringify(stillHas)}`;
      return undefined;
    });

    const after = (await refreshedSummary())?.dossiers.find((d) => d.uri === uri.toString());
    assert.ok(after, 'the pump dossier is still in the summary');
    assert.equal(after.errors, errors);
    assert.equal(after.warnings, initial.warnings);
    assert.ok(!after.problems.some((p) => p.rule === 'exclusion-not-allowed'));
    assert.equal(after.coverage.applicable, initial.coverage.applicable);
    assert.ok(after.coverage.addressed > initial.coverage.addressed, `ER 5 now counts as addressed: ${initial.coverage.addressed} -> ${after.coverage.addressed}`);
    if (shown) {
      const { addressed, applicable } = after.coverage;
      const chart = `${addressed}/${applicable} (${Math.round((100 * addressed) / applicable)}%)`;
      assert.ok(visibleWebview(shown, OVERVIEW_TITLE)?.text.includes(chart), `the chart shows ${chart} after the edit`);
      const row = dossierPane(shown)?.rows.find((r) => r.startsWith(after.name));
      assert.equal(treeRowProblems(row, after), undefined, 'the tree row shows the new coverage and counts');
    }
    console.log(`      errors ${initial.errors} -> ${after.errors}; ERs addressed ${initial.coverage.addressed} -> ${after.coverage.addressed} of ${after.coverage.applicable}`);
  });
});
