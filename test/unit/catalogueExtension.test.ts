/**
 * A team's catalogue extension: merged item by item, each bad item reported on the extension file
 * (as `config-invalid`) and left out while the rest applies, and wired into checks and quick fixes.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction } from 'vscode-languageserver-types';
import { CatalogueExtensions, mergeCatalogue } from '../../server/src/languageservice/catalogue/extension';
import { CatalogueIndex } from '../../server/src/languageservice/catalogue/catalogueIndex';
import { provideCodeActions, resolveCodeAction } from '../../server/src/languageservice/features/codeActions';
import { applyWorkspaceEdit } from '../../server/src/languageservice/features/codeActions/applyEdit';
import type { DossierDiagnostic } from '../../server/src/languageservice/service';
import { buildDossier, defaultRows, EVIDENCE } from '../support/dossierBuilder';
import { builtinCatalogue, createTestService } from '../support/testService';

const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'libraries');
const TEAM = readFileSync(path.join(FIXTURES, 'team-catalogue.yaml'), 'utf8');
const BAD = readFileSync(path.join(FIXTURES, 'bad-catalogue.yaml'), 'utf8');
const INDEX = '/ws/index.md';

const element = (id: string, pattern = 'x'): string => `{ id: ${id}, description: the ${id}, recognisedBy: { allOf: [['${pattern}']] }, prompt: '${id}: \${1:value}' }`;

/** The text a problem's range covers. */
const at = (text: string, range: { start: number; end: number }): string => text.slice(range.start, range.end);

describe('catalogue extension: merging', () => {
  const base = builtinCatalogue();

  it('adds sections in the order asked, elements to existing sections, and local standards', () => {
    const before = JSON.stringify(base);
    const { catalogue, problems } = mergeCatalogue(base, TEAM, '/ws/team-catalogue.yaml');
    assert.deepEqual(problems, []);
    assert.equal(JSON.stringify(base), before, 'the built-in catalogue is untouched');
    const ids = catalogue.sections.map((s) => s.id);
    assert.equal(ids[ids.indexOf('risk-management') + 1], 'software-safety-case');
    assert.equal(catalogue.sections.length, base.sections.length + 1);
    const qms = catalogue.sections.find((s) => s.id === 'qms')!;
    assert.deepEqual(qms.elements.map((e) => e.id), [...base.sections.find((s) => s.id === 'qms')!.elements.map((e) => e.id), 'qms-certificate']);
    const standard = catalogue.standards.find((s) => s.id === 'ISO/IEC 27001')!;
    assert.deepEqual(standard.supports, ['12.1a']);
    assert.deepEqual(standard.sources, []);
    const index = new CatalogueIndex(catalogue);
    assert.equal(index.sectionMatcher.match('Safety case'), 'software-safety-case');
    assert.equal(index.editions.get('ISO/IEC 27001:2013')?.current, false);
  });

  it('treats an empty file as no extension', () => {
    for (const text of ['', '# only a comment\n']) {
      const merged = mergeCatalogue(base, text, '/x.yaml');
      assert.equal(merged.catalogue, base);
      assert.deepEqual(merged.problems, []);
    }
  });

  it('uses none of a file that is not YAML or not a mapping, saying where', () => {
    const yaml = mergeCatalogue(base, 'sections:\n  - id: [unclosed\n', '/ws/team.yaml');
    assert.equal(yaml.catalogue, base);
    assert.match(yaml.problems[0]!.message, /team\.yaml is not valid YAML, so none of it is used/);
    const list = mergeCatalogue(base, '- a\n- b\n', '/ws/team.yaml');
    assert.equal(list.catalogue, base);
    assert.match(list.problems[0]!.message, /must be a mapping/);
  });

  it('leaves out each bad item with a problem on it, and keeps the good ones', () => {
    const { catalogue, problems } = mergeCatalogue(base, BAD, '/ws/bad-catalogue.yaml');
    assert.deepEqual(catalogue.sections.map((s) => s.id), base.sections.map((s) => s.id));
    assert.deepEqual(catalogue.standards, base.standards);
    const messages = problems.map((p) => `${p.severity}: ${p.message} @ ${at(BAD, p.range).split('\n')[0]}`);
    assert.equal(problems.length, 3, messages.join('\n'));
    assert.match(messages[0]!, /^error: Section `qms` already exists: add elements to it under `elements: qms:` instead; it is left out\. @ qms$/);
    assert.match(messages[1]!, /^error: Section `extra-section`: `elements\[0\]` missing `prompt`; it is left out\. @ id: needs-prompt$/);
    assert.match(messages[2]!, /^error: Standard `Local-1`: ER 99\.9 is not in Annex I; it is left out\. @ \['99\.9'\]$/);
  });

  it('checks cross-references a schema cannot: headings, element ids, patterns, editions, section names', () => {
    const text = [
      'sections:',
      '  - { id: new-one, name: Risk management, elements: [] }',
      `  - { id: new-two, name: New two, elements: [${element('a')}, ${element('a')}] }`,
      `  - { id: new-three, name: New three, after: nowhere, elements: [${element('b', '(unclosed')}] }`,
      '  - { id: new-four, name: New four, after: nowhere, elements: [] }',
      'elements:',
      `  no-such-section: [${element('c')}]`,
      `  qms: [${element('qms-standard')}, ${element('fine')}]`,
      'standards:',
      '  - { id: ISO 14971, title: Again, current: ISO 14971:2030 }',
      '  - { id: Mine, title: Mine, current: ISO 13485:2016 }',
      '  - { id: Other, title: Other, current: ISO 99999:2020, replaces: [ISO 99999:2020] }',
      'colours: [red]',
    ].join('\n');
    const { catalogue, problems } = mergeCatalogue(base, text, '/ws/t.yaml');
    const messages = problems.map((p) => p.message);
    const expect = [
      /the heading "Risk management" already opens section `risk-management`/,
      /Section `new-two`: element `a` appears twice/,
      /element `b`: "\(unclosed" is not a valid regular expression/,
      /`after: nowhere` is not a section id; the section goes last/,
      /`no-such-section` is not a section id/,
      /Element `qms-standard` of `qms` already exists/,
      /Standard `ISO 14971` is already in the catalogue/,
      /the edition ISO 13485:2016 is already in the catalogue/,
      /the current edition is also listed as replaced/,
      /Unknown key `colours` ignored/,
    ];
    for (const pattern of expect) assert.ok(messages.some((m) => pattern.test(m)), `${pattern} in\n${messages.join('\n')}`);
    assert.equal(problems.length, expect.length, messages.join('\n'));
    assert.equal(problems.find((p) => /after: nowhere/.test(p.message))!.severity, 'warning');
    assert.deepEqual(catalogue.sections.map((s) => s.id).slice(-1), ['new-four']);
    assert.ok(catalogue.sections.find((s) => s.id === 'qms')!.elements.some((e) => e.id === 'fine'));
    assert.equal(at(text, problems.find((p) => /no-such-section/.test(p.message))!.range), 'no-such-section');
  });

  it('re-merges only when the text changes', () => {
    const extensions = new CatalogueExtensions(new CatalogueIndex(base));
    const first = extensions.resolve('/t.yaml', TEAM);
    assert.equal(extensions.resolve('/t.yaml', TEAM), first);
    assert.notEqual(extensions.resolve('/t.yaml', `${TEAM}\n# changed\n`).catalogue, first.catalogue);
    assert.equal(extensions.resolve('/e.yaml', '').catalogue.catalogue, base);
  });
});

describe('catalogue extension: in checks and quick fixes', () => {
  const files = (config: string, extension?: string): Record<string, string> => ({
    [INDEX]: buildDossier(),
    '/ws/.hie-dossier.yaml': config,
    ...(extension !== undefined ? { '/ws/team-catalogue.yaml': extension } : {}),
    ...EVIDENCE,
  });
  const run = (input: Record<string, string>): DossierDiagnostic[] => {
    const { service } = createTestService(input);
    return [...service.check(INDEX).diagnostics.values()].flat();
  };
  const describeAll = (list: DossierDiagnostic[]): string[] => list.map((d) => `${d.path} ${d.rule}(${d.target ?? ''})`);

  it('requires the team’s extra sections and elements, and knows its local standards', () => {
    const text = buildDossier({ rows: defaultRows().map((r) => (r.er === '12.1a' ? { ...r, standards: 'ISO/IEC 27001:2013' } : r)) });
    const diagnostics = run({ ...files('catalogue: team-catalogue.yaml\n', TEAM), [INDEX]: text });
    assert.deepEqual(describeAll(diagnostics).sort(), [
      `${INDEX} section-incomplete(qms)`,
      `${INDEX} section-missing(software-safety-case)`,
      `${INDEX} standard-superseded(ISO/IEC 27001)`,
    ]);
    assert.deepEqual(run({ ...files('{}\n'), [INDEX]: text }), [], 'without the extension the dossier is clean');
  });

  it('reports a bad extension on its own file as config-invalid, and checks the dossier as before', () => {
    const diagnostics = run(files('catalogue: team-catalogue.yaml\n', BAD));
    const onFile = diagnostics.filter((d) => d.path === '/ws/team-catalogue.yaml');
    assert.equal(onFile.length, 3);
    assert.ok(onFile.every((d) => d.rule === 'config-invalid' && d.severity === 'error'));
    assert.deepEqual(onFile[0]!.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 11 } });
    assert.deepEqual(diagnostics.filter((d) => d.path !== '/ws/team-catalogue.yaml'), []);
  });

  it('says on .hie-dossier.yaml when the extension file cannot be read', () => {
    const diagnostics = run(files('rules: {}\ncatalogue: missing.yaml\n'));
    assert.deepEqual(describeAll(diagnostics), ['/ws/.hie-dossier.yaml config-invalid()']);
    assert.deepEqual(diagnostics[0]!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
  });

  it('follows edits of the extension between checks', () => {
    const input = files('catalogue: team-catalogue.yaml\n', '');
    const { service, host } = createTestService(input);
    const clean = [...service.check(INDEX).diagnostics.values()].flat();
    assert.deepEqual(clean, []);
    host.write('/ws/team-catalogue.yaml', `elements:\n  qms: [${element('qms-certificate', 'certificate\\s+number')}]\n`);
    const after = [...service.check(INDEX).diagnostics.values()].flat();
    assert.deepEqual(describeAll(after), [`${INDEX} section-incomplete(qms)`]);
    host.write('/ws/team-catalogue.yaml', '');
    assert.deepEqual([...service.check(INDEX).diagnostics.values()].flat(), [], 'and back, with cached rule results dropped');
  });

  it('offers quick fixes for the team’s section and element, which remove their diagnostics', () => {
    const input = files('catalogue: team-catalogue.yaml\n', TEAM);
    const { service } = createTestService(input);
    const diagnostics = [...service.check(INDEX).diagnostics.values()].flat();
    const lsp = diagnostics.map((d) => ({ range: d.range, message: d.message, source: 'hie-dossier', code: d.rule, data: { rule: d.rule, target: d.target } }));
    const options = { pathToUri: (p: string) => `file://${p}` };
    const actions = provideCodeActions(service, INDEX, lsp, undefined, options);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Insert the "Software safety case" section'), titles.join(' | '));
    assert.ok(titles.includes('Add a line stating the QMS certificate number to "Quality management system"'), titles.join(' | '));
    let text = input[INDEX]!;
    for (const action of actions) {
      const resolved: CodeAction = resolveCodeAction(service, action, options);
      text = applyWorkspaceEdit(resolved.edit!, () => text).get(`file://${INDEX}`)!;
      service.setOverlay(INDEX, text);
    }
    const rows = text.split('\n');
    const headings = rows.filter((l) => l.startsWith('## '));
    assert.equal(headings[headings.indexOf('## Risk management') + 1], '## Software safety case');
    assert.ok(rows.includes('Hazard log: location or document reference'));
    const after = [...service.check(INDEX).diagnostics.values()].flat();
    // Section and element are in place; what is left is the author's part: the placeholders.
    assert.deepEqual(describeAll(after), [`${INDEX} placeholder-unfilled(qms)`, `${INDEX} placeholder-unfilled(software-safety-case)`]);
    assert.ok(after.every((d) => d.severity === 'warning'), 'no error is added');
  });
});
