/** Every rule of the format page: it fires on its defect, stays silent on correct input, and points at the narrowest range. */
import { strict as assert } from 'node:assert';
import type { DossierDiagnostic } from '../../../server/src/languageservice/service';
import { buildDossier, defaultFrontmatter, defaultRows, EVIDENCE, lineOf, type ChecklistRow } from '../../support/dossierBuilder';
import { check } from '../../support/testService';

const INDEX = '/ws/index.md';

function run(text: string, extra: Record<string, string> = {}): DossierDiagnostic[] {
  return check({ [INDEX]: text, ...EVIDENCE, ...extra });
}

function only(diagnostics: DossierDiagnostic[], rule: string): DossierDiagnostic[] {
  return diagnostics.filter((d) => d.rule === rule);
}

function withRow(er: string, change: Partial<ChecklistRow> | undefined): ChecklistRow[] {
  const rows = defaultRows();
  const index = rows.findIndex((row) => row.er === er);
  if (change === undefined) rows.splice(index, 1);
  else rows[index] = { ...rows[index]!, ...change };
  return rows;
}

/** Asserts the diagnostic sits exactly on `needle` (its first occurrence after `after`). */
function assertOn(text: string, diagnostic: DossierDiagnostic, needle: string, after = ''): void {
  const from = after ? text.indexOf(after) : 0;
  const offset = text.indexOf(needle, from);
  assert.ok(offset >= 0, `${needle} not in text`);
  const before = text.slice(0, offset).split('\n');
  const line = before.length - 1;
  const character = before[before.length - 1]!.length;
  assert.deepEqual(diagnostic.range, { start: { line, character }, end: { line, character: character + needle.length } }, `range of ${diagnostic.rule}`);
}

describe('rules', () => {
  it('a complete dossier has no diagnostics', () => {
    assert.deepEqual(run(buildDossier()), []);
  });

  describe('frontmatter-invalid', () => {
    it('fires on a missing required field, on the parent key', () => {
      const text = buildDossier({ frontmatter: defaultFrontmatter().replace('  version: 2.1.0\n', '') });
      const [d, ...rest] = only(run(text), 'frontmatter-invalid');
      assert.equal(rest.length, 0);
      assert.match(d!.message, /device\.version/);
      assertOn(text, d!, 'device');
    });
    it('fires on a wrong type, on the value', () => {
      const text = buildDossier({ frontmatter: defaultFrontmatter('software') });
      const [d] = only(run(text), 'frontmatter-invalid');
      assert.match(d!.message, /must be a list/);
      assertOn(text, d!, 'software', 'characteristics:');
    });
    it('fires on a classification outside I, Is, Im, IIa, IIb, III', () => {
      const text = buildDossier({ frontmatter: defaultFrontmatter().replace('classification: IIa', 'classification: IIc') });
      const [d] = only(run(text), 'frontmatter-invalid');
      assertOn(text, d!, 'IIc');
    });
    it('fires when the YAML does not parse, at the error', () => {
      const text = buildDossier({ frontmatter: defaultFrontmatter().replace('status: in-use', 'status: [in-use') });
      const found = only(run(text), 'frontmatter-invalid');
      assert.ok(found.length >= 1);
      assert.ok(found.every((d) => d.range.start.line <= lineOf(text, '---\n\n#')), 'inside the frontmatter');
    });
    it('accepts numbers for version and code, and the optional register fields', () => {
      const fm = defaultFrontmatter('[software]', 'users: [prescribers]\nlocations: neonatal unit\nasset: IT-1\n').replace('version: 2.1.0', 'version: 2').replace('code: RXH-SW-0042', 'code: 42');
      assert.deepEqual(only(run(buildDossier({ frontmatter: fm })), 'frontmatter-invalid'), []);
    });
  });

  describe('characteristic-unknown', () => {
    it('fires on an unknown word with the nearest known word, on the word', () => {
      const text = buildDossier({ frontmatter: defaultFrontmatter('[software, sterille]') });
      const [d] = only(run(text), 'characteristic-unknown');
      assert.equal(d!.target, 'sterille');
      assert.match(d!.message, /did you mean `sterile`/);
      assertOn(text, d!, 'sterille');
    });
    it('is silent on known words and an empty list', () => {
      assert.deepEqual(only(run(buildDossier({ frontmatter: defaultFrontmatter('[]') })), 'characteristic-unknown'), []);
    });
  });

  describe('er-checklist-missing', () => {
    it('fires on the heading when the section has no table, and er-missing stays silent', () => {
      const text = buildDossier({ sections: { 'essential-requirements': '## Essential requirements\n\nTo do.' } });
      const found = run(text);
      const [d] = only(found, 'er-checklist-missing');
      assertOn(text, d!, 'Essential requirements', '## ');
      assert.deepEqual(only(found, 'er-missing'), []);
    });
    it('ignores a table outside the essential requirements section', () => {
      const table = '| ER | Applies |\n| --- | --- |\n| 1 | Yes |';
      const text = buildDossier({ sections: { 'essential-requirements': undefined }, append: `\n## Appendix\n\n${table}\n` });
      assert.equal(only(run(text), 'er-checklist-missing').length, 1);
    });
  });

  describe('er-missing', () => {
    it('fires once per missing ER with its target, on the ER column header', () => {
      const text = buildDossier({ rows: withRow('12.1a', undefined) });
      const [d, ...rest] = only(run(text), 'er-missing');
      assert.equal(rest.length, 0);
      assert.equal(d!.target, '12.1a');
      assertOn(text, d!, 'ER', '| ER |');
    });
    it('counts a group row for its sub-requirements, and reports an uncovered group below the top level once', () => {
      const rows = defaultRows().filter((row) => row.er !== '12.7');
      const found = only(run(buildDossier({ rows })), 'er-missing');
      assert.deepEqual(found.map((d) => d.target), ['12.7']);
      const split = [...defaultRows().filter((row) => row.er !== '11'), { er: '11.1', applies: 'No', justification: 'It emits no radiation of any kind.' }];
      assert.deepEqual(only(run(buildDossier({ rows: split })), 'er-missing').map((d) => d.target), ['11.2', '11.3', '11.4', '11.5']);
    });
  });

  describe('er-unknown', () => {
    it('fires on a number that is not in Annex I, on the number', () => {
      const rows = [...defaultRows(), { er: '14.2', applies: 'Yes', standards: 'ISO 14971:2019' }];
      const text = buildDossier({ rows });
      const [d] = only(run(text), 'er-unknown');
      assert.equal(d!.target, '14.2');
      assertOn(text, d!, '14.2');
    });
    it('reads a number followed by a title, in bold, or with a lettered item', () => {
      const rows = withRow('12.1a', { er: '**12.1a** Software validation' });
      rows[rows.findIndex((r) => r.er === '13.3')]!.er = '13.3(a)';
      assert.deepEqual(only(run(buildDossier({ rows })), 'er-unknown'), []);
      assert.deepEqual(only(run(buildDossier({ rows })), 'er-missing'), []);
    });
  });

  describe('er-duplicate', () => {
    it('fires on the second row for the same ER', () => {
      const rows = [...defaultRows(), { er: '3', applies: 'Yes', standards: 'IEC 82304-1:2016' }];
      const text = buildDossier({ rows });
      const found = only(run(text), 'er-duplicate');
      assert.equal(found.length, 1);
      assert.equal(found[0]!.target, '3');
      assert.equal(found[0]!.range.start.line, lineOf(text, '| 13.6 |') + 1);
    });
  });

  describe('exclusion-unjustified', () => {
    for (const placeholder of ['N/A', '-', 'TBD', 'not applicable', 'Not relevant', 'Does not apply to this device']) {
      it(`fires on "${placeholder}", on the justification`, () => {
        const text = buildDossier({ rows: withRow('8', { justification: placeholder }) });
        const [d] = only(run(text), 'exclusion-unjustified');
        assert.equal(d!.target, '8');
        assertOn(text, d!, placeholder, '| 8 | No |');
      });
    }
    it('fires on the Applies cell when the justification is empty', () => {
      const text = buildDossier({ rows: withRow('8', { justification: '' }) });
      const [d] = only(run(text), 'exclusion-unjustified');
      assertOn(text, d!, 'No', '| 8 |');
    });
    it('accepts N/A and N in the Applies column as No, and is silent on real reasons', () => {
      const text = buildDossier({ rows: withRow('8', { applies: 'N/A' }) });
      assert.deepEqual(only(run(text), 'exclusion-unjustified'), []);
      assert.deepEqual(only(run(buildDossier({ rows: withRow('8', { applies: 'N', justification: 'Non-sterile software' }) })), 'exclusion-unjustified'), []);
    });
  });

  describe('exclusion-not-allowed', () => {
    it('fires on a general requirement marked No, on the No', () => {
      const text = buildDossier({ rows: withRow('6a', { applies: 'No', justification: 'No clinical data exist for this tool.' }) });
      const found = run(text);
      const [d] = only(found, 'exclusion-not-allowed');
      assert.equal(d!.target, '6a');
      assertOn(text, d!, 'No', '| 6a |');
      assert.deepEqual(only(found, 'exclusion-unjustified'), [], 'the justification cannot fix it, so it is not asked for');
    });
  });

  describe('exclusion-contradicts-device', () => {
    it('fires when a characteristic makes the ER applicable', () => {
      const text = buildDossier({ frontmatter: defaultFrontmatter('[software, measuring]') });
      const [d, ...rest] = only(run(text), 'exclusion-contradicts-device');
      assert.equal(rest.length, 0);
      assert.equal(d!.target, '10');
      assert.match(d!.message, /measuring/);
      assertOn(text, d!, 'No', '| 10 |');
    });
    it('is silent when no characteristic applies', () => {
      assert.deepEqual(only(run(buildDossier()), 'exclusion-contradicts-device'), []);
    });
  });

  describe('evidence-missing', () => {
    it('fires on Yes without evidence or standard, on the ER number', () => {
      const text = buildDossier({ rows: withRow('3', { standards: '', evidence: '' }) });
      const [d] = only(run(text), 'evidence-missing');
      assert.equal(d!.target, '3');
      assertOn(text, d!, '3', '| 2 |\n'.length ? '| 3 |' : '');
    });
    it('is silent with only a standard or only evidence', () => {
      assert.deepEqual(only(run(buildDossier({ rows: withRow('3', { evidence: '' }) })), 'evidence-missing'), []);
      assert.deepEqual(only(run(buildDossier({ rows: withRow('3', { standards: '' }) })), 'evidence-missing'), []);
    });
  });

  describe('evidence-link-broken', () => {
    it('fires on a missing file, on the path', () => {
      const text = buildDossier({ rows: withRow('3', { evidence: '[v](evidence/missing.md)' }) });
      const [d] = only(run(text), 'evidence-link-broken');
      assertOn(text, d!, 'evidence/missing.md');
    });
    it('fires on a missing anchor, and is silent on an existing one', () => {
      const bad = buildDossier({ rows: withRow('3', { evidence: '[v](evidence/report.md#nowhere)' }) });
      assert.equal(only(run(bad), 'evidence-link-broken').length, 1);
      const good = buildDossier({ rows: withRow('3', { evidence: '[v](evidence/report.md#hazard-log)' }) });
      assert.deepEqual(only(run(good), 'evidence-link-broken'), []);
    });
    it('fires on a link that leaves the workspace', () => {
      const text = buildDossier({ append: '\nSee [x](../../etc/passwd).\n' });
      const [d] = only(run(text), 'evidence-link-broken');
      assert.match(d!.message, /leaves the workspace/);
    });
    it('checks same-file anchors and decodes URL escapes; ignores external links', () => {
      const text = buildDossier({ append: '\n[a](#risk-management) [b](evidence/report.md?x=1) [c](https://example.org/x.md) [d](#no-such)\n' });
      const found = only(run(text, { '/ws/my file.md': 'x' }), 'evidence-link-broken');
      assert.equal(found.length, 1);
      assertOn(text, found[0]!, '#no-such');
      assert.deepEqual(only(run(buildDossier({ append: '\n[e](my%20file.md)\n' }), { '/ws/my file.md': 'x' }), 'evidence-link-broken'), []);
    });
  });

  describe('section-missing', () => {
    it('fires for each absent section with its id, on the device key', () => {
      const text = buildDossier({ sections: { consent: undefined } });
      const [d, ...rest] = only(run(text), 'section-missing');
      assert.equal(rest.length, 0);
      assert.equal(d!.target, 'consent');
      assertOn(text, d!, 'device');
    });
    it('recognises headings by alias, numbering, case and punctuation', () => {
      const text = buildDossier({
        sections: {
          'market-scan': '### 1. JUSTIFICATION FOR THE EXEMPTION\n\nScanned on 1 March 2026; three products compared, none fit. Re-scanned annually.',
          pms: '## Adverse incident reporting!\n\nA documented review every quarter; corrective and preventive actions; Yellow Card reports.',
        },
      });
      assert.deepEqual(only(run(text), 'section-missing'), []);
    });
    it('requires the clinical investigation section only when clinical-investigation is true', () => {
      const text = buildDossier({ frontmatter: defaultFrontmatter().replace('clinical-investigation: false', 'clinical-investigation: true') });
      assert.deepEqual(only(run(text), 'section-missing').map((d) => d.target), ['clinical-investigation']);
    });
  });

  describe('section-incomplete', () => {
    it('names the missing element, on the heading text', () => {
      const text = buildDossier({ sections: { pms: '## Post-market surveillance\n\nA documented procedure reviews performance every quarter. Corrective actions follow CAPA.' } });
      const [d, ...rest] = only(run(text), 'section-incomplete');
      assert.equal(rest.length, 0);
      assert.equal(d!.target, 'pms');
      assert.match(d!.message, /Yellow Card/);
      assertOn(text, d!, 'Post-market surveillance');
    });
    it('misses the date of the market scan', () => {
      const text = buildDossier({ sections: { 'market-scan': '## Market scanning\n\nWe compared three products. None supports neonates. Re-scanned every year.' } });
      assert.deepEqual(only(run(text), 'section-incomplete').map((d) => d.message.includes('date')), [true]);
    });
  });

  describe('standard-superseded', () => {
    it('fires on a replaced edition anywhere in the text, on the citation', () => {
      const text = buildDossier({ append: '\nWe used BS EN ISO 14971:2007 before.\n' });
      const [d] = only(run(text), 'standard-superseded');
      assert.equal(d!.target, 'ISO 14971');
      assertOn(text, d!, 'BS EN ISO 14971:2007');
    });
    it('does not take a current consolidated edition for the edition it amends', () => {
      assert.deepEqual(only(run(buildDossier({ append: '\nIEC 62304:2006+A1:2015 and IEC 62304:2006 + A1:2015.\n' })), 'standard-superseded'), []);
      assert.equal(only(run(buildDossier({ append: '\nIEC 62304:2006 alone.\n' })), 'standard-superseded').length, 1);
    });
  });

  describe('patient-identifier', () => {
    it('fires on a valid NHS number, spaced or not', () => {
      const text = buildDossier({ append: '\nPatient 943 476 5919 and 9434765919.\n' });
      const found = only(run(text), 'patient-identifier');
      assert.equal(found.length, 2);
      assertOn(text, found[0]!, '943 476 5919');
    });
    it('is silent on numbers whose check digit is wrong, and on longer numbers', () => {
      assert.deepEqual(only(run(buildDossier({ append: '\nRef 943 476 5918, 94347659190, 01234 567890.\n' })), 'patient-identifier'), []);
    });
  });

  describe('part-missing', () => {
    it('fires on a part that does not exist, on the entry', () => {
      const text = buildDossier({ frontmatter: defaultFrontmatter('[software]', 'parts: [risk.md]\n') });
      const [d] = only(run(text), 'part-missing');
      assertOn(text, d!, 'risk.md');
    });
    it('fires on a part that is the index, a folder, or outside the workspace', () => {
      const text = buildDossier({ frontmatter: defaultFrontmatter('[software]', 'parts: [index.md, evidence, ../outside.md]\n') });
      const messages = only(run(text, { '/outside.md': '# x' }), 'part-missing').map((d) => d.message);
      assert.equal(messages.length, 3);
      assert.match(messages[0]!, /index itself/);
      assert.match(messages[1]!, /folder/);
      assert.match(messages[2]!, /outside the workspace/);
    });
  });

  describe('applies-invalid', () => {
    it('fires on an Applies value that is not Yes, No or Partly', () => {
      const text = buildDossier({ rows: withRow('3', { applies: 'Maybe' }) });
      const [d] = only(run(text), 'applies-invalid');
      assertOn(text, d!, 'Maybe');
    });
  });
});
