/** Hovers of the pure language service: ER numbers, standards and characteristics. */
import { strict as assert } from 'node:assert';
import type { Hover, MarkupContent, Position } from 'vscode-languageserver-types';
import { featureContextFor } from '../../server/src/languageservice/features/context';
import { hoverAt } from '../../server/src/languageservice/features/hover';
import { builtinCatalogue, createTestService, WORKSPACE } from '../support/testService';

const INDEX = `${WORKSPACE}/index.md`;

const DOSSIER = `---
device:
  name: Test device
  code: T-1
  version: 1.0.0
  description: A device for tests
  intended-purpose: Testing hovers
  classification: IIa
  characteristics: [software, monitoring]
institution:
  name: Example NHS Foundation Trust
  address: 1 Hospital Road
parts: [requirements.md]
---

# Device description

The software is validated as ER 12.1a requires; see also ER 7.1. It follows ISO 14971:2007 and IEC 62304.

# Risk management

Risk is managed to ISO 14971:2019.
`;

const PART = `# Essential requirements

| ER | Applies | Standards | Evidence | Justification |
| --- | --- | --- | --- | --- |
| 1 | Yes | ISO 14971:2019 | | |
| 7 | No | | | The device is software only and has no materials. |
| 12.1a | Partly | IEC 62304:2006+A1:2015 | | |
| 14 | Yes | | | |
`;

function hoverIn(files: Record<string, string>, path: string, position: Position): Hover | null {
  const { service } = createTestService(files);
  service.check(INDEX);
  return hoverAt(featureContextFor(service, path)!, position);
}

/** The position of the nth occurrence of `needle` in `text`, plus `shift` characters. */
function positionOf(text: string, needle: string, shift = 0, occurrence = 0): Position {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} is in the text`);
  const before = text.slice(0, at + shift).split(/\r\n|\n/);
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

const valueOf = (hover: Hover | null): string => {
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
};

const files = { [INDEX]: DOSSIER, [`${WORKSPACE}/requirements.md`]: PART };

describe('hover: ER numbers', () => {
  it('shows an ER mentioned in prose with title, summary, applicability and status', () => {
    const position = positionOf(DOSSIER, 'ER 12.1a', 5);
    const hover = hoverIn(files, INDEX, position);
    const er = builtinCatalogue().essentialRequirements.find((e) => e.number === '12.1a')!;
    const value = valueOf(hover);
    assert.ok(value.startsWith(`**ER 12.1a: ${er.title}**`));
    assert.ok(value.includes(er.summary.trim()));
    assert.match(value, /\*\*Applies to this device\*\*, which has `software`/);
    assert.match(value, /\*\*In this dossier:\*\* \*\*Partly\*\*, row at line 7 of requirements\.md\./);
    const start = positionOf(DOSSIER, 'ER 12.1a');
    assert.deepEqual(hover!.range, { start, end: { line: start.line, character: start.character + 8 } });
  });

  it('says when an ER is addressed through its group row, and when it does not apply', () => {
    const value = valueOf(hoverIn(files, INDEX, positionOf(DOSSIER, 'ER 7.1', 4)));
    assert.match(value, /\*\*Does not apply to this device\*\* \(characteristics: `software`, `monitoring`\)/);
    assert.match(value, /\*\*No\*\*, row at line 6 of requirements\.md \(through the row for ER 7\)/);
  });

  it('shows an ER number in a checklist cell, with the row line in the same file', () => {
    const position = positionOf(PART, '| 1 |', 2);
    const hover = hoverIn(files, `${WORKSPACE}/requirements.md`, position);
    const value = valueOf(hover);
    assert.match(value, /^\*\*ER 1: /);
    assert.match(value, /Applies to every device \(a general requirement: it cannot be excluded\)/);
    assert.match(value, /\*\*In this dossier:\*\* \*\*Yes\*\*, row at line 5\./);
    assert.deepEqual(hover!.range, { start: position, end: { line: position.line, character: position.character + 1 } });
  });

  it('says "no row" for an ER without one, and names an unknown ER', () => {
    const text = DOSSIER.replace('see also ER 7.1', 'see also ER 13.3');
    assert.match(valueOf(hoverIn({ ...files, [INDEX]: text }, INDEX, positionOf(text, 'ER 13.3', 3))), /\*\*In this dossier:\*\* no row\./);
    assert.match(valueOf(hoverIn(files, `${WORKSPACE}/requirements.md`, positionOf(PART, '| 14 |', 2))), /ER 14\*\* is not an essential requirement/);
  });

  it('finds the ER under the cursor after an emoji on a CRLF line', () => {
    const text = DOSSIER.replace('The software', '😀 The software').replace(/\n/g, '\r\n');
    const position = positionOf(text, 'ER 12.1a', 7);
    const hover = hoverIn({ ...files, [INDEX]: text }, INDEX, position);
    assert.match(valueOf(hover), /^\*\*ER 12\.1a/);
    assert.deepEqual(hover!.range!.start, { line: position.line, character: position.character - 7 });
    assert.equal(position.character, 39, 'the emoji counts as two UTF-16 code units');
  });

  it('shows nothing on ordinary words', () => {
    assert.equal(hoverIn(files, INDEX, positionOf(DOSSIER, 'validated', 2)), null);
  });
});

describe('hover: standards', () => {
  it('shows a superseded edition with its replacement', () => {
    const position = positionOf(DOSSIER, 'ISO 14971:2007', 4);
    const hover = hoverIn(files, INDEX, position);
    const value = valueOf(hover);
    assert.match(value, /^\*\*ISO 14971\*\*: Medical devices — Application of risk management/);
    assert.match(value, /`ISO 14971:2007` has been \*\*replaced by `ISO 14971:2019`\*\*/);
    const start = positionOf(DOSSIER, 'ISO 14971:2007');
    assert.deepEqual(hover!.range, { start, end: { line: start.line, character: start.character + 14 } });
  });

  it('shows the current edition of a current or undated citation', () => {
    assert.match(valueOf(hoverIn(files, INDEX, positionOf(DOSSIER, 'ISO 14971:2019', 1))), /Current edition: `ISO 14971:2019`/);
    assert.match(valueOf(hoverIn(files, INDEX, positionOf(DOSSIER, 'IEC 62304.', 5))), /Current edition: `IEC 62304:2006\+A1:2015`/);
  });
});

describe('hover: characteristics', () => {
  it('shows which ERs a characteristic makes applicable', () => {
    const position = positionOf(DOSSIER, 'monitoring]', 3);
    const hover = hoverIn(files, INDEX, position);
    const value = valueOf(hover);
    const ers = builtinCatalogue().essentialRequirements;
    const isGroup = (number: string): boolean => ers.some((er) => er.parent === number);
    const expected = ers.filter((er) => (er.applicability.characteristics ?? []).includes('monitoring') && !er.applicability.always && !isGroup(er.number));
    assert.ok(expected.length > 0);
    for (const er of expected) assert.ok(value.includes(`- ER ${er.number}: ${er.title}`), `lists ${er.number}`);
    const start = positionOf(DOSSIER, 'monitoring]');
    assert.deepEqual(hover!.range, { start, end: { line: start.line, character: start.character + 10 } });
  });

  it('says when a word is not in the vocabulary', () => {
    const text = DOSSIER.replace('monitoring]', 'sofware]');
    assert.match(valueOf(hoverIn({ ...files, [INDEX]: text }, INDEX, positionOf(text, 'sofware]', 1))), /not in the catalogue vocabulary/);
  });
});
