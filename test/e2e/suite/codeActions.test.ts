import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DOSSIER, codeOf, describeDiagnostic, fixtureUri, openFixture, revert, waitForDiagnostics } from './index';

/**
 * The workbench's own shape of a code action (what '_executeCodeActionProvider' returns). The API
 * command 'vscode.executeCodeActionProvider' drops `diagnostics` when it converts the result to
 * vscode.CodeAction (VS Code 1.100), so the link between a quick fix and its diagnostic, which the
 * Problems panel and the light bulb use, can only be read from the internal command.
 */
interface InternalCodeAction {
  title: string;
  kind?: string;
  diagnostics?: {
    code?: string | { value: string };
    source?: string;
    startLineNumber: number;
    startColumn: number;
    endLineNumber: number;
    endColumn: number;
  }[];
}

describe('quick fixes', () => {
  let doc: vscode.TextDocument;
  const uri = fixtureUri(DOSSIER);
  const line = 11;

  before(async () => {
    ({ doc } = await openFixture(DOSSIER));
  });

  after(async () => {
    await revert(doc);
  });

  async function theDiagnostic(): Promise<vscode.Diagnostic> {
    const list = await waitForDiagnostics(
      uri,
      (l) => l.some((d) => codeOf(d) === 'characteristic-unknown' && d.range.start.line === line),
      `characteristic-unknown on line ${line} ('measurng')`,
    );
    return list.find((d) => codeOf(d) === 'characteristic-unknown' && d.range.start.line === line)!;
  }

  it('the quick fix for an unknown characteristic refers to its diagnostic', async () => {
    const diagnostic = await theDiagnostic();
    const r = diagnostic.range;
    const actions =
      (await vscode.commands.executeCommand<InternalCodeAction[]>(
        '_executeCodeActionProvider',
        uri,
        // the workbench's 1-based range
        { startLineNumber: r.start.line + 1, startColumn: r.start.character + 1, endLineNumber: r.end.line + 1, endColumn: r.end.character + 1 },
        vscode.CodeActionKind.QuickFix.value,
        0,
      )) ?? [];
    const refersToIt = (a: InternalCodeAction) =>
      (a.diagnostics ?? []).some(
        (d) =>
          (typeof d.code === 'object' ? d.code?.value : d.code) === 'characteristic-unknown' &&
          d.startLineNumber === r.start.line + 1 &&
          d.startColumn === r.start.character + 1 &&
          d.endLineNumber === r.end.line + 1 &&
          d.endColumn === r.end.character + 1,
      );
    assert.ok(
      actions.some((a) => refersToIt(a) && /measuring/.test(a.title)),
      `no quick fix naming 'measuring' refers to ${describeDiagnostic(diagnostic)}; quick fixes at its range: ` +
        (actions
          .map(
            (a) =>
              `${JSON.stringify(a.title)} (${a.kind}) with diagnostics [${(a.diagnostics ?? [])
                .map((d) => `${typeof d.code === 'object' ? d.code?.value : d.code}@${d.startLineNumber}:${d.startColumn}-${d.endLineNumber}:${d.endColumn}`)
                .join('; ')}]`,
          )
          .join(', ') || 'none'),
    );
  });

  it('applying the quick fix (vscode.executeCodeActionProvider) writes the nearest known word and removes the diagnostic', async () => {
    const diagnostic = await theDiagnostic();
    const actions =
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
        100, // resolve up to 100 actions: the server may compute edits lazily (codeAction/resolve)
      )) ?? [];
    // A Command's `command` is the command id (a string); a CodeAction's is undefined or a Command.
    const isCodeAction = (a: vscode.CodeAction | vscode.Command): a is vscode.CodeAction => typeof a.command !== 'string';
    const fix = actions.filter(isCodeAction).find((a) => /measuring/.test(a.title));
    assert.ok(
      fix,
      `no quick fix naming 'measuring' at ${describeDiagnostic(diagnostic)}; offered: ${actions.map((a) => JSON.stringify(a.title)).join(', ') || 'none'}`,
    );
    if (fix.kind) assert.ok(vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind.value} is not a quick fix`);
    assert.ok(fix.edit || fix.command, `the quick fix ${JSON.stringify(fix.title)} has neither an edit nor a command (after resolving)`);

    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit of the quick fix failed');
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.match(doc.lineAt(line).text, /characteristics: \[software, measuring\]/, `after the fix: ${doc.lineAt(line).text}`);
    await waitForDiagnostics(
      uri,
      (list) => !list.some((d) => codeOf(d) === 'characteristic-unknown') && list.length > 0,
      'characteristic-unknown to disappear after the quick fix',
    );
  });
});
