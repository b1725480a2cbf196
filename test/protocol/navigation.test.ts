/**
 * Navigation over the spawned server: go to definition (ER mention → checklist row in a part,
 * link → heading), the outline with sections and ER rows, document links and the code lens.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, DocumentLink, DocumentSymbol, InitializeResult, Location } from 'vscode-languageserver-protocol';
import { erCoverage } from '../../server/src/languageservice/outputs/coverage';
import { createNodeService } from '../../server/src/node/createService';
import { LspTestClient } from '../support/lspClient';

const INDEX = `---
device:
  name: Test device
  code: T-1
  version: 1.0.0
  description: A device for tests
  intended-purpose: Testing navigation
  classification: IIa
  characteristics: [software]
institution:
  name: Example NHS Foundation Trust
  address: 1 Hospital Road
parts: [requirements.md]
---

# Test device

😀 See ER 12.1a and the [report](evidence/report.md#validation).

## Risk management
`.replace(/\n/g, '\r\n');

const PART = `# Essential requirements

| ER | Applies | Standards | Evidence | Justification |
| --- | --- | --- | --- | --- |
| 1 | Yes | ISO 14971:2019 | [report](evidence/report.md) | |
| 7 | No | | | N/A |
| 12.1a | Partly | IEC 62304:2006+A1:2015 | | |
`;

const REPORT = '# Report\n\n## Scope\n\n## Validation\n';

describe('navigation over LSP', () => {
  let workspace: string;
  let client: LspTestClient;
  let initialize: InitializeResult;
  const uriOf = (name: string): string => pathToFileURL(path.join(workspace, name)).href;
  const request = <R>(method: string, name: string, extra: object = {}): Promise<R> => client.request<R>(method, { textDocument: { uri: uriOf(name) }, ...extra });

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-navigation-'));
    fs.mkdirSync(path.join(workspace, 'evidence'));
    fs.writeFileSync(path.join(workspace, 'evidence', 'report.md'), REPORT);
    fs.writeFileSync(path.join(workspace, 'index.md'), INDEX);
    fs.writeFileSync(path.join(workspace, 'requirements.md'), PART);
    ({ client, initialize } = await LspTestClient.start({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: false } }));
    await client.open(uriOf('index.md'), INDEX);
    await client.waitForDiagnostics(uriOf('index.md'));
    await client.open(uriOf('requirements.md'), PART);
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('declares definition, symbol, link and code lens providers', () => {
    const capabilities = initialize.capabilities;
    assert.ok(capabilities.definitionProvider);
    assert.ok(capabilities.documentSymbolProvider);
    assert.deepEqual(capabilities.documentLinkProvider, { resolveProvider: false });
    assert.deepEqual(capabilities.codeLensProvider, { resolveProvider: false });
  });

  it('goes from an ER mention in prose (after an emoji, CRLF) to its row in the part', async () => {
    // "😀 See ER 12.1a": the emoji is two UTF-16 code units, so "ER 12.1a" starts at character 7.
    const locations = await request<Location[]>('textDocument/definition', 'index.md', { position: { line: 17, character: 10 } });
    assert.deepEqual(locations, [{ uri: uriOf('requirements.md'), range: { start: { line: 6, character: 0 }, end: { line: 6, character: 47 } } }]);
    assert.deepEqual(await request<Location[]>('textDocument/definition', 'index.md', { position: { line: 17, character: 6 } }), []);
  });

  it('goes from a link to the heading its anchor names', async () => {
    const locations = await request<Location[]>('textDocument/definition', 'index.md', { position: { line: 17, character: 40 } });
    assert.deepEqual(locations, [{ uri: uriOf('evidence/report.md'), range: { start: { line: 4, character: 0 }, end: { line: 4, character: 13 } } }]);
  });

  it('goes from a link without an anchor to the file, and from a parts entry to the part', async () => {
    const file = await request<Location[]>('textDocument/definition', 'requirements.md', { position: { line: 4, character: 40 } });
    assert.deepEqual(file, [{ uri: uriOf('evidence/report.md'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
    const part = await request<Location[]>('textDocument/definition', 'index.md', { position: { line: 12, character: 10 } });
    assert.deepEqual(part, [{ uri: uriOf('requirements.md'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
  });

  it('outlines sections, and ER rows under the checklist heading', async () => {
    const index = await request<DocumentSymbol[]>('textDocument/documentSymbol', 'index.md');
    assert.deepEqual(
      index.map((s) => [s.name, s.kind, s.range, s.selectionRange, s.children!.map((c) => [c.name, c.detail])]),
      [
        [
          'Test device',
          15,
          { start: { line: 15, character: 0 }, end: { line: 19, character: 18 } },
          { start: { line: 15, character: 2 }, end: { line: 15, character: 13 } },
          [['Risk management', undefined]],
        ],
      ],
    );
    const part = await request<DocumentSymbol[]>('textDocument/documentSymbol', 'requirements.md');
    assert.equal(part[0]!.name, 'Essential requirements');
    const rows = part[0]!.children!;
    assert.deepEqual(rows.map((r) => [r.name, r.kind, r.selectionRange]), [
      ['ER 1', 22, { start: { line: 4, character: 2 }, end: { line: 4, character: 3 } }],
      ['ER 7', 22, { start: { line: 5, character: 2 }, end: { line: 5, character: 3 } }],
      ['ER 12.1a', 22, { start: { line: 6, character: 2 }, end: { line: 6, character: 7 } }],
    ]);
    assert.match(rows[2]!.detail!, /^Partly · /);
  });

  it('links relative paths to file URIs, with the anchor\'s line', async () => {
    const index = await request<DocumentLink[]>('textDocument/documentLink', 'index.md');
    assert.deepEqual(
      index.map((l) => [l.target, l.range]),
      [
        [`${uriOf('evidence/report.md')}#L5`, { start: { line: 17, character: 33 }, end: { line: 17, character: 62 } }],
        [uriOf('requirements.md'), { start: { line: 12, character: 8 }, end: { line: 12, character: 23 } }],
      ],
    );
    const part = await request<DocumentLink[]>('textDocument/documentLink', 'requirements.md');
    assert.deepEqual(part.map((l) => l.target), [uriOf('evidence/report.md')]);
  });

  it('sums up the checklist in a code lens over its header, and updates it as the table changes', async () => {
    const [lens] = await request<CodeLens[]>('textDocument/codeLens', 'requirements.md');
    assert.deepEqual(lens!.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 55 } });
    // The same figures as the overview and tree view, computed in-process on the same files.
    const service = createNodeService(() => workspace);
    const dossier = service.contextFor(path.join(workspace, 'index.md')).dossier!;
    const coverage = erCoverage(dossier, service.catalogue);
    assert.ok(coverage.missing > 0 && coverage.applicable > 0);
    // The No of 7 says only "N/A"; most ERs have no row in this small fixture.
    const expected = `${coverage.addressed} of ${coverage.applicable} applicable ERs addressed, 1 exclusion unjustified, ${coverage.missing} ERs without a row`;
    assert.equal(lens!.command!.title, expected);
    assert.deepEqual(await request<CodeLens[]>('textDocument/codeLens', 'index.md'), []);

    await client.change(uriOf('requirements.md'), 2, [{ range: { start: { line: 5, character: 16 }, end: { line: 5, character: 19 } }, text: 'The device is software only.' }]);
    const [updated] = await request<CodeLens[]>('textDocument/codeLens', 'requirements.md');
    // Only the justification changed, so only the unjustified count moves.
    assert.equal(updated!.command!.title, expected.replace('1 exclusion unjustified', '0 exclusions unjustified'));
  });
});
