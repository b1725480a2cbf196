/**
 * Hovers over the spawned server: an ER in prose (after an emoji, CRLF file) and in a checklist
 * cell of a part, a standard citation, and a characteristic in the frontmatter.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover, MarkupContent, Position } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lspClient';

const INDEX = `---
device:
  name: Test device
  code: T-1
  version: 1.0.0
  description: A device for tests
  intended-purpose: Testing hovers
  classification: IIa
  characteristics: [software, sterile]
institution:
  name: Example NHS Foundation Trust
  address: 1 Hospital Road
parts: [requirements.md]
---

# Test device

😀 The software is validated as ER 12.1a asks, and follows ISO 14971:2007.
`.replace(/\n/g, '\r\n');

const PART = `# Essential requirements

| ER | Applies | Standards | Evidence | Justification |
| --- | --- | --- | --- | --- |
| 1 | Yes | ISO 14971:2019 | | |
| 12.1a | Partly | IEC 62304:2006+A1:2015 | | |
`;

const valueOf = (hover: Hover | null): string => {
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
};

describe('hover over LSP', () => {
  let workspace: string;
  let client: LspTestClient;
  const uriOf = (name: string): string => pathToFileURL(path.join(workspace, name)).href;
  const hoverAt = (name: string, position: Position): Promise<Hover | null> => client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(name) }, position });

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-hover-'));
    fs.writeFileSync(path.join(workspace, 'index.md'), INDEX);
    fs.writeFileSync(path.join(workspace, 'requirements.md'), PART);
    let initialize;
    ({ client, initialize } = await LspTestClient.start({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: false } }));
    assert.equal(initialize.capabilities.hoverProvider, true);
    await client.open(uriOf('index.md'), INDEX);
    await client.waitForDiagnostics(uriOf('index.md'));
    await client.open(uriOf('requirements.md'), PART);
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('shows an ER mentioned in prose: title, applicability and the row in the part (UTF-16, CRLF)', async () => {
    // Line 17 is "😀 The software is validated as ER 12.1a …": the emoji is two code units, so
    // "ER 12.1a" spans characters 32 to 40.
    const hover = await hoverAt('index.md', { line: 17, character: 36 });
    const value = valueOf(hover);
    assert.match(value, /^\*\*ER 12\.1a: /);
    assert.match(value, /\*\*Applies to this device\*\*, which has `software`/);
    assert.match(value, /\*\*In this dossier:\*\* \*\*Partly\*\*, row at line 6 of requirements\.md\./);
    assert.deepEqual(hover!.range, { start: { line: 17, character: 32 }, end: { line: 17, character: 40 } });
    assert.equal(await hoverAt('index.md', { line: 17, character: 31 }), null, 'the space before it is not the mention');
  });

  it('shows an ER number in a checklist cell', async () => {
    const hover = await hoverAt('requirements.md', { line: 4, character: 2 });
    assert.match(valueOf(hover), /^\*\*ER 1: [\s\S]*cannot be excluded[\s\S]*\*\*Yes\*\*, row at line 5\./);
    assert.deepEqual(hover!.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 3 } });
  });

  it('shows a superseded standard with its current edition', async () => {
    const hover = await hoverAt('index.md', { line: 17, character: 65 });
    assert.match(valueOf(hover), /`ISO 14971:2007` has been \*\*replaced by `ISO 14971:2019`\*\*/);
    assert.deepEqual(hover!.range, { start: { line: 17, character: 59 }, end: { line: 17, character: 73 } });
  });

  it('shows the ERs a characteristic makes applicable', async () => {
    const hover = await hoverAt('index.md', { line: 8, character: 33 });
    const value = valueOf(hover);
    assert.match(value, /^\*\*`sterile`\*\*/);
    assert.match(value, /- ER 8\.3: /);
    assert.deepEqual(hover!.range, { start: { line: 8, character: 30 }, end: { line: 8, character: 37 } });
  });
});
