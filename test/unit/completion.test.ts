/** Completions of the pure language service, at exact positions in small in-memory dossiers. */
import { strict as assert } from 'node:assert';
import type { CompletionItem, CompletionList, Position, TextEdit } from 'vscode-languageserver-types';
import { completionsAt, type CompletionOptions } from '../../server/src/languageservice/features/completion';
import { featureContextFor } from '../../server/src/languageservice/features/context';
import { ALL_RULE_IDS } from '../../server/src/languageservice/rules';
import { CLASSIFICATIONS, STATUSES } from '../../server/src/languageservice/rules/frontmatterInvalid';
import { builtinCatalogue, createTestService, WORKSPACE } from '../support/testService';

const CURSOR = '‸';
const INDEX = `${WORKSPACE}/index.md`;

const FRONTMATTER = `---
device:
  name: Test device
  code: T-1
  version: 1.0.0
  description: A device for tests
  intended-purpose: Testing completions
  classification: IIa
  characteristics: [software]
institution:
  name: Example NHS Foundation Trust
  address: 1 Hospital Road
---
`;

/** The cursor's position in text written with a ‸ marker, and the text without it. */
function withCursor(marked: string): { text: string; position: Position } {
  const at = marked.indexOf(CURSOR);
  assert.ok(at >= 0, 'the fixture has a cursor marker');
  const before = marked.slice(0, at);
  const lines = before.split(/\r\n|\r|\n/);
  return { text: marked.slice(0, at) + marked.slice(at + CURSOR.length), position: { line: lines.length - 1, character: lines[lines.length - 1]!.length } };
}

function complete(marked: string, files: Record<string, string> = {}, path = INDEX, options?: CompletionOptions): { list: CompletionList; text: string; position: Position } {
  const { text, position } = withCursor(marked);
  const { service } = createTestService({ ...files, [path]: text });
  if (path !== INDEX && files[INDEX]) service.check(INDEX); // learn which index owns the part
  const context = featureContextFor(service, path)!;
  return { list: completionsAt(context, position, options), text, position };
}

const labels = (list: CompletionList): string[] => list.items.map((item) => item.label);
const byLabel = (list: CompletionList, label: string): CompletionItem => {
  const item = list.items.find((candidate) => candidate.label === label);
  assert.ok(item, `expected an item ${label} among ${labels(list).join(', ')}`);
  return item;
};
const editOf = (item: CompletionItem): TextEdit => item.textEdit as TextEdit;
const sorted = (list: CompletionList): string[] => [...list.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((item) => item.label);
const docOf = (item: CompletionItem): string => (typeof item.documentation === 'string' ? item.documentation : (item.documentation?.value ?? ''));

/** Applies an item's edit to the text. */
function apply(text: string, edit: TextEdit): string {
  const lines = text.split(/(?<=\r\n|\n)/);
  const offsetOf = (p: Position): number => lines.slice(0, p.line).join('').length + p.character;
  return text.slice(0, offsetOf(edit.range.start)) + edit.newText + text.slice(offsetOf(edit.range.end));
}

const checklist = (rows: string): string => `${FRONTMATTER}
# Essential requirements

| ER | Applies | Standards | Evidence | Justification |
| --- | --- | --- | --- | --- |
${rows}`;

describe('completion: frontmatter', () => {
  it('offers the keys of the device mapping that are not there yet, with documentation', () => {
    const marked = FRONTMATTER.replace('  classification: IIa\n', `  classification: IIa\n  tr${CURSOR}\n`);
    const { list, position } = complete(marked);
    assert.deepEqual(labels(list), ['traceability'], 'only the device key that is still absent');
    const item = byLabel(list, 'traceability');
    assert.match(docOf(item), /how a unit is identified/);
    assert.deepEqual(editOf(item).range, { start: { line: position.line, character: 2 }, end: position });
    assert.equal(editOf(item).newText, 'traceability: $0');
  });

  it('offers top-level keys, with required mappings first and values as choices', () => {
    const marked = FRONTMATTER.replace('institution:\n  name: Example NHS Foundation Trust\n  address: 1 Hospital Road\n', `${CURSOR}\n`);
    const { list } = complete(marked);
    assert.equal(sorted(list)[0], 'institution', 'the missing required mapping comes first');
    assert.ok(!labels(list).includes('device'), 'keys already present are left out');
    assert.equal(editOf(byLabel(list, 'status')).newText, `status: \${1|${STATUSES.join(',')}|}`);
    assert.equal(editOf(byLabel(list, 'institution')).newText, 'institution:\n  $0');
    assert.equal(editOf(byLabel(list, 'clinical-investigation')).newText, 'clinical-investigation: ${1|false,true|}');
  });

  it('inserts plain text when the client has no snippet support', () => {
    const marked = FRONTMATTER.replace('institution:\n  name: Example NHS Foundation Trust\n  address: 1 Hospital Road\n', `st${CURSOR}\n`);
    const { list } = complete(marked, {}, INDEX, { snippetSupport: false });
    const item = byLabel(list, 'status');
    assert.equal(editOf(item).newText, 'status: draft');
    assert.equal(item.insertTextFormat, undefined);
  });

  it('offers classification and status values', () => {
    const classification = complete(FRONTMATTER.replace('classification: IIa', `classification: I${CURSOR}`));
    assert.deepEqual(labels(classification.list), CLASSIFICATIONS);
    assert.deepEqual(editOf(byLabel(classification.list, 'IIb')).range, {
      start: { line: classification.position.line, character: 18 },
      end: classification.position,
    });
    const status = complete(`${FRONTMATTER.slice(0, -4)}status: ${CURSOR}\n---\n`);
    assert.deepEqual(labels(status.list), STATUSES);
  });

  it('offers characteristics from the catalogue vocabulary, without those already listed', () => {
    const { list, position } = complete(FRONTMATTER.replace('[software]', `[software, me${CURSOR}]`));
    const vocabulary = builtinCatalogue().characteristics.map((c) => c.id);
    assert.deepEqual(labels(list), vocabulary.filter((id) => id !== 'software'));
    const measuring = byLabel(list, 'measuring');
    assert.deepEqual(editOf(measuring).range, { start: { line: position.line, character: position.character - 2 }, end: position });
    assert.equal(editOf(measuring).newText, 'measuring');
    assert.match(docOf(measuring), /Makes applicable:[\s\S]*ER 10\.1/);
  });

  it('wraps a characteristic in brackets when the list is not started', () => {
    const { list } = complete(FRONTMATTER.replace('characteristics: [software]', `characteristics: ${CURSOR}`));
    assert.equal(editOf(byLabel(list, 'sterile')).newText, '[sterile]');
  });

  it('offers characteristics in a block sequence', () => {
    const { list } = complete(FRONTMATTER.replace('characteristics: [software]', `characteristics:\n    - software\n    - ${CURSOR}`));
    assert.ok(labels(list).includes('sterile'));
    assert.ok(!labels(list).includes('software'));
  });

  it('offers parts as relative Markdown files near the index, not those listed or the index', () => {
    const marked = `${FRONTMATTER.slice(0, -4)}parts: [risk.md, ${CURSOR}]\n---\n`;
    const { list } = complete(marked, {
      [`${WORKSPACE}/risk.md`]: '# Risk\n',
      [`${WORKSPACE}/software/lifecycle.md`]: '# Life cycle\n',
      [`${WORKSPACE}/evidence/report.pdf`]: 'pdf',
      [`${WORKSPACE}/.hidden/notes.md`]: '# Notes\n',
    });
    assert.deepEqual(labels(list), ['software/lifecycle.md']);
  });

  it('offers no dossier keys in the frontmatter of an unrelated Markdown file', () => {
    const { list } = complete(`---\ntitle: Meeting notes\nla${CURSOR}\n---\n`, {}, `${WORKSPACE}/notes.md`);
    assert.deepEqual(labels(list), []);
  });

  it('offers root keys while a new dossier frontmatter is being started', () => {
    const { list } = complete(`---\nde${CURSOR}\n---\n`, {}, `${WORKSPACE}/new.md`);
    assert.ok(labels(list).includes('device'));
  });
});

describe('completion: checklist cells', () => {
  it('offers ER numbers in the ER column, those not yet in the table first, with title and summary', () => {
    const rows = '| 1 | Yes | | | |\n| 7 | No | | | no materials in contact with anyone |\n| ' + CURSOR + ' | | | | |\n';
    const { list, position } = complete(checklist(rows));
    const catalogue = builtinCatalogue();
    assert.equal(list.items.length, catalogue.essentialRequirements.length);
    const order = sorted(list);
    assert.equal(order[0], '2', 'the first ER without a row comes first');
    const inTable = ['1', '7', '7.1', '7.6'];
    for (const number of inTable) assert.ok(order.indexOf(number) > order.indexOf('13.6'), `${number} is already addressed: after the absent ones`);
    const item = byLabel(list, '12.1a');
    assert.equal(item.labelDetails?.description, catalogue.essentialRequirements.find((er) => er.number === '12.1a')!.title);
    assert.match(docOf(item), /Applies to this device/);
    assert.match(docOf(item), /In this dossier:\*\* no row/);
    assert.deepEqual(editOf(item).range, { start: position, end: position });
    assert.equal(editOf(item).newText, '12.1a');
  });

  it('replaces the number typed so far, keeping an "ER " prefix', () => {
    const { list, position } = complete(checklist(`| ER 12.${CURSOR} | | | | |\n`));
    const item = byLabel(list, '12.1a');
    assert.deepEqual(editOf(item).range, { start: { line: position.line, character: 2 }, end: position });
    assert.equal(editOf(item).newText, 'ER 12.1a');
    assert.equal(item.filterText?.startsWith('ER 12.1a'), true);
  });

  it('offers Yes, No and Partly in the Applies column, suggesting from the characteristics', () => {
    const applicable = complete(checklist(`| 12.1a | ${CURSOR} | | | |\n`));
    assert.deepEqual(labels(applicable.list), ['Yes', 'Partly', 'No']);
    assert.equal(sorted(applicable.list)[0], 'Yes');
    const excluded = complete(checklist(`| 8.3 | P${CURSOR} | | | |\n`));
    assert.equal(sorted(excluded.list)[0], 'No', 'sterile packaging does not apply to software');
    assert.deepEqual(editOf(byLabel(excluded.list, 'No')).range, { start: { line: excluded.position.line, character: 8 }, end: excluded.position });
  });

  it('does not offer No for a general requirement, which cannot be excluded', () => {
    const { list } = complete(checklist(`| 1 | ${CURSOR} | | | |\n`));
    assert.deepEqual(labels(list), ['Yes', 'Partly']);
  });

  it('offers current editions of standards, the ER\'s usual ones first, and completes the item at the cursor', () => {
    const { list, position, text } = complete(checklist(`| 12.1a | Yes | ISO 14971:2019; IEC 6${CURSOR} | | |\n`));
    const catalogue = builtinCatalogue();
    assert.ok(!labels(list).includes('ISO 14971:2019'), 'an edition already cited is left out');
    assert.equal(labels(list).length, catalogue.standards.length - 1);
    const iec = byLabel(list, 'IEC 62304:2006+A1:2015');
    assert.ok(sorted(list).indexOf('IEC 62304:2006+A1:2015') < sorted(list).indexOf('ISO 13485:2016'), 'IEC 62304 supports 12.1a');
    assert.deepEqual(editOf(iec).range, { start: { line: position.line, character: position.character - 5 }, end: position });
    assert.match(apply(text, editOf(iec)), /\| ISO 14971:2019; IEC 62304:2006\+A1:2015 \|/);
  });

  it('offers nothing in the header, the delimiter row or a table outside the checklist', () => {
    assert.deepEqual(labels(complete(checklist('| 1 | Yes | | | |\n').replace('| ER | Applies', `| ER${CURSOR} | Applies`)).list), []);
    const other = `${FRONTMATTER}\n# Device description\n\n| ER | Applies |\n| --- | --- |\n| ${CURSOR} | |\n`;
    assert.deepEqual(labels(complete(other).list), []);
  });

  it('works on CRLF lines and after an emoji on the same line (UTF-16 positions)', () => {
    const marked = checklist(`| 😀 1 | Yes | | | |\n| 12.1a | Yes | 😀 ISO 1${CURSOR} | | |\n`).replace(/\n/g, '\r\n');
    const { list, position, text } = complete(marked);
    const item = byLabel(list, 'ISO 13485:2016');
    // "| 12.1a | Yes | 😀 " is 17 UTF-16 code units (the emoji counts 2).
    assert.deepEqual(editOf(item).range, { start: { line: position.line, character: 19 }, end: position });
    assert.equal(position.character, 24);
    assert.match(apply(text, editOf(item)), /\| 😀 ISO 13485:2016 \| \| \|\r\n/);
  });
});

describe('completion: links', () => {
  const files = {
    [`${WORKSPACE}/evidence/risk-file.md`]: '# Risk file\n\n## Hazard log\n\ntext\n\n## Risk control measures\n',
    [`${WORKSPACE}/evidence/report one.pdf`]: 'pdf',
    [`${WORKSPACE}/software/lifecycle.md`]: '# Life cycle\n',
  };

  it('offers folders and files relative to the file', () => {
    const { list, position } = complete(`${FRONTMATTER}\nSee [the risk file](${CURSOR}\n`, files);
    assert.ok(labels(list).includes('evidence/'));
    assert.ok(labels(list).includes('software/'));
    const folder = byLabel(list, 'evidence/');
    assert.deepEqual(editOf(folder).range, { start: position, end: position });
    assert.equal(folder.command?.command, 'editor.action.triggerSuggest');
  });

  it('offers the files of a folder, encoding spaces', () => {
    const { list, position } = complete(`${FRONTMATTER}\nSee [the risk file](evidence/ri${CURSOR})\n`, files);
    assert.deepEqual(labels(list), ['report one.pdf', 'risk-file.md']);
    assert.deepEqual(editOf(byLabel(list, 'risk-file.md')).range, { start: { line: position.line, character: position.character - 2 }, end: position });
    assert.equal(editOf(byLabel(list, 'report one.pdf')).newText, 'report%20one.pdf');
  });

  it('offers the headings of the target after #, as GitHub anchors', () => {
    const { list, position } = complete(`${FRONTMATTER}\n| ER | Evidence |\n| --- | --- |\n| 1 | [log](evidence/risk-file.md#ha${CURSOR}) |\n`, files);
    assert.deepEqual(labels(list), ['risk-file', 'hazard-log', 'risk-control-measures']);
    assert.deepEqual(editOf(byLabel(list, 'hazard-log')).range, { start: { line: position.line, character: position.character - 2 }, end: position });
  });

  it('offers the headings of the same file after a bare #', () => {
    const { list } = complete(`${FRONTMATTER}\n# Market scanning\n\nSee [above](#${CURSOR})\n`, files);
    assert.deepEqual(labels(list), ['market-scanning']);
  });

  it('offers nothing for a folder outside the workspace', () => {
    const { list } = complete(`${FRONTMATTER}\nSee [x](../../${CURSOR})\n`, files);
    assert.deepEqual(labels(list), []);
  });
});

describe('completion: section headings', () => {
  it('offers the sections the dossier still lacks, with their prompts as placeholders', () => {
    const marked = `${FRONTMATTER}\n## Risk management\n\nText.\n\n## Ri${CURSOR}\n`;
    const { list, position } = complete(marked);
    const catalogue = builtinCatalogue();
    const expected = catalogue.sections.filter((s) => s.id !== 'risk-management').map((s) => s.name);
    assert.deepEqual(labels(list), expected, 'every section but the one already there');
    assert.equal(sorted(list)[sorted(list).length - 1], 'Clinical investigation', 'not required without clinical-investigation: true');
    const qms = byLabel(list, 'Quality management system');
    assert.deepEqual(editOf(qms).range, { start: { line: position.line, character: 0 }, end: position });
    assert.equal(qms.filterText, '## Quality management system');
    assert.equal(editOf(qms).newText, '## Quality management system\n\n- QMS standard followed: ${1:standard and edition}\n- Scope of the QMS: ${2:departments, sites and activities covered}');
  });

  it('does not count the heading being typed as present', () => {
    const { list } = complete(`${FRONTMATTER}\n## Market scan${CURSOR}\n`);
    assert.ok(labels(list).includes('Market scanning'));
  });

  it('inserts the checklist header with the essential requirements heading, and uses a section template first', () => {
    const asked: [string, number][] = [];
    const { list } = complete(`${FRONTMATTER}\n# ${CURSOR}\n`.replace(/\n/g, '\r\n'), {}, INDEX, {
      snippetSupport: true,
      sectionSnippet: (id, depth) => {
        asked.push([id, depth]);
        return id === 'qms' ? `${'#'.repeat(depth)} Our QMS\n\nStandard: \${1:name}` : undefined;
      },
    });
    assert.equal(editOf(byLabel(list, 'Essential requirements')).newText, '# Essential requirements\r\n\r\n| ER | Applies | Standards | Evidence | Justification |\r\n| --- | --- | --- | --- | --- |');
    assert.equal(editOf(byLabel(list, 'Quality management system')).newText, '# Our QMS\r\n\r\nStandard: ${1:name}');
    assert.ok(asked.some(([id, depth]) => id === 'qms' && depth === 1));
  });

  it('offers nothing in a file that is not part of a dossier, or inside code', () => {
    assert.deepEqual(labels(complete(`# Notes\n\n## ${CURSOR}\n`, {}, `${WORKSPACE}/README.md`).list), []);
    assert.deepEqual(labels(complete(`${FRONTMATTER}\n\`\`\`\n# ${CURSOR}\n\`\`\`\n`).list), []);
  });
});

describe('completion: suppression comments', () => {
  it('offers rule names after a hie-disable directive, without those already listed', () => {
    const { list, position } = complete(`${FRONTMATTER}\n<!-- hie-disable-next-line evidence-missing ev${CURSOR} -->\n`);
    assert.deepEqual(labels(list), ALL_RULE_IDS.filter((id) => id !== 'evidence-missing'));
    assert.deepEqual(editOf(byLabel(list, 'evidence-link-broken')).range, { start: { line: position.line, character: position.character - 2 }, end: position });
  });

  it('offers the directives themselves after <!--', () => {
    const { list } = complete(`${FRONTMATTER}\n<!-- hie-${CURSOR}\n`);
    assert.deepEqual(labels(list), ['hie-disable-next-line', 'hie-disable', 'hie-enable', 'hie-disable-file']);
  });

  it('offers rule names in a YAML comment directive of the frontmatter', () => {
    const { list } = complete(FRONTMATTER.replace('  characteristics:', `  # hie-disable-next-line ${CURSOR}\n  characteristics:`));
    assert.deepEqual(labels(list), [...ALL_RULE_IDS]);
  });

  it('offers nothing in an ordinary comment', () => {
    assert.deepEqual(labels(complete(`${FRONTMATTER}\n<!-- remember to ${CURSOR} -->\n`).list), []);
  });
});
