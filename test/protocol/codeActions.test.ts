/**
 * Quick fixes over the spawned server (stdio): for each kind, the action offered for a published
 * diagnostic, its exact edit (UTF-16 positions, CRLF files), codeAction/resolve for lazy ones,
 * and the diagnostic gone once the edited text is sent back. Also "Fix all" (source.fixAll), team
 * template libraries and a team catalogue extension.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, InitializeResult, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyWorkspaceEdit } from '../../server/src/languageservice/features/codeActions/applyEdit';
import { buildDossier, defaultFrontmatter, defaultRows, EVIDENCE, type BuildOptions, type ChecklistRow } from '../support/dossierBuilder';
import { LspTestClient, REPO_ROOT } from '../support/lspClient';

const LIBRARIES = path.join(REPO_ROOT, 'test', 'fixtures', 'libraries');

function withRow(er: string, change: Partial<ChecklistRow> | undefined): ChecklistRow[] {
  const rows = defaultRows();
  const at = rows.findIndex((row) => row.er === er);
  if (change === undefined) rows.splice(at, 1);
  else rows[at] = { ...rows[at]!, ...change };
  return rows;
}

/** The (0-based) line of the first line containing `needle`, and the UTF-16 column where it starts. */
function locate(text: string, needle: string, after = ''): { line: number; character: number } {
  const offset = text.indexOf(needle, after ? text.indexOf(after) : 0);
  assert.ok(offset >= 0, `${needle} not found`);
  const before = text.slice(0, offset).split(/\r\n|\n/);
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

function rangeAt(text: string, needle: string, after = ''): Range {
  const start = locate(text, needle, after);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

const lineStart = (line: number): Range => ({ start: { line, character: 0 }, end: { line, character: 0 } });

describe('code actions over LSP', function () {
  this.timeout(60000);
  let workspace: string;
  let client: LspTestClient;
  let initialize: InitializeResult;
  const versions = new Map<string, number>();
  const texts = new Map<string, string>();

  /** A folder of the workspace with a dossier (and the evidence file it links to); opens the index. */
  async function openDossier(folder: string, text: string, extra: Record<string, string> = {}, ready: (list: Diagnostic[]) => boolean = (list) => list.length > 0): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const dir = path.join(workspace, folder);
    for (const [file, content] of Object.entries({ ...EVIDENCE, ...extra })) {
      const full = path.join(dir, file.replace(/^\/ws\//, ''));
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
    fs.writeFileSync(path.join(dir, 'index.md'), text);
    const uri = pathToFileURL(path.join(dir, 'index.md')).href;
    versions.set(uri, 1);
    texts.set(uri, text);
    await client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, ready);
    return { uri, diagnostics: published.diagnostics };
  }

  function actionsFor(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  async function firstWith(uri: string, diagnostics: Diagnostic[], code: string, title: RegExp, target?: string): Promise<{ action: CodeAction; diagnostic: Diagnostic }> {
    const diagnostic = diagnostics.find((d) => d.code === code && (target === undefined || (d.data as { target?: string }).target === target));
    assert.ok(diagnostic, `${code} ${target ?? ''} among ${diagnostics.map((d) => d.code).join(', ')}`);
    const actions = await actionsFor(uri, [diagnostic]);
    const action = actions.find((a) => title.test(a.title));
    assert.ok(action, `no ${title} among ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(action.kind, 'quickfix');
    assert.deepEqual(action.diagnostics, [diagnostic]);
    return { action, diagnostic };
  }

  function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
    assert.ok(edit?.changes, 'a workspace edit with changes');
    assert.deepEqual(Object.keys(edit.changes), [uri]);
    return edit.changes[uri]!;
  }

  /** Applies the edit to the open document's text, sends it as a full change, and waits for diagnostics without `gone`. */
  async function applyAndCheck(uri: string, edit: WorkspaceEdit, gone: (d: Diagnostic) => boolean): Promise<{ text: string; diagnostics: Diagnostic[] }> {
    const text = applyWorkspaceEdit(edit, (u) => texts.get(u)).get(uri)!;
    const version = versions.get(uri)! + 1;
    versions.set(uri, version);
    texts.set(uri, text);
    await client.change(uri, version, [{ text }]);
    const published = await client.waitForDiagnostics(uri, (list) => !list.some(gone));
    return { text, diagnostics: published.diagnostics };
  }

  const sameDiagnostic = (a: Diagnostic) => (b: Diagnostic): boolean => b.code === a.code && b.message === a.message;
  const errorsOf = (list: Diagnostic[]): string[] => list.filter((d) => d.severity === 1).map((d) => `${d.code}: ${d.message}`);

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-code-actions-'));
    ({ client, initialize } = await LspTestClient.start({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: false, templateFolders: ['settings-templates'] } }));
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('announces quick fixes and source.fixAll.hieDossier, resolved lazily', () => {
    assert.deepEqual(initialize.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.hieDossier'], resolveProvider: true });
  });

  it('standard-superseded: replaces the edition at UTF-16 columns of a CRLF file', async () => {
    const text = buildDossier({ eol: '\r\n', rows: withRow('1', { standards: '😀 ISO 14971:2007' }) });
    const { uri, diagnostics } = await openDossier('standard', text);
    const { action, diagnostic } = await firstWith(uri, diagnostics, 'standard-superseded', /^Replace ISO 14971:2007 with ISO 14971:2019$/);
    const range = rangeAt(text, 'ISO 14971:2007');
    assert.deepEqual(diagnostic.range, range);
    assert.equal(range.start.character, '| 1 | Yes | 😀 '.length, 'the emoji counts two UTF-16 units');
    assert.deepEqual(editsOf(action.edit, uri), [{ range, newText: 'ISO 14971:2019' }]);
    assert.equal(action.isPreferred, true);
    const { diagnostics: after } = await applyAndCheck(uri, action.edit!, sameDiagnostic(diagnostic));
    assert.deepEqual(errorsOf(after), []);
  });

  it('characteristic-unknown: the nearest word', async () => {
    const text = buildDossier({ frontmatter: defaultFrontmatter('[software, measurng]') });
    const { uri, diagnostics } = await openDossier('characteristic', text);
    const { action, diagnostic } = await firstWith(uri, diagnostics, 'characteristic-unknown', /measuring/);
    assert.equal(action.title, 'Replace `measurng` with `measuring`');
    assert.deepEqual(editsOf(action.edit, uri), [{ range: rangeAt(text, 'measurng'), newText: 'measuring' }]);
    await applyAndCheck(uri, action.edit!, sameDiagnostic(diagnostic));
  });

  it('er-unknown, exclusion-not-allowed and exclusion-contradicts-device: the number, and No to Yes, in a CRLF file', async () => {
    const rows = defaultRows().map((row) =>
      row.er === '12.1a' ? { ...row, er: '12.1b' } : row.er === '2' ? { ...row, applies: 'No', justification: 'Covered by the Trust risk file.' } : row,
    );
    const text = buildDossier({ eol: '\r\n', rows, frontmatter: defaultFrontmatter('[software, measuring]') });
    const { uri, diagnostics } = await openDossier('rows', text);

    const unknown = await firstWith(uri, diagnostics, 'er-unknown', /^Change ER 12\.1b to 12\.1a/);
    assert.deepEqual(editsOf(unknown.action.edit, uri), [{ range: rangeAt(text, '12.1b'), newText: '12.1a' }]);

    const notAllowed = await firstWith(uri, diagnostics, 'exclusion-not-allowed', /^Mark ER 2 as applicable: change No to Yes$/);
    assert.deepEqual(editsOf(notAllowed.action.edit, uri), [{ range: rangeAt(text, 'No', '| 2 |'), newText: 'Yes' }]);

    const contradicts = await firstWith(uri, diagnostics, 'exclusion-contradicts-device', /^Mark ER 10 as applicable/, '10');
    assert.deepEqual(editsOf(contradicts.action.edit, uri), [{ range: rangeAt(text, 'No', '| 10 |'), newText: 'Yes' }]);

    await applyAndCheck(uri, unknown.action.edit!, sameDiagnostic(unknown.diagnostic));
    // The other two edits were computed on the first text; neither touches the line that changed length.
    await applyAndCheck(uri, notAllowed.action.edit!, sameDiagnostic(notAllowed.diagnostic));
    const { diagnostics: after } = await applyAndCheck(uri, contradicts.action.edit!, sameDiagnostic(contradicts.diagnostic));
    assert.ok(!after.some((d) => d.code === 'er-unknown' || d.code === 'exclusion-not-allowed' || d.code === 'exclusion-contradicts-device'));
  });

  it('er-missing: one row after its predecessor, and "add all" through codeAction/resolve', async () => {
    const rows = defaultRows().filter((row) => !['2', '12.7', '13.6'].includes(row.er));
    const text = buildDossier({ eol: '\r\n', rows });
    const { uri, diagnostics } = await openDossier('er-missing', text);
    const missing = diagnostics.filter((d) => d.code === 'er-missing');
    assert.deepEqual(missing.map((d) => (d.data as { target: string }).target), ['2', '12.7', '13.6']);

    const { action: one, diagnostic } = await firstWith(uri, diagnostics, 'er-missing', /^Add a checklist row for ER 2 /, '2');
    const rowOne = locate(text, '| 1 |').line;
    assert.deepEqual(editsOf(one.edit, uri), [{ range: lineStart(rowOne + 1), newText: '| 2 Safety principles and the order of risk control | Yes | | | |\r\n' }]);

    const actions = await actionsFor(uri, missing);
    const all = actions.filter((a) => a.title === 'Add all 3 missing ERs to the checklist');
    assert.equal(all.length, 1);
    assert.equal(all[0]!.edit, undefined, 'computed at resolve');
    assert.equal(all[0]!.diagnostics!.length, 3);
    const resolved = await client.request<CodeAction>('codeAction/resolve', all[0]);
    assert.equal(resolved.title, all[0]!.title);
    assert.deepEqual(editsOf(resolved.edit, uri), [
      { range: lineStart(rowOne + 1), newText: '| 2 Safety principles and the order of risk control | Yes | | | |\r\n' },
      { range: lineStart(locate(text, '| 12.6 |').line + 1), newText: '| 12.7 Protection against mechanical and thermal risks | No | | | |\r\n' },
      { range: lineStart(locate(text, '| 13.5 |').line + 1), newText: '| 13.6 Particulars in the instructions for use | Yes | | | |\r\n' },
    ]);
    const { diagnostics: after } = await applyAndCheck(uri, resolved.edit!, (d) => d.code === 'er-missing');
    // 12.7 is marked No: its justification is the author's to write.
    assert.deepEqual(errorsOf(after).map((e) => e.split(':')[0]), ['exclusion-unjustified']);
    assert.ok(!after.some(sameDiagnostic(diagnostic)));
  });

  it('er-checklist-missing: the whole checklist under the heading, resolved lazily', async () => {
    const text = buildDossier({ sections: { 'essential-requirements': '## Essential requirements' } });
    const { uri, diagnostics } = await openDossier('checklist', text);
    const { action, diagnostic } = await firstWith(uri, diagnostics, 'er-checklist-missing', /^Insert the essential requirements checklist/);
    assert.equal(action.edit, undefined);
    const resolved = await client.request<CodeAction>('codeAction/resolve', action);
    const [edit, ...rest] = editsOf(resolved.edit, uri);
    assert.equal(rest.length, 0);
    assert.deepEqual(edit!.range, lineStart(locate(text, '## Risk management').line));
    const inserted = edit!.newText.split('\n');
    assert.deepEqual(inserted.slice(0, 3), ['| ER | Applies | Standards | Evidence | Justification |', '| --- | --- | --- | --- | --- |', '| 1 Safe design and use; risks acceptable against the benefit; use error | Yes | | | |']);
    assert.ok(inserted.includes('| 11 Protection against radiation | No | | | |'));
    assert.ok(inserted.includes('| 12.1a Software validation | Yes | | | |'));
    const { diagnostics: after } = await applyAndCheck(uri, resolved.edit!, sameDiagnostic(diagnostic));
    assert.ok(!after.some((d) => d.code === 'er-missing'));
    assert.deepEqual([...new Set(errorsOf(after).map((e) => e.split(':')[0]))], ['exclusion-unjustified'], 'only the No rows wait for their reasons');
  });

  it('section-missing: the built-in template where the section order puts it (CRLF)', async () => {
    const text = buildDossier({ eol: '\r\n', sections: { records: undefined } });
    const { uri, diagnostics } = await openDossier('section', text);
    const { action, diagnostic } = await firstWith(uri, diagnostics, 'section-missing', /^Insert the "Records and traceability" section$/, 'records');
    const resolved = await client.request<CodeAction>('codeAction/resolve', action);
    const publicDeclaration = locate(text, '## Public declaration').line;
    assert.deepEqual(editsOf(resolved.edit, uri), [
      {
        range: lineStart(publicDeclaration),
        newText: [
          '## Records and traceability',
          '',
          'Central record entry: register name and entry reference',
          '',
          'Users and locations: staff groups; wards, departments or sites',
          '',
          'Asset or inventory reference: reference',
          '',
          '',
        ].join('\r\n'),
      },
    ]);
    const { diagnostics: after } = await applyAndCheck(uri, resolved.edit!, sameDiagnostic(diagnostic));
    assert.deepEqual(errorsOf(after), []);
  });

  it('section-missing: the team template of the hieDossier.templateFolders setting, then of .hie-dossier.yaml', async () => {
    const library = (name: string): string => fs.readFileSync(path.join(LIBRARIES, 'templates', name), 'utf8');
    const text = buildDossier({ sections: { 'market-scan': undefined, pms: undefined } });
    const { uri, diagnostics } = await openDossier('team', text, {
      '.hie-dossier.yaml': 'templates: [project-templates]\n',
      'project-templates/market-scan.md': library('market-scan.md'),
      'project-templates/pms.md': '## Post-market surveillance\n\nNot this one: the setting’s folder comes first.\n',
    });
    // The setting's folder is relative to the workspace root.
    fs.mkdirSync(path.join(workspace, 'settings-templates'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'settings-templates', 'team.code-snippets'), library('team.code-snippets'));

    const scan = await firstWith(uri, diagnostics, 'section-missing', /team template market-scan\.md$/, 'market-scan');
    const scanEdit = editsOf((await client.request<CodeAction>('codeAction/resolve', scan.action)).edit, uri);
    assert.deepEqual(scanEdit[0]!.range, lineStart(locate(text, '## Quality management system').line));
    assert.match(scanEdit[0]!.newText, /^## Market scanning\n\nScan record: record reference \(team procedure MS-01\)\n/);

    const pms = await firstWith(uri, diagnostics, 'section-missing', /team template team\.code-snippets$/, 'pms');
    const pmsEdit = editsOf((await client.request<CodeAction>('codeAction/resolve', pms.action)).edit, uri);
    assert.match(pmsEdit[0]!.newText, /Review procedure and frequency: procedure reference; monthly\n/);
    assert.doesNotMatch(pmsEdit[0]!.newText, /Not this one/);

    const { diagnostics: after } = await applyAndCheck(uri, { changes: { [uri]: [...scanEdit, ...pmsEdit] } }, (d) => d.code === 'section-missing');
    assert.deepEqual(errorsOf(after), []);
  });

  it('section-incomplete: a prompt line at the end of the section text', async () => {
    const text = buildDossier({ eol: '\r\n', sections: { qms: '## Quality management system\n\nThe QMS scope covers the medical physics department.' } });
    const { uri, diagnostics } = await openDossier('incomplete', text);
    const { action, diagnostic } = await firstWith(uri, diagnostics, 'section-incomplete', /^Add a line stating the QMS standard followed/, 'qms');
    const next = locate(text, '## Essential requirements').line;
    assert.deepEqual(editsOf(action.edit, uri), [{ range: lineStart(next), newText: 'QMS standard followed: standard and edition\r\n\r\n' }]);
    assert.equal(text.split('\r\n')[next - 2], 'The QMS scope covers the medical physics department.', 'after the section text and its blank line');
    // The author types the standard into the placeholder.
    const typed = { changes: { [uri]: [{ range: lineStart(next), newText: 'QMS standard followed: ISO 13485:2016\r\n\r\n' }] } };
    await applyAndCheck(uri, typed, sameDiagnostic(diagnostic));
  });

  it('evidence-link-broken: the nearest file, and the nearest heading', async () => {
    const rows = defaultRows().map((row) =>
      row.er === '1' ? { ...row, evidence: '[report](evidence/reprot.md)' } : row.er === '2' ? { ...row, evidence: '[log](evidence/report.md#hazard-logg)' } : row,
    );
    const text = buildDossier({ rows });
    const { uri, diagnostics } = await openDossier('links', text);
    const broken = diagnostics.filter((d) => d.code === 'evidence-link-broken');
    assert.equal(broken.length, 2);
    const fileFix = (await actionsFor(uri, [broken[0]!]))[0]!;
    assert.equal(fileFix.title, 'Change the link to evidence/report.md');
    assert.deepEqual(editsOf(fileFix.edit, uri), [{ range: rangeAt(text, 'evidence/reprot.md'), newText: 'evidence/report.md' }]);
    const anchorFix = (await actionsFor(uri, [broken[1]!]))[0]!;
    assert.equal(anchorFix.title, 'Link to the heading "Hazard log" (#hazard-log)');
    assert.deepEqual(editsOf(anchorFix.edit, uri), [{ range: rangeAt(text, 'evidence/report.md#hazard-logg'), newText: 'evidence/report.md#hazard-log' }]);
    const both = { changes: { [uri]: [...editsOf(fileFix.edit, uri), ...editsOf(anchorFix.edit, uri)] } };
    await applyAndCheck(uri, both, (d) => d.code === 'evidence-link-broken');
  });

  it('frontmatter-invalid: the missing key in its place (CRLF)', async () => {
    const text = buildDossier({ eol: '\r\n', frontmatter: defaultFrontmatter().replace(/^  code:.*\n/m, '') });
    const { uri, diagnostics } = await openDossier('frontmatter', text);
    const { action, diagnostic } = await firstWith(uri, diagnostics, 'frontmatter-invalid', /^Add `code: <the product code or reference>` to `device`$/);
    assert.deepEqual(editsOf(action.edit, uri), [{ range: lineStart(locate(text, '  version:').line), newText: '  code: <the product code or reference>\r\n' }]);
    const { diagnostics: after } = await applyAndCheck(uri, action.edit!, sameDiagnostic(diagnostic));
    assert.deepEqual(errorsOf(after), []);
  });

  it('source.fixAll.hieDossier: the deterministic fixes at once, then nothing', async () => {
    const options: BuildOptions = {
      eol: '\r\n',
      frontmatter: defaultFrontmatter('[software, sofware]'),
      rows: defaultRows().map((row) => (row.er === '1' ? { ...row, standards: 'ISO 14971:2007' } : row.er === '3' ? { ...row, applies: 'No', justification: 'Shown by the validation.' } : row)),
      sections: { consent: undefined },
    };
    const text = buildDossier(options);
    const { uri } = await openDossier('fix-all', text);
    const quickOnly = await actionsFor(uri, [], ['quickfix']);
    assert.deepEqual(quickOnly, []);
    const [fixAll, ...more] = await actionsFor(uri, [], ['source.fixAll']);
    assert.equal(more.length, 0);
    assert.equal(fixAll!.kind, 'source.fixAll.hieDossier');
    assert.equal(fixAll!.title, 'Fix all auto-fixable problems');
    assert.deepEqual(editsOf(fixAll!.edit, uri), [
      { range: rangeAt(text, 'sofware'), newText: 'software' },
      { range: rangeAt(text, 'ISO 14971:2007'), newText: 'ISO 14971:2019' },
      { range: rangeAt(text, 'No', '| 3 |'), newText: 'Yes' },
    ]);
    const fixedRules = ['characteristic-unknown', 'standard-superseded', 'exclusion-not-allowed'];
    const { diagnostics: after } = await applyAndCheck(uri, fixAll!.edit!, (d) => fixedRules.includes(String(d.code)));
    assert.ok(after.some((d) => d.code === 'section-missing'), 'a section is never inserted on save');
    assert.deepEqual(await actionsFor(uri, [], ['source.fixAll.hieDossier']), []);
  });

  it('a team catalogue extension: its requirements are checked, and a bad one is reported on its own file', async () => {
    const team = fs.readFileSync(path.join(LIBRARIES, 'team-catalogue.yaml'), 'utf8');
    const bad = fs.readFileSync(path.join(LIBRARIES, 'bad-catalogue.yaml'), 'utf8');
    const { uri, diagnostics } = await openDossier('extension', buildDossier(), { '.hie-dossier.yaml': 'catalogue: team-catalogue.yaml\n', 'team-catalogue.yaml': team });
    assert.deepEqual(diagnostics.map((d) => `${d.code}(${(d.data as { target?: string }).target})`).sort(), ['section-incomplete(qms)', 'section-missing(software-safety-case)']);
    const { action } = await firstWith(uri, diagnostics, 'section-missing', /^Insert the "Software safety case" section$/);
    const resolved = await client.request<CodeAction>('codeAction/resolve', action);
    const [edit] = editsOf(resolved.edit, uri);
    assert.equal(edit!.newText, '## Software safety case\n\nHazard log: location or document reference\n\n');
    assert.deepEqual(edit!.range, lineStart(locate(buildDossier(), '## Informed patient consent').line));

    const extensionUri = pathToFileURL(path.join(workspace, 'broken-extension', 'team-catalogue.yaml')).href;
    const { diagnostics: clean } = await openDossier('broken-extension', buildDossier(), { '.hie-dossier.yaml': 'catalogue: team-catalogue.yaml\n', 'team-catalogue.yaml': bad }, () => true);
    assert.deepEqual(clean, []);
    const onFile = await client.waitForDiagnostics(extensionUri, (list) => list.length > 0);
    assert.deepEqual(onFile.diagnostics.map((d) => d.code), ['config-invalid', 'config-invalid', 'config-invalid']);
    assert.deepEqual(onFile.diagnostics[0]!.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 11 } });
  });
});
