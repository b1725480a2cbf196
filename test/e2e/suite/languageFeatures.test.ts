import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DOSSIER, fixtureUri, lineOf, openFixture, screenshot, sleep, waitForAnyDiagnostics } from './index';

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

describe('completion and hover in the checklist', () => {
  let doc: vscode.TextDocument;
  let editor: vscode.TextEditor;
  const uri = fixtureUri(DOSSIER);

  before(async () => {
    ({ doc, editor } = await openFixture(DOSSIER));
    await waitForAnyDiagnostics(uri);
  });

  after(async () => {
    await vscode.commands.executeCommand('hideSuggestWidget');
    await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
  });

  it('completes ER numbers in the ER column', async () => {
    const line = lineOf(doc, '| 12.1a |');
    const position = new vscode.Position(line, 2); // just after "| ", at the start of the ER cell
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      position,
    );
    const labels = (list?.items ?? []).map(labelOf);
    // 7.1 and 8.3 appear nowhere in the dossier: they can only come from the catalogue.
    for (const er of ['12.1a', '7.1', '8.3']) {
      assert.ok(
        labels.some((l) => l === er || l.startsWith(`${er} `) || l.startsWith(`${er}\t`)),
        `completion at ${line}:2 lacks ER ${er}; ${labels.length} labels: ${labels.slice(0, 40).join(', ')}`,
      );
    }

    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await sleep(1_500);
    await screenshot('03-completion');
    await vscode.commands.executeCommand('hideSuggestWidget');
  });

  it('hover on an ER number shows its title', async () => {
    const line = lineOf(doc, '| 12.1a |');
    const position = new vscode.Position(line, 4); // inside "12.1a"
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
    const text = hoverText(hovers);
    assert.ok(hovers.length > 0, `no hover at ${line}:4 (on "12.1a")`);
    assert.match(text, /software/i, `the hover on 12.1a should name its title (software validation); it shows: ${text}`);
    assert.match(text, /valid/i, `the hover on 12.1a should name its title (software validation); it shows: ${text}`);

    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(1_500);
    await screenshot('04-hover');
  });
});
