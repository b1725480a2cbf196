/** The ER checklist report: every catalogue ER once, at the table's level, with its problems, a summary that agrees with the rules, and three formats. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildChecklistReport,
  CHECKLIST_CSV_HEADER,
  renderChecklistCsv,
  renderChecklistHtml,
  renderChecklistMarkdown,
  type ChecklistReport,
} from '../../server/src/languageservice/outputs/checklistReport';
import { keepLinks, rebaseLinks } from '../../server/src/languageservice/outputs/links';
import { buildDossier, defaultRows, EVIDENCE } from '../support/dossierBuilder';
import { createTestService, WORKSPACE } from '../support/testService';
import { checked, ESCAPING_FIXTURE, EXAMPLE_INDEXES, expectGolden, fromRepo, parseCsv, REPO_ROOT, repoService } from './outputsFixtures';

function reportOf(index: string, rebase = rebaseLinks(REPO_ROOT)): ChecklistReport {
  const { dossier, diagnostics } = checked(index);
  return buildChecklistReport(dossier, repoService().catalogue, diagnostics, { rebase });
}

describe('outputs: ER checklist report', () => {
  const catalogue = () => repoService().catalogue;

  for (const [name, index] of Object.entries(EXAMPLE_INDEXES)) {
    it(`shows every catalogue ER once, in Annex order (${name})`, () => {
      const report = reportOf(index);
      const leaves = catalogue().topLevel.flatMap((er) => catalogue().leavesOf(er.number).map((leaf) => leaf.number));
      const shown = report.entries.flatMap((entry) => catalogue().leavesOf(entry.number).map((leaf) => leaf.number));
      assert.deepEqual(shown, leaves, 'each sub-requirement is covered by exactly one line, in catalogue order');
    });

    it(`puts every diagnostic of the dossier on its row or under other problems, once (${name})`, () => {
      const { diagnostics } = checked(index);
      const report = reportOf(index);
      const placed = [...report.entries, ...report.unknownRows].flatMap((entry) => entry.diagnostics).concat(report.otherProblems);
      assert.equal(placed.length, diagnostics.length);
      assert.deepEqual(new Set(placed), new Set(diagnostics));
    });
  }

  it('keeps group rows as the table has them (ER 11 in the calculator, ERs 7 and 8 in the MU check)', () => {
    const gentamicin = reportOf(EXAMPLE_INDEXES.gentamicin);
    const er11 = gentamicin.entries.find((entry) => entry.number === '11')!;
    assert.equal(er11.isGroup, true);
    assert.equal(er11.status, 'no');
    assert.ok(!gentamicin.entries.some((entry) => entry.number.startsWith('11.')));
    const mu = reportOf(EXAMPLE_INDEXES.muCheck);
    assert.deepEqual(mu.entries.filter((entry) => entry.isGroup).map((entry) => entry.number).slice(0, 2), ['7', '8']);
  });

  it('shows missing ERs, unknown rows and the problems on each row of the thumb splint', () => {
    const report = reportOf(EXAMPLE_INDEXES.thumbSplint);
    const byNumber = new Map(report.entries.map((entry) => [entry.number, entry]));
    const missing = byNumber.get('13.5')!;
    assert.equal(missing.status, 'missing');
    assert.deepEqual(missing.diagnostics.map((d) => d.rule), ['er-missing']);
    assert.deepEqual(byNumber.get('2')!.diagnostics.map((d) => d.rule), ['standard-superseded']);
    assert.deepEqual(byNumber.get('8.2')!.diagnostics.map((d) => d.rule), ['exclusion-unjustified']);
    assert.deepEqual(byNumber.get('13.3')!.diagnostics.map((d) => d.rule), ['er-duplicate'], 'the duplicate row\'s problem shows on the ER');
    assert.deepEqual(report.unknownRows.map((entry) => [entry.number, entry.diagnostics.map((d) => d.rule)]), [['14.2', ['er-unknown']]]);
    assert.ok(report.otherProblems.some((d) => d.rule === 'section-missing'));
  });

  it('summarises coverage consistently with the rules', () => {
    for (const index of [EXAMPLE_INDEXES.gentamicin, EXAMPLE_INDEXES.muCheck]) {
      const { coverage } = reportOf(index);
      assert.equal(coverage.missing, 0);
      assert.equal(coverage.addressed, coverage.applicable, 'a clean dossier addresses every applicable ER');
      assert.equal(coverage.applicable + coverage.excluded, coverage.total);
      assert.equal(coverage.unjustified, 0);
    }
    const { diagnostics } = checked(EXAMPLE_INDEXES.thumbSplint);
    const { coverage } = reportOf(EXAMPLE_INDEXES.thumbSplint);
    const count = (rule: string): number => diagnostics.filter((d) => d.rule === rule).length;
    assert.equal(coverage.missing, count('er-missing'));
    assert.equal(coverage.unjustified, count('exclusion-unjustified'));
    assert.ok(coverage.addressed < coverage.applicable, 'an excluded general requirement stays applicable and unaddressed');
  });

  it('matches the golden Markdown for the gentamicin calculator', () => {
    expectGolden('gentamicin-report.md', renderChecklistMarkdown(reportOf(EXAMPLE_INDEXES.gentamicin), fromRepo));
  });

  it('links evidence so that it opens from where the report is read', () => {
    const report = reportOf(EXAMPLE_INDEXES.muCheck);
    const links = report.entries.flatMap((entry) => entry.evidence);
    assert.ok(links.length > 20);
    for (const link of links) {
      const file = decodeURI(link.url.split('#')[0]!);
      assert.ok(fs.existsSync(path.join(REPO_ROOT, file)), `${link.url} exists relative to the repository root`);
    }
    const asWritten = buildChecklistReport(checked(EXAMPLE_INDEXES.muCheck).dossier, catalogue(), [], { rebase: keepLinks });
    assert.ok(asWritten.entries.flatMap((entry) => entry.evidence).some((link) => link.url === 'risk.md#risk-management'));
    const html = renderChecklistHtml([report], fromRepo);
    assert.ok(html.includes('<a href="examples/mu-check/risk.md#risk-management">Risk management</a>'));
  });

  it('escapes the dossier\'s text in HTML and Markdown', () => {
    const report = reportOf(ESCAPING_FIXTURE);
    const html = renderChecklistHtml([report], fromRepo);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('>Tests &quot;A&quot; &amp; &lt;B&gt;</a>'));
    assert.ok(html.includes('Essential requirements checklist: Ward &lt;b&gt;&amp;&quot;quote&quot;&#39; splint, mark 2'));
    assert.doesNotMatch(html, /<script|<b>|<B>/);
    assert.ok(html.includes('equipment, and has no energy source'), 'an escaped pipe in a cell is part of the text');
    const markdown = renderChecklistMarkdown(report, fromRepo);
    assert.ok(markdown.includes('\\<script\\>alert(1)\\</script\\>'));
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| 9 |'))) {
      assert.equal(line.split(/(?<!\\)\|/).length - 2, 7, 'the pipe in ER 9\'s justification does not add a column');
    }
  });

  it('writes one CSV line per ER with quoted commas, quotes and line breaks', () => {
    const reports = [reportOf(EXAMPLE_INDEXES.thumbSplint), reportOf(ESCAPING_FIXTURE)];
    const records = parseCsv(renderChecklistCsv(reports, fromRepo));
    assert.deepEqual(records[0], CHECKLIST_CSV_HEADER);
    const body = records.slice(1);
    assert.equal(body.length, reports.reduce((sum, r) => sum + r.entries.length + r.unknownRows.length, 0));
    assert.ok(body.every((record) => record.length === CHECKLIST_CSV_HEADER.length));
    const er7 = body.find((record) => record[0] === fromRepo(ESCAPING_FIXTURE) && record[1] === '7')!;
    assert.equal(er7[8], reports[1]!.entries.find((entry) => entry.number === '7')!.justification);
    assert.ok(er7[8]!.includes('"new"') && er7[8]!.includes(','));
    const er1 = body.find((record) => record[0] === fromRepo(ESCAPING_FIXTURE) && record[1] === '1')!;
    assert.equal(er1[7], 'Tests "A" & <B> <test/fixtures/outputs/escaping/evidence/tests.md#results>');
    const missing = body.find((record) => record[1] === '13.5')!;
    assert.equal(missing[4], 'missing');
    assert.match(missing[9]!, /^error: ER 13\.5/);
    const unknown = body.find((record) => record[1] === '14.2')!;
    assert.equal(unknown[3], 'not in Annex I');
  });

  it('keeps several problems of a row on separate lines of one CSV field', () => {
    const report = reportOf(EXAMPLE_INDEXES.thumbSplint);
    const entry = report.entries.find((e) => e.number === '2')!;
    const doubled = { ...report, entries: [{ ...entry, diagnostics: [...entry.diagnostics, ...entry.diagnostics] }], unknownRows: [] };
    const records = parseCsv(renderChecklistCsv([doubled], fromRepo));
    assert.equal(records.length, 2);
    assert.equal(records[1]![9]!.split('\n').length, 2);
  });

  it('shows the siblings a group row addresses next to a sub-requirement with its own row', () => {
    const rows = defaultRows();
    rows.splice(rows.findIndex((row) => row.er === '8'), 0, { er: '7.1', applies: 'Partly', standards: 'ISO 10993-1:2018', justification: 'Only the case touches the skin.' });
    for (const eol of ['\n', '\r\n'] as const) {
      const index = `${WORKSPACE}/index.md`;
      const { service } = createTestService({ [index]: buildDossier({ rows, eol, bom: eol === '\r\n' }), ...EVIDENCE });
      const result = service.check(index);
      const report = buildChecklistReport(result.dossier!, service.catalogue, [...result.diagnostics.values()].flat());
      const group7 = report.entries.filter((entry) => entry.number === '7' || entry.number.startsWith('7.'));
      assert.deepEqual(
        group7.map((entry) => [entry.number, entry.status, entry.coveredBy ?? '']),
        [['7', 'no', ''], ['7.1', 'partly', ''], ['7.2', 'no', '7'], ['7.3', 'no', '7'], ['7.4', 'no', '7'], ['7.5', 'no', '7'], ['7.6', 'no', '7']],
      );
      assert.equal(report.entries.find((entry) => entry.number === '7.1')!.location!.line, buildDossier({ rows }).split('\n').findIndex((line) => line.startsWith('| 7.1 ')) + 1);
      const markdown = renderChecklistMarkdown(report, (file) => file);
      assert.match(markdown, /\| 7\.2 \| [^|]+ \| No \(ER 7\) \|/);
    }
  });
});
