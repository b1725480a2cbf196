/** The central register: one entry per dossier, fields from the frontmatter or the records section, and CSV/JSON/Markdown that read back. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { dossierFacts, recordItems } from '../../server/src/languageservice/outputs/facts';
import { registerEntry, REGISTER_HEADER, renderRegisterCsv, renderRegisterJson, renderRegisterMarkdown, type RegisterEntry } from '../../server/src/languageservice/outputs/register';
import { buildDossier, defaultFrontmatter, defaultSections, EVIDENCE } from '../support/dossierBuilder';
import { createTestService, WORKSPACE } from '../support/testService';
import { checked, ESCAPING_FIXTURE, EXAMPLE_INDEXES, expectGolden, frontmatterOf, fromRepo, parseCsv } from './outputsFixtures';

function entryOf(index: string): RegisterEntry {
  const { dossier, diagnostics } = checked(index);
  return registerEntry(dossier, diagnostics, fromRepo);
}

/** The text after a bold label in the records section, read straight from the file. */
function labelled(index: string, label: string): string {
  const text = fs.readFileSync(index, 'utf8');
  const match = new RegExp(`\\*\\*${label}:\\*\\*\\s*([^]*?)(?=\\n- \\*\\*|\\n\\n)`).exec(text);
  assert.ok(match, `${label} in ${index}`);
  return match[1]!.replace(/\s+/g, ' ').trim();
}

describe('outputs: central register', () => {
  for (const [name, index] of Object.entries(EXAMPLE_INDEXES)) {
    it(`takes identity, status, institution and declaration URL from the frontmatter, and counts problems (${name})`, async () => {
      const fm = (await frontmatterOf(index)) as { device: Record<string, unknown>; institution: Record<string, string>; status: string };
      const { diagnostics } = checked(index);
      const entry = entryOf(index);
      assert.equal(entry.file, fromRepo(index));
      assert.equal(entry.name, fm.device.name);
      assert.equal(entry.code, fm.device.code);
      assert.equal(entry.version, String(fm.device.version));
      assert.equal(entry.classification, fm.device.classification);
      assert.equal(entry.status, fm.status);
      assert.equal(entry.institution, fm.institution.name);
      assert.equal(entry.declarationUrl, fm.institution['declaration-url']);
      assert.equal(entry.errors, diagnostics.filter((d) => d.severity === 'error').length);
      assert.equal(entry.warnings, diagnostics.filter((d) => d.severity === 'warning').length);
    });

    it(`dates the last market scan from the first date of the market-scan section (${name})`, () => {
      const text = fs.readFileSync(index, 'utf8');
      const written = /Date of the scan:\*\*\s*(\d{1,2} \w+ \d{4})/.exec(text)![1]!;
      const expected = new Date(`${written} UTC`).toISOString().slice(0, 10);
      assert.equal(entryOf(index).lastMarketScan, expected);
    });
  }

  it('reads users, locations and the asset reference from the labelled items of the records section', () => {
    for (const index of [EXAMPLE_INDEXES.gentamicin, EXAMPLE_INDEXES.muCheck]) {
      const entry = entryOf(index);
      assert.deepEqual(entry.users, [labelled(index, 'Users')]);
      assert.deepEqual(entry.locations, [labelled(index, 'Locations')]);
      assert.equal(entry.asset, labelled(index, 'Asset and inventory reference'));
    }
    const prose = entryOf(EXAMPLE_INDEXES.thumbSplint);
    assert.deepEqual([prose.users, prose.locations, prose.asset], [[], [], null], 'prose without labels gives nothing rather than a guess');
  });

  it('prefers the frontmatter fields users, locations and asset to the records section', () => {
    const entry = entryOf(ESCAPING_FIXTURE);
    assert.deepEqual(entry.users, ['Ward nurses, "band 5"\nNight staff']);
    assert.deepEqual(entry.locations, ['Ward 1', 'Ward 2, annexe']);
    assert.equal(entry.asset, 'ASSET-<42>');
    assert.equal(recordItems(checked(ESCAPING_FIXTURE).dossier).users, 'ward nurses.', 'the records section says something else');
  });

  it('reads the records section of a dossier with CRLF line ends and a BOM', () => {
    const records = `## Records and traceability\n\nThe central record entry is HIE-1 in the equipment database.\n\n* __Device users__: pharmacists\n  on the wards.\n* Locations: Pharmacy; Ward 3.\n* [Asset](evidence/report.md) reference: SW-9.\n`;
    const index = `${WORKSPACE}/index.md`;
    const text = buildDossier({ sections: { ...defaultSections(), records }, eol: '\r\n', bom: true, frontmatter: defaultFrontmatter() });
    const { service } = createTestService({ [index]: text, ...EVIDENCE });
    const facts = dossierFacts(service.check(index).dossier!);
    assert.deepEqual([facts.users, facts.locations, facts.asset], [['pharmacists on the wards.'], ['Pharmacy; Ward 3.'], 'SW-9.']);
  });

  it('matches the golden CSV of the two complete examples', () => {
    expectGolden('register-complete-examples.csv', renderRegisterCsv([entryOf(EXAMPLE_INDEXES.gentamicin), entryOf(EXAMPLE_INDEXES.muCheck)]));
  });

  it('writes CSV that reads back to the same values, commas, quotes and line breaks included', () => {
    const entries = [entryOf(ESCAPING_FIXTURE), ...Object.values(EXAMPLE_INDEXES).map(entryOf)];
    const csv = renderRegisterCsv(entries);
    assert.ok(csv.includes('"Ward <b>&""quote""\' splint, mark 2"'));
    assert.ok(csv.includes('"Ward nurses, ""band 5""\nNight staff"'));
    const records = parseCsv(csv);
    assert.deepEqual(records[0], REGISTER_HEADER);
    assert.equal(records.length, entries.length + 1);
    const [first] = records.slice(1);
    const column = (title: string): string => first![REGISTER_HEADER.indexOf(title)]!;
    assert.equal(column('Device name'), entries[0]!.name);
    assert.equal(column('Users'), entries[0]!.users.join('; '));
    assert.equal(column('Locations'), 'Ward 1; Ward 2, annexe');
    assert.equal(column('Declaration URL'), 'https://example.nhs.uk/hie?device=1&view="full"');
    assert.equal(column('Last market scan'), '2025-11-03');
    assert.equal(column('Warnings'), String(entries[0]!.warnings));
  });

  it('writes JSON that parses to the entries, and a Markdown table with one row per dossier', () => {
    const entries = [entryOf(ESCAPING_FIXTURE), entryOf(EXAMPLE_INDEXES.thumbSplint)];
    assert.deepEqual(JSON.parse(renderRegisterJson(entries)), entries);
    const markdown = renderRegisterMarkdown(entries);
    const rows = markdown.split('\n').filter((line) => line.startsWith('| '));
    assert.equal(rows.length, entries.length + 2, 'header, separator and one row per dossier');
    for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length - 2, REGISTER_HEADER.length);
    assert.ok(markdown.includes('Ward \\<b\\>\\&"quote"\' splint, mark 2'));
    assert.ok(!/[^\\]<b>/.test(markdown));
  });
});
