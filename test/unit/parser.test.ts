/** The dossier model: positions in UTF-16 with CRLF and BOM, tables, headings, links. */
import { strict as assert } from 'node:assert';
import { parseMarkdown } from '../../server/src/languageservice/parse/parseMarkdown';
import { buildFileModel } from '../../server/src/languageservice/model/fileModel';
import { LineIndex } from '../../server/src/languageservice/text/lineIndex';
import { buildDossier, defaultRows, EVIDENCE, lineOf } from '../support/dossierBuilder';
import { builtinCatalogue, check } from '../support/testService';
import { CatalogueIndex } from '../../server/src/languageservice/catalogue/catalogueIndex';

const catalogue = new CatalogueIndex(builtinCatalogue());
const model = (text: string) => buildFileModel('/ws/index.md', parseMarkdown(text), catalogue.sectionMatcher);

describe('parser and model', () => {
  it('gives the same diagnostics, at the same lines, for LF, CRLF and a BOM', () => {
    const rows = defaultRows();
    rows[0] = { ...rows[0]!, standards: 'ISO 14971:2007' };
    const lf = check({ '/ws/index.md': buildDossier({ rows }), ...EVIDENCE });
    const crlf = check({ '/ws/index.md': buildDossier({ rows, eol: '\r\n' }), ...EVIDENCE });
    const bom = check({ '/ws/index.md': buildDossier({ rows, bom: true }), ...EVIDENCE });
    assert.equal(lf.length, 1);
    assert.deepEqual(crlf, lf);
    // A BOM is one UTF-16 unit on the first line only; the diagnostic is further down.
    assert.deepEqual(bom, lf);
  });

  it('counts columns in UTF-16 code units (an emoji is two)', () => {
    const text = buildDossier({ append: '\n😀 see [x](nowhere.md)\n' });
    const [d] = check({ '/ws/index.md': text, ...EVIDENCE });
    assert.equal(d!.rule, 'evidence-link-broken');
    assert.equal(d!.range.start.line, lineOf(text, 'nowhere.md'));
    assert.equal(d!.range.start.character, '😀 see [x]('.length);
    assert.equal('😀 see [x]('.length, 11);
  });

  it('finds the frontmatter after a BOM and reports positions that include it', () => {
    const text = '\uFEFF---\ndevice:\n  name: X\n---\n# T\n';
    const file = model(text);
    assert.ok(file.isIndex);
    assert.equal(file.parsed.frontmatter!.range.start, 1);
    assert.equal(file.headings[0]!.range.start, text.indexOf('# T'));
  });

  it('unescapes pipes in table cells and keeps the cell range on the source', () => {
    const text = '---\ndevice:\n  name: X\n---\n# Essential requirements\n\n| ER | Applies | Justification |\n| --- | --- | --- |\n| 7.1 | No | Uses A \\| B only, no materials |\n';
    const [table] = model(text).erTables;
    const row = table!.rows[0]!;
    assert.equal(row.justificationCell!.text, 'Uses A | B only, no materials');
    assert.equal(text.slice(row.justificationCell!.range.start, row.justificationCell!.range.end), 'Uses A \\| B only, no materials');
    assert.equal(row.number, '7.1');
    assert.equal(row.applies, 'no');
  });

  it('reads headings with trailing #s, inline code and emphasis', () => {
    const file = model('# Risk management ##\n\n## The `QMS` *scope*\n\nSetext\n======\n');
    assert.deepEqual(file.headings.map((h) => h.text), ['Risk management', 'The QMS scope', 'Setext']);
    assert.deepEqual(file.sections.map((s) => s.sectionId), ['risk-management', undefined, undefined]);
    assert.deepEqual(file.slugs, ['risk-management', 'the-qms-scope', 'setext']);
  });

  it('only reads tables inside the essential requirements section, columns in any order', () => {
    const text = [
      '# Notes', '', '| ER | Applies |', '| --- | --- |', '| 1 | Yes |', '',
      '# Essential requirements', '', '| Rationale | Applicable | Requirement | Method |', '| --- | --- | --- | --- |', '| | Y | 12.1a Software validation | IEC 62304 |',
    ].join('\n');
    const file = model(text);
    assert.equal(file.erTables.length, 1);
    const row = file.erTables[0]!.rows[0]!;
    assert.equal(row.number, '12.1a');
    assert.equal(row.applies, 'yes');
    assert.equal(row.standardsCell!.text, 'IEC 62304');
  });

  it('resolves reference-style links through their definitions', () => {
    const file = model('See [the report][r].\n\n[r]: evidence/report.md\n');
    assert.deepEqual(file.links.map((l) => l.url), ['evidence/report.md']);
  });

  it('maps offsets to positions and back for \\n, \\r\\n and lone \\r', () => {
    const index = new LineIndex('a\r\nb\nc\rd');
    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(7), { line: 3, character: 0 });
    assert.equal(index.offsetAt({ line: 2, character: 5 }), 6, 'clamped to the end of the line');
    assert.equal(index.eol, '\r\n');
  });

  it('does not treat a file without a device mapping as a dossier', () => {
    assert.equal(model('---\ntitle: Meeting\n---\n# ER 7.1\n').isIndex, false);
    assert.equal(model('---\ndevice: a string\n---\n').isIndex, false);
    assert.deepEqual(check({ '/ws/index.md': '---\ntitle: Notes\n---\n\n# Essential requirements\n\n| ER | Applies |\n| - | - |\n| 99 | No |\n' }), []);
    assert.deepEqual(check({ '/ws/index.md': '# README\n\nNHS number 943 476 5919.\n' }), []);
  });
});
