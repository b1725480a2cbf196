import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DOSSIER, codeOf, fixtureUri, openFixture, waitForDiagnostics } from './index';

describe('settings', () => {
  const uri = fixtureUri(DOSSIER);
  const superseded = (list: vscode.Diagnostic[]) => list.filter((d) => codeOf(d) === 'standard-superseded');
  const config = () => vscode.workspace.getConfiguration('hieDossier');

  before(async () => {
    await openFixture(DOSSIER);
    await waitForDiagnostics(uri, (list) => superseded(list).length > 0, 'standard-superseded before changing settings');
  });

  after(async () => {
    await config().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('hieDossier.rules turns a rule off and changes its severity without a restart', async () => {
    await config().update('rules', { 'standard-superseded': 'off' }, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(
      uri,
      (list) => superseded(list).length === 0 && list.some((d) => codeOf(d) === 'er-unknown'),
      'standard-superseded to disappear with hieDossier.rules {"standard-superseded": "off"} (other rules staying)',
    );

    await config().update('rules', { 'standard-superseded': 'error' }, vscode.ConfigurationTarget.Workspace);
    const list = await waitForDiagnostics(
      uri,
      (l) => superseded(l).length > 0 && superseded(l).every((d) => d.severity === vscode.DiagnosticSeverity.Error),
      'standard-superseded to come back as an error with hieDossier.rules {"standard-superseded": "error"}',
    );
    assert.ok(superseded(list).some((d) => d.range.start.line === 53));

    await config().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(
      uri,
      (l) => superseded(l).length > 0 && superseded(l).every((d) => d.severity === vscode.DiagnosticSeverity.Warning),
      'standard-superseded to return to its default severity (warning) once the setting is removed',
    );
  });
});
