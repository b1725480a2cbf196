/** Definition, outline, document links and the checklist code lens of the pure language service. */
import { strict as assert } from 'node:assert';
import { SymbolKind, type DocumentSymbol, type Position } from 'vscode-languageserver-types';
import { checklistSummary, codeLenses, summaryTitle } from '../../server/src/languageservice/features/codeLens';
import { erCoverage } from '../../server/src/languageservice/outputs/coverage';
import { defaultUriOf, featureContextFor, type FeatureContext } from '../../server/src/languageservice/features/context';
import { definitionAt } from '../../server/src/languageservice/features/definition';
import { documentLinks } from '../../server/src/languageservice/features/documentLinks';
import { documentSymbols } from '../../server/src/languageservice/features/symbols';
import { builtinCatalogue, createTestService, WORKSPACE } from '../support/testService';

const INDEX = `${WORKSPACE}/index.md`;
const PART_PATH = `${WORKSPACE}/requirements.md`;

const DOSSIER = `---
device:
  name: Test device
  code: T-1
  version: 1.0.0
  description: A device for tests
  intended-purpose: Testing navigation
  classification: IIa
  characteristics: [software]
institution:
  name: Example NHS Foundation Trust
  address: 1 Hospital Road
parts: [requirements.md]
---

# Device description

As ER 12.1a asks, the software is validated ([report](evidence/report.md#validation)).
Risks are in [the file](evidence/risk.pdf) and [below](#risk-management); [outside](../x.md), [web](https://example.org).

## Risk management

### Hazard log

Text.
`;

const PART = `# Essential requirements

| ER | Applies | Standards | Evidence | Justification |
| --- | --- | --- | --- | --- |
| 1 | Yes | ISO 14971:2019 | | |
| 7 | No | | | The device is software only and has no materials. |
| 8 | No | | | N/A |
| 12.1a | Partly | IEC 62304:2006+A1:2015 | | |
| 13 | | | | |
`;

const REPORT = '# Report\n\n## Scope\n\n## Validation\n\nDone.\n';

const FILES = {
  [INDEX]: DOSSIER,
  [PART_PATH]: PART,
  [`${WORKSPACE}/evidence/report.md`]: REPORT,
  [`${WORKSPACE}/evidence/risk.pdf`]: 'pdf',
};

function contextFor(path: string, files: Record<string, string> = FILES): FeatureContext {
  const { service } = createTestService(files);
  service.check(INDEX);
  return featureContextFor(service, path)!;
}

/** The range of the first occurrence of `needle` (on one line). */
function rangeOfText(text: string, needle: string): { start: Position; end: Position } {
  const start = positionOf(text, needle);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

const lineRange = (text: string, line: number): { start: Position; end: Position } => ({
  start: { line, character: 0 },
  end: { line, character: text.split('\n')[line]!.length },
});

function positionOf(text: string, needle: string, shift = 0): Position {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} is in the text`);
  const before = text.slice(0, at + shift).split(/\r\n|\n/);
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe('definition', () => {
  it('goes from an ER mention in prose to its checklist row in a part', () => {
    const locations = definitionAt(contextFor(INDEX), positionOf(DOSSIER, 'ER 12.1a', 4));
    assert.deepEqual(locations, [{ uri: defaultUriOf(PART_PATH), range: lineRange(PART, 7) }]);
    assert.ok(PART.split('\n')[7]!.startsWith('| 12.1a |'));
  });

  it('goes from a sub-requirement to the group row that addresses it', () => {
    const text = DOSSIER.replace('As ER 12.1a asks', 'As ER 7.4 asks');
    const locations = definitionAt(contextFor(INDEX, { ...FILES, [INDEX]: text }), positionOf(text, 'ER 7.4', 3));
    assert.deepEqual(locations.map((l) => l.range.start.line), [5]);
  });

  it('goes from a link to the heading its anchor names, or to the start of the file', () => {
    const context = contextFor(INDEX);
    assert.deepEqual(definitionAt(context, positionOf(DOSSIER, 'report.md#validation', 12)), [
      { uri: defaultUriOf(`${WORKSPACE}/evidence/report.md`), range: rangeOfText(REPORT, '## Validation') },
    ]);
    assert.deepEqual(definitionAt(context, positionOf(DOSSIER, '[the file]', 2)), [
      { uri: defaultUriOf(`${WORKSPACE}/evidence/risk.pdf`), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    ]);
    assert.deepEqual(definitionAt(context, positionOf(DOSSIER, '(#risk-management)', 3)), [
      { uri: defaultUriOf(INDEX), range: rangeOfText(DOSSIER, '## Risk management') },
    ]);
  });

  it('goes from a parts entry to the part', () => {
    assert.deepEqual(definitionAt(contextFor(INDEX), positionOf(DOSSIER, 'requirements.md]', 3)), [
      { uri: defaultUriOf(PART_PATH), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    ]);
  });

  it('finds nothing for external links, links leaving the workspace, or plain words', () => {
    const context = contextFor(INDEX);
    assert.deepEqual(definitionAt(context, positionOf(DOSSIER, '[web]', 2)), []);
    assert.deepEqual(definitionAt(context, positionOf(DOSSIER, '[outside]', 2)), []);
    assert.deepEqual(definitionAt(context, positionOf(DOSSIER, 'validated', 2)), []);
  });
});

describe('document symbols', () => {
  it('nests headings by depth', () => {
    const symbols = documentSymbols(contextFor(INDEX));
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind, s.children?.map((c) => [c.name, c.children?.map((g) => g.name)])]),
      [['Device description', SymbolKind.String, [['Risk management', ['Hazard log']]]]],
    );
    const risk = symbols[0]!.children![0]!;
    const heading = rangeOfText(DOSSIER, 'Risk management');
    assert.deepEqual(risk.selectionRange, heading);
    assert.deepEqual(risk.range, { start: { line: heading.start.line, character: 0 }, end: rangeOfText(DOSSIER, 'Text.').end });
  });

  it('puts one symbol per ER row under the checklist heading', () => {
    const [section] = documentSymbols(contextFor(PART_PATH));
    assert.equal(section!.name, 'Essential requirements');
    const rows = section!.children!;
    assert.deepEqual(rows.map((r) => r.name), ['ER 1', 'ER 7', 'ER 8', 'ER 12.1a', 'ER 13']);
    assert.ok(rows.every((r) => r.kind === SymbolKind.EnumMember));
    const title = builtinCatalogue().essentialRequirements.find((e) => e.number === '12.1a')!.title;
    assert.equal(rows[3]!.detail, `Partly · ${title}`);
    assert.deepEqual(rows[3]!.selectionRange, rangeOfText(PART, '12.1a'));
    assert.deepEqual(rows[3]!.range, lineRange(PART, 7));
  });

  it('keeps every child inside its parent, and rows of a table in a subsection under that subsection', () => {
    const text = `${DOSSIER}\n## Essential requirements\n\n### Checklist\n\n| ER | Applies |\n| --- | --- |\n| 1 | Yes |\n\n## Records\n`;
    const symbols = documentSymbols(contextFor(INDEX, { ...FILES, [INDEX]: text }));
    const inside = (outer: DocumentSymbol, inner: DocumentSymbol): boolean =>
      (outer.range.start.line < inner.range.start.line || (outer.range.start.line === inner.range.start.line && outer.range.start.character <= inner.range.start.character)) &&
      (outer.range.end.line > inner.range.end.line || (outer.range.end.line === inner.range.end.line && outer.range.end.character >= inner.range.end.character));
    const check = (symbol: DocumentSymbol): void => {
      assert.ok(inside(symbol, { ...symbol, range: symbol.selectionRange }), `${symbol.name}: selection inside range`);
      for (const child of symbol.children ?? []) {
        assert.ok(inside(symbol, child), `${child.name} inside ${symbol.name}`);
        check(child);
      }
    };
    symbols.forEach(check);
    const checklistHeading = symbols[0]!.children!.find((c) => c.name === 'Essential requirements')!;
    assert.deepEqual(checklistHeading.children!.map((c) => [c.name, c.children!.map((r) => r.name)]), [['Checklist', ['ER 1']]]);
  });
});

describe('document links', () => {
  it('resolves relative links to file URIs, with the heading line of an anchor', () => {
    const links = documentLinks(contextFor(INDEX));
    const report = `${WORKSPACE}/evidence/report.md`;
    assert.deepEqual(
      links.map((l) => [l.target, l.range]),
      [
        [`${defaultUriOf(report)}#L5`, rangeOfText(DOSSIER, 'evidence/report.md#validation')],
        [defaultUriOf(`${WORKSPACE}/evidence/risk.pdf`), rangeOfText(DOSSIER, 'evidence/risk.pdf')],
        [`${defaultUriOf(INDEX)}#${'L'}${rangeOfText(DOSSIER, '## Risk management').start.line + 1}`, rangeOfText(DOSSIER, '#risk-management')],
        [defaultUriOf(PART_PATH), rangeOfText(DOSSIER, 'requirements.md')],
      ],
    );
    assert.equal(links[0]!.tooltip, 'Open evidence/report.md at "Validation"');
  });

  it('leaves out links to missing files', () => {
    const text = DOSSIER.replace('evidence/risk.pdf', 'evidence/missing.pdf');
    const links = documentLinks(contextFor(INDEX, { ...FILES, [INDEX]: text }));
    assert.ok(!links.some((l) => l.target?.includes('missing')));
    assert.equal(links.length, 3);
  });
});

describe('code lens', () => {
  it('sums up the checklist over its header with the figures of the overview, and unjustified exclusions', () => {
    const context = contextFor(PART_PATH);
    const catalogue = context.catalogue;
    const coverage = erCoverage(context.dossier!, catalogue);
    const summary = checklistSummary(context.dossier!, catalogue);
    assert.deepEqual(summary, { addressed: coverage.addressed, applicable: coverage.applicable, missing: coverage.missing, unjustified: 1 });
    assert.ok(summary.missing > 0, 'the fixture has ERs without a row');
    const lenses = codeLenses(context);
    assert.equal(lenses.length, 1);
    assert.deepEqual(lenses[0]!.range, lineRange(PART, 2));
    assert.equal(
      lenses[0]!.command?.title,
      `${coverage.addressed} of ${coverage.applicable} applicable ERs addressed, 1 exclusion unjustified, ${coverage.missing} ERs without a row`,
    );
  });

  it('counts plural exclusions, and is shown only in the file holding the first checklist table', () => {
    assert.equal(summaryTitle({ addressed: 47, applicable: 52, missing: 0, unjustified: 2 }), '47 of 52 applicable ERs addressed, 2 exclusions unjustified');
    assert.equal(summaryTitle({ addressed: 1, applicable: 2, missing: 1, unjustified: 1 }), '1 of 2 applicable ERs addressed, 1 exclusion unjustified, 1 ER without a row');
    assert.deepEqual(codeLenses(contextFor(INDEX)), []);
  });

  it('gives no lens outside a dossier', () => {
    const { service } = createTestService({ [`${WORKSPACE}/notes.md`]: '| ER | Applies |\n| --- | --- |\n| 1 | Yes |\n' });
    assert.deepEqual(codeLenses(featureContextFor(service, `${WORKSPACE}/notes.md`)!), []);
  });
});
