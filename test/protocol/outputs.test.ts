/** The custom requests behind the VS Code views, over stdio to the built server (`npm run build` first). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DECLARATION_REQUEST,
  WORKSPACE_SUMMARY_REQUEST,
  type DeclarationParams,
  type DeclarationResult,
  type WorkspaceSummary,
} from '../../server/src/languageservice/outputs/protocol';
import { createNodeService } from '../../server/src/node/createService';
import { LspTestClient, REPO_ROOT } from '../support/lspClient';

const uri = (file: string): string => pathToFileURL(file).href;

describe('custom requests for the views (hieDossier/workspaceSummary, hieDossier/declaration)', () => {
  let workspace: string;
  let client: LspTestClient;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-outputs-protocol-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
    ({ client } = await LspTestClient.start({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: false } }));
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const summary = (folders?: string[]): Promise<WorkspaceSummary> => client.request<WorkspaceSummary>(WORKSPACE_SUMMARY_REQUEST, folders ? { folders } : {});
  const declaration = (params: DeclarationParams): Promise<DeclarationResult> => client.request<DeclarationResult>(DECLARATION_REQUEST, params);

  it('summarises every dossier under the folders, with the same problems as a check', async () => {
    const result = await summary([uri(workspace)]);
    assert.equal(result.enabled, true);
    assert.deepEqual(
      result.dossiers.map((d) => [d.name, d.relativePath, d.status]),
      [
        ['3D-printed Thumb CMC Splint', 'thumb-splint/index.md', 'in-use'],
        ['Extended-Distance MU Check', 'mu-check/index.md', 'in-use'],
        ['Paediatric Gentamicin Dose Calculator', 'gentamicin-calculator/index.md', 'in-use'],
      ],
    );
    const service = createNodeService(() => workspace);
    for (const dossier of result.dossiers) {
      const file = path.join(workspace, dossier.relativePath);
      assert.equal(dossier.uri, uri(file));
      const diagnostics = [...service.check(file).diagnostics.values()].flat();
      assert.equal(dossier.errors, diagnostics.filter((d) => d.severity === 'error').length, dossier.name);
      assert.equal(dossier.warnings, diagnostics.filter((d) => d.severity === 'warning').length, dossier.name);
      assert.equal(dossier.problems.length, diagnostics.length);
      assert.ok(dossier.coverage.total > 0 && dossier.coverage.addressed <= dossier.coverage.applicable);
    }
  });

  it('shows unsaved editor text, and follows it as it changes', async () => {
    const index = path.join(workspace, 'thumb-splint', 'index.md');
    const text = fs.readFileSync(index, 'utf8');
    await client.open(uri(index), text.replace('name: 3D-printed Thumb CMC Splint', 'name: Renamed Splint'));
    let result = await summary([uri(workspace)]);
    assert.ok(result.dossiers.some((d) => d.name === 'Renamed Splint'));
    await client.change(uri(index), 2, [{ text: text.replace('status: in-use', 'status: suspended') }]);
    result = await summary([uri(workspace)]);
    const splint = result.dossiers.find((d) => d.uri === uri(index))!;
    assert.deepEqual([splint.name, splint.status], ['3D-printed Thumb CMC Splint', 'suspended']);
    await client.close(uri(index));
  });

  it('knows only the open dossiers when the client gives no folders and does not answer workspace/workspaceFolders', async () => {
    const index = path.join(workspace, 'gentamicin-calculator', 'index.md');
    await client.open(uri(index), fs.readFileSync(index, 'utf8'));
    const result = await summary();
    assert.deepEqual(result.dossiers.map((d) => d.uri), [uri(index)]);
    await client.close(uri(index));
  });

  it('renders the declaration of a dossier with errors as a DRAFT, or refuses it on request', async () => {
    const index = path.join(workspace, 'thumb-splint', 'index.md');
    const errors = (await summary([uri(workspace)])).dossiers.find((d) => d.uri === uri(index))!.errors;
    const draft = await declaration({ uri: uri(index), nonce: 'abc123' });
    assert.equal(draft.indexUri, uri(index));
    assert.equal(draft.draft, true);
    assert.equal(draft.blockers.length, errors);
    assert.ok(draft.blockers.every((b) => b.severity === 'error'));
    assert.match(draft.title, /^DRAFT – Public declaration: 3D-printed Thumb CMC Splint$/);
    assert.match(draft.content!, /<div class="draft" role="note">/);
    assert.match(draft.content!, /style-src 'nonce-abc123'/);
    assert.match(draft.content!, /<style nonce="abc123">/);
    const refused = await declaration({ uri: uri(index), draft: 'never' });
    assert.equal(refused.content, null);
    assert.equal(refused.blockers.length, errors);
  });

  it('renders a clean dossier\'s declaration without DRAFT, in HTML or Markdown, also from one of its parts', async () => {
    const gentamicin = await declaration({ uri: uri(path.join(workspace, 'gentamicin-calculator', 'index.md')) });
    assert.equal(gentamicin.draft, false);
    assert.deepEqual(gentamicin.blockers, []);
    assert.match(gentamicin.content!, /^<!DOCTYPE html>/);
    assert.doesNotMatch(gentamicin.content!, /DRAFT/);
    const markdown = await declaration({ uri: uri(path.join(workspace, 'gentamicin-calculator', 'index.md')), format: 'md' });
    assert.match(markdown.content!, /^# Public declaration: Paediatric Gentamicin Dose Calculator\n/);
    const always = await declaration({ uri: uri(path.join(workspace, 'gentamicin-calculator', 'index.md')), draft: 'always' });
    assert.equal(always.draft, true);

    // The summary above checked the MU check, so the server knows risk.md is one of its parts.
    const fromPart = await declaration({ uri: uri(path.join(workspace, 'mu-check', 'risk.md')) });
    assert.equal(fromPart.indexUri, uri(path.join(workspace, 'mu-check', 'index.md')));
    assert.match(fromPart.content!, /Public declaration: Extended-Distance MU Check/);
  });

  it('answers "not a dossier" for other Markdown files', async () => {
    const readme = await declaration({ uri: uri(path.join(workspace, 'README.md')) });
    assert.deepEqual([readme.indexUri, readme.content], [null, null]);
  });

  it('reports that checking is off when hieDossier.enable is false', async () => {
    const { client: disabled } = await LspTestClient.start({ workspace, settings: { enable: false, checkWorkspaceOnStart: false } });
    try {
      assert.deepEqual(await disabled.request(WORKSPACE_SUMMARY_REQUEST, { folders: [uri(workspace)] }), { enabled: false, dossiers: [] });
    } finally {
      await disabled.shutdown();
    }
  });
});
