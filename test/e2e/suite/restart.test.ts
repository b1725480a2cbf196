import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DOSSIER, codeOf, fixtureUri, lineOf, openFixture, ours, revert, screenshot, waitForDiagnostics } from './index';

describe('unsaved edits and a server restart', () => {
  let doc: vscode.TextDocument;
  const uri = fixtureUri(DOSSIER);

  before(async () => {
    ({ doc } = await openFixture(DOSSIER));
  });

  after(async () => {
    await revert(doc);
  });

  it('restarting the language server keeps the unsaved text and re-checks it', async () => {
    // An unsaved edit that adds a defect only the edited text has: a row for ER 99.
    const at = lineOf(doc, '| 12.10 |');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(at, 0), '| 99 | Yes | | [Test summary](evidence/software-validation.md#test-summary) | |\n');
    assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit failed');
    assert.ok(doc.isDirty, 'the document should be dirty after the edit');
    const onRow99 = (list: vscode.Diagnostic[]) => list.some((d) => codeOf(d) === 'er-unknown' && d.range.start.line === at);
    await waitForDiagnostics(uri, onRow99, `er-unknown for the unsaved row "99" on line ${at}`);

    const before = doc.getText();
    const cleared = { seen: false };
    const watcher = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && ours(uri).length === 0) cleared.seen = true;
    });
    try {
      await vscode.commands.executeCommand('hieDossier.restartServer');
      await waitForDiagnostics(
        uri,
        onRow99,
        'the diagnostics of the unsaved text after hieDossier.restartServer (er-unknown for row "99")',
      );
    } finally {
      watcher.dispose();
    }
    console.log(`      diagnostics were ${cleared.seen ? '' : 'not '}cleared while the server restarted`);
    assert.equal(doc.getText(), before, 'the restart changed the document text');
    assert.ok(doc.isDirty, 'the document should still be dirty (unsaved) after the restart');
    assert.ok(!doc.isClosed, 'the document was closed');
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    editor.revealRange(new vscode.Range(at, 0, at, 0), vscode.TextEditorRevealType.InCenter);
    await screenshot('05-after-restart', { problems: true });
  });
});
