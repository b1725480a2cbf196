/** The server's LSP lifecycle over stdio: initialize, open, incremental change, close, shutdown. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../support/lspClient';

const DOSSIER = `---
device:
  name: Test device
  code: T-1
  version: 1.0.0
  description: A device for tests
  intended-purpose: Testing the server
  classification: I
  characteristics: [software]
institution:
  name: Example NHS Foundation Trust
  address: 1 Hospital Road
---

# Essential requirements

| ER | Applies | Standards | Evidence | Justification |
| --- | --- | --- | --- | --- |
| 1 | Yes | ISO 14971:2007 | | |
`;

describe('server lifecycle over stdio', () => {
  let workspace: string;
  let client: LspTestClient;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-lifecycle-'));
    ({ client } = await LspTestClient.start({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: false } }));
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('answers initialize with incremental sync and its name', async () => {
    const { client: other, initialize } = await LspTestClient.start();
    try {
      assert.equal(initialize.serverInfo?.name, 'hie-dossier-ls');
      assert.deepEqual(initialize.capabilities.textDocumentSync, { openClose: true, change: 2, save: false });
    } finally {
      assert.equal(await other.shutdown(), 0);
    }
  });

  it('publishes diagnostics on open, updates them on an incremental change, clears them on close', async () => {
    const uri = pathToFileURL(path.join(workspace, 'index.md')).href;
    await client.open(uri, DOSSIER);
    const opened = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'standard-superseded'));
    const superseded = opened.diagnostics.find((d) => d.code === 'standard-superseded')!;
    assert.equal(superseded.source, 'hie-dossier');
    assert.deepEqual(superseded.range, { start: { line: 18, character: 12 }, end: { line: 18, character: 26 } });
    assert.deepEqual(superseded.data, { rule: 'standard-superseded', target: 'ISO 14971' });

    // Replace "2007" by "2019" with a ranged (incremental) change.
    await client.change(uri, 2, [{ range: { start: { line: 18, character: 22 }, end: { line: 18, character: 26 } }, text: '2019' }]);
    const changed = await client.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'standard-superseded'));
    assert.ok(changed.diagnostics.some((d) => d.code === 'er-missing'), 'other diagnostics remain');

    await client.close(uri);
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
  });

  it('exits with 0 after shutdown and exit', async () => {
    const { client: other } = await LspTestClient.start();
    assert.equal(await other.shutdown(), 0);
  });
});
