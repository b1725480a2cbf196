/** Workspace behaviour over LSP: the initial scan of closed dossiers, and re-checks on file events. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDossier, defaultFrontmatter } from '../support/dossierBuilder';
import { LspTestClient } from '../support/lspClient';

describe('workspace over LSP', () => {
  let workspace: string;

  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-ws-'));
    fs.mkdirSync(path.join(workspace, 'evidence'));
    fs.writeFileSync(path.join(workspace, 'evidence', 'report.md'), '# Report\n');
  });

  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('checks the dossiers that are not open when it starts, with progress, and leaves other Markdown alone', async () => {
    fs.writeFileSync(path.join(workspace, 'index.md'), buildDossier({ sections: { consent: undefined } }));
    fs.writeFileSync(path.join(workspace, 'README.md'), '# Readme\n\n943 476 5919\n');
    const progress: string[] = [];
    const { client } = await LspTestClient.start({ workspace, settings: { debounceMs: 0 } });
    client.connection.onNotification('$/progress', (params: { value: { kind: string } }) => progress.push(params.value.kind));
    try {
      const uri = pathToFileURL(path.join(workspace, 'index.md')).href;
      const published = await client.waitForDiagnostics(uri, (d) => d.length > 0);
      assert.deepEqual(published.diagnostics.map((d) => [d.code, (d.data as { target?: string }).target]), [['section-missing', 'consent']]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(client.diagnostics.get(pathToFileURL(path.join(workspace, 'README.md')).href), undefined, 'no diagnostics for a README');
      assert.ok(progress.includes('begin') && progress.includes('end'), `progress reported: ${progress.join(',')}`);
    } finally {
      await client.shutdown();
    }
  });

  it('checks a dossier again when one of its parts is created or deleted', async () => {
    const index = path.join(workspace, 'index.md');
    fs.writeFileSync(index, buildDossier({ frontmatter: defaultFrontmatter('[software]', 'parts: [consent.md]\n'), sections: { consent: undefined } }));
    const { client } = await LspTestClient.start({ workspace, settings: { debounceMs: 0 } });
    try {
      const uri = pathToFileURL(index).href;
      await client.open(uri, fs.readFileSync(index, 'utf8'));
      const before = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'part-missing'));
      assert.ok(before.diagnostics.some((d) => d.code === 'section-missing'));

      const part = path.join(workspace, 'consent.md');
      fs.writeFileSync(part, '# Informed patient consent\n\nPatients are told the device is made under the Health Institution Exemption, are given its risks, and consent is recorded in the notes.\n');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(part).href, type: 1 }] });
      await client.waitForDiagnostics(uri, (d) => d.length === 0);

      fs.rmSync(part);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(part).href, type: 3 }] });
      await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'part-missing'));
    } finally {
      await client.shutdown();
    }
  });

  it('checks again when an evidence file appears, and when settings change', async () => {
    const index = path.join(workspace, 'index.md');
    const text = buildDossier({ append: '\nSee [plan](evidence/plan.md). Old: ISO 14971:2007\n' });
    fs.writeFileSync(index, text);
    const { client } = await LspTestClient.start({ workspace, settings: { debounceMs: 0 } });
    try {
      const uri = pathToFileURL(index).href;
      await client.open(uri, text);
      await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'evidence-link-broken'));
      const plan = path.join(workspace, 'evidence', 'plan.md');
      fs.writeFileSync(plan, '# Plan\n');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(plan).href, type: 1 }] });
      await client.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'evidence-link-broken'));

      client.settings = { debounceMs: 0, rules: { 'standard-superseded': 'error' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const severe = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'standard-superseded' && x.severity === 1));
      assert.equal(severe.diagnostics.length, 1);
    } finally {
      await client.shutdown();
    }
  });
});
