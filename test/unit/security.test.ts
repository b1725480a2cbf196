/**
 * Never read outside the workspace, proved with a FileSystemHost that wraps the real one and
 * records every path it is asked to read or list, while a dossier and its configuration point
 * out of the workspace in every way: `../`, absolute paths, symbolic links to a file and to a
 * folder, a configuration file above the workspace, a catalogue extension and template folders
 * outside it. Also: what an untrusted workspace may not use from the settings.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { provideCodeActions } from '../../server/src/languageservice/features/codeActions';
import { DossierService, type DossierDiagnostic } from '../../server/src/languageservice/service';
import type { FileSystemHost } from '../../server/src/languageservice/workspace/host';
import { applyWorkspaceTrust, isWorkspaceTrusted } from '../../server/src/languageserver/workspaceTrust';
import { nodeFileSystem } from '../../server/src/node/nodeFileSystem';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { buildDossier, defaultFrontmatter, defaultRows, EVIDENCE } from '../support/dossierBuilder';
import { builtinCatalogue } from '../support/testService';

interface RecordingHost extends FileSystemHost {
  reads: string[];
}

/** The node host, recording the paths whose contents are read or listed. */
function recordingHost(): RecordingHost {
  const reads: string[] = [];
  return {
    reads,
    readText: (file) => (reads.push(file), nodeFileSystem.readText(file)),
    readError: (file) => (reads.push(file), nodeFileSystem.readError!(file)),
    list: (folder) => (reads.push(folder), nodeFileSystem.list(folder)),
    kind: (file) => nodeFileSystem.kind(file),
    realPath: (file) => nodeFileSystem.realPath(file),
  };
}

function isWithin(root: string, file: string): boolean {
  let real = file;
  try {
    real = fs.realpathSync(file);
  } catch {
    // missing: judged by its path
  }
  return real === root || real.startsWith(root + path.sep);
}

describe('security: nothing is read outside the workspace', () => {
  let root: string;
  let workspace: string;
  let outside: string;
  let index: string;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hie-confine-')));
    workspace = path.join(root, 'ws');
    outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(outside, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'secret.md'), '# Secret\n');
    fs.writeFileSync(path.join(outside, 'other.md'), '# Other\n');
    fs.writeFileSync(path.join(outside, 'catalogue.yaml'), 'sections: []\n');
    fs.writeFileSync(path.join(outside, 'templates', 'consent.md'), '## Informed patient consent\n\nOutside.\n');
    // A configuration above the workspace must not apply to it.
    fs.writeFileSync(path.join(root, '.hie-dossier.yaml'), 'catalogue: outside/catalogue.yaml\nrules:\n  section-missing: off\n');
    fs.mkdirSync(path.join(workspace, 'evidence'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'evidence', 'report.md'), EVIDENCE['/ws/evidence/report.md']);
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(workspace, 'leak.md'));
    fs.symlinkSync(outside, path.join(workspace, 'linked'));
    const parts = `parts: [../outside/secret.md, ${JSON.stringify(path.join(outside, 'other.md'))}, leak.md, linked/secret.md, ../../../../../../etc/passwd]\n`;
    const rows = defaultRows();
    rows[0] = { ...rows[0]!, evidence: '[a](../outside/secret.md#secret) [b](leak.md#secret) [c](linked/secret.md) [d](linked/) [e](../../../etc/passwd)' };
    index = path.join(workspace, 'index.md');
    fs.writeFileSync(index, buildDossier({ frontmatter: defaultFrontmatter('[software]', parts), rows, sections: { consent: undefined } }));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  function check(config: string | undefined): { host: RecordingHost; service: DossierService; diagnostics: DossierDiagnostic[] } {
    const configPath = path.join(workspace, '.hie-dossier.yaml');
    if (config === undefined) fs.rmSync(configPath, { force: true });
    else fs.writeFileSync(configPath, config);
    const host = recordingHost();
    const service = new DossierService({ catalogue: builtinCatalogue(), host, workspaceRootOf: () => workspace });
    const diagnostics = [...service.check(index).diagnostics.values()].flat();
    return { host, service, diagnostics };
  }

  it('parts and evidence links that leave the workspace are reported and not read', () => {
    const { host, diagnostics } = check(undefined);
    const outsideParts = diagnostics.filter((d) => d.rule === 'part-missing' && /is outside the workspace, so it is not read/.test(d.message));
    assert.equal(outsideParts.length, 5, diagnostics.map((d) => d.message).join('\n'));
    const leaving = diagnostics.filter((d) => d.rule === 'evidence-link-broken' && /leaves the workspace/.test(d.message));
    assert.equal(leaving.length, 5, diagnostics.filter((d) => d.rule === 'evidence-link-broken').map((d) => d.message).join('\n'));
    assert.ok(host.reads.includes(index), 'the recording host saw the reads');
    assert.deepEqual(host.reads.filter((file) => !isWithin(workspace, file)), []);
    // The configuration above the workspace was not applied: section-missing is still on.
    assert.ok(diagnostics.some((d) => d.rule === 'section-missing'));
  });

  it('a configuration naming a catalogue extension and template folders outside: refused, not read, also by quick fixes', () => {
    const { host, service, diagnostics } = check(`catalogue: ${path.join(outside, 'catalogue.yaml')}\ntemplates: [../outside/templates, linked/templates, templates]\n`);
    const refused = diagnostics.filter((d) => d.rule === 'config-invalid').map((d) => d.message);
    assert.deepEqual(refused.filter((m) => /outside the workspace/.test(m)).length, 3, refused.join('\n'));
    const missing = diagnostics.find((d) => d.rule === 'section-missing' && d.target === 'consent')!;
    const lsp = { range: missing.range, message: missing.message, source: 'hie-dossier', code: missing.rule, data: { rule: missing.rule, target: missing.target } };
    const actions = provideCodeActions(service, index, [lsp], undefined, { pathToUri: (p) => `file://${p}`, resolveSupport: false });
    assert.ok(actions.length > 0);
    assert.ok(!JSON.stringify(actions).includes('Outside.'), 'the template outside the workspace is not used');
    assert.deepEqual(host.reads.filter((file) => !isWithin(workspace, file)), []);
  });

  it('the recording host would have seen a read outside (the check above can fail)', () => {
    const host = recordingHost();
    host.readText(path.join(outside, 'secret.md'));
    assert.deepEqual(host.reads.filter((file) => !isWithin(workspace, file)), [path.join(outside, 'secret.md')]);
  });
});

describe('security: workspace trust and settings', () => {
  let root: string;
  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hie-trust-')));
    fs.mkdirSync(path.join(root, 'ws', 'templates'), { recursive: true });
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'ws', 'shortcut'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads the trust from initializationOptions; absent means trusted (editors without the notion)', () => {
    assert.equal(isWorkspaceTrusted({ workspaceTrusted: false }), false);
    assert.equal(isWorkspaceTrusted({ workspaceTrusted: true }), true);
    assert.equal(isWorkspaceTrusted({}), true);
    assert.equal(isWorkspaceTrusted(undefined), true);
    assert.equal(isWorkspaceTrusted('nonsense'), true);
  });

  it('untrusted: keeps only template folders inside every workspace folder, symbolic links followed', () => {
    const settings = { ...DEFAULT_SETTINGS, templateFolders: ['templates', './templates/../templates', '../elsewhere', path.join(root, 'elsewhere'), 'shortcut', '/etc', '~'] };
    const roots = [path.join(root, 'ws')];
    const untrusted = applyWorkspaceTrust(settings, false, roots, nodeFileSystem);
    assert.deepEqual(untrusted.settings.templateFolders, ['templates', './templates/../templates', '~']);
    assert.equal(untrusted.ignored.length, 4);
    assert.deepEqual(applyWorkspaceTrust(settings, true, roots, nodeFileSystem).settings, settings);
    assert.deepEqual(applyWorkspaceTrust(settings, false, [], nodeFileSystem).settings.templateFolders, [], 'no workspace folder: nothing is inside it');
  });
});
