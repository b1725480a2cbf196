/**
 * Completions over the spawned server (stdio), at exact UTF-16 positions, on LF and CRLF files:
 * frontmatter keys and values, checklist cells, link paths and anchors, section headings and
 * rule names in suppression comments.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, InitializeResult, Position, TextEdit } from 'vscode-languageserver-protocol';
import { LspTestClient, REPO_ROOT } from '../support/lspClient';

const CURSOR = '‸';

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
parts: [requirements.md]
---
`;

const INDEX = `${FRONTMATTER}
# Test device

See the [validation report](evidence/report.md#validation).

## Risk management

Risk is managed to ISO 14971:2019.
`;

const PART = `# Essential requirements

| ER | Applies | Standards | Evidence | Justification |
| --- | --- | --- | --- | --- |
| 1 | Yes | ISO 14971:2019 | [log](evidence/report.md#scope) | |
| 7 | No | | | The device is software only and has no materials. |
`;

/** Text without the cursor marker, and the marker's LSP position (UTF-16 code units). */
function withCursor(marked: string): { text: string; position: Position } {
  const at = marked.indexOf(CURSOR);
  const lines = marked.slice(0, at).split(/\r\n|\n/);
  return { text: marked.replace(CURSOR, ''), position: { line: lines.length - 1, character: lines[lines.length - 1]!.length } };
}

const labels = (list: CompletionList): string[] => list.items.map((item) => item.label);
const find = (list: CompletionList, label: string): CompletionItem => {
  const item = list.items.find((candidate) => candidate.label === label);
  assert.ok(item, `expected ${label} among ${labels(list).join(', ')}`);
  return item;
};
const edit = (item: CompletionItem): TextEdit => item.textEdit as TextEdit;
const bySortText = (list: CompletionList): string[] => [...list.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((item) => item.label);

describe('completion over LSP', () => {
  let workspace: string;
  let client: LspTestClient;
  let initialize: InitializeResult;
  let version = 1;
  const uriOf = (name: string): string => pathToFileURL(path.join(workspace, name)).href;

  /** Opens (or replaces) a document with the marked text and asks for completions at the marker. */
  async function completeIn(name: string, marked: string): Promise<{ list: CompletionList; position: Position }> {
    const { text, position } = withCursor(marked);
    const uri = uriOf(name);
    await client.change(uri, ++version, [{ text }]);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
    return { list, position };
  }

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hie-completion-'));
    fs.mkdirSync(path.join(workspace, 'evidence'));
    fs.writeFileSync(path.join(workspace, 'evidence', 'report.md'), '# Report\n\n## Scope\n\n## Validation\n');
    fs.writeFileSync(path.join(workspace, 'evidence', 'risk-file.md'), '# Risk file\n');
    fs.writeFileSync(path.join(workspace, 'index.md'), INDEX);
    fs.writeFileSync(path.join(workspace, 'requirements.md'), PART);
    ({ client, initialize } = await LspTestClient.start({ workspace, settings: { debounceMs: 0, checkWorkspaceOnStart: false } }));
    await client.open(uriOf('index.md'), INDEX);
    await client.waitForDiagnostics(uriOf('index.md'));
    await client.open(uriOf('requirements.md'), PART);
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('declares a completion provider with trigger characters for cells, headings, links and lists', () => {
    const provider = initialize.capabilities.completionProvider;
    assert.ok(provider);
    for (const trigger of ['|', '#', '(', '/', ' ']) assert.ok(provider.triggerCharacters?.includes(trigger), `triggers on ${trigger}`);
  });

  it('completes frontmatter keys with documentation', async () => {
    const { list, position } = await completeIn('index.md', INDEX.replace('  classification: IIa\n', `  classification: IIa\n  tr${CURSOR}\n`));
    const item = find(list, 'traceability');
    assert.deepEqual(edit(item).range, { start: { line: position.line, character: 2 }, end: position });
    assert.equal(edit(item).newText, 'traceability: $0');
    assert.equal(item.insertTextFormat, 2);
    assert.match((item.documentation as { value: string }).value, /how a unit is identified/);
    assert.ok(!labels(list).includes('name'), 'present keys are left out');
  });

  it('completes characteristics, classification, status and parts values', async () => {
    const characteristics = await completeIn('index.md', INDEX.replace('[software]', `[software, ster${CURSOR}]`));
    const sterile = find(characteristics.list, 'sterile');
    assert.deepEqual(edit(sterile).range, { start: { line: 8, character: 30 }, end: characteristics.position });
    assert.ok(!labels(characteristics.list).includes('software'));

    const classification = await completeIn('index.md', INDEX.replace('classification: IIa', `classification: ${CURSOR}IIa`));
    assert.deepEqual(labels(classification.list), ['I', 'Is', 'Im', 'IIa', 'IIb', 'III']);
    assert.deepEqual(edit(find(classification.list, 'IIb')).range, { start: { line: 7, character: 18 }, end: { line: 7, character: 21 } });

    const status = await completeIn('index.md', INDEX.replace('parts: [requirements.md]\n', `status: ${CURSOR}\nparts: [requirements.md]\n`));
    assert.deepEqual(labels(status.list), ['draft', 'in-use', 'suspended', 'withdrawn']);

    const parts = await completeIn('index.md', INDEX.replace('parts: [requirements.md]', `parts: [requirements.md, ${CURSOR}]`));
    assert.deepEqual(labels(parts.list), ['evidence/report.md', 'evidence/risk-file.md']);
    assert.deepEqual(edit(find(parts.list, 'evidence/report.md')).range, { start: parts.position, end: parts.position });
  });

  it('completes ER numbers in the ER column of a part, absent ones first, with titles', async () => {
    const { list, position } = await completeIn('requirements.md', `${PART}| 12.1${CURSOR} | | | | |\n`);
    const order = bySortText(list);
    assert.equal(order[0], '2', 'ER 2 has no row: first');
    assert.ok(order.indexOf('1') > order.indexOf('13.6'), 'ER 1 has a row: after every absent ER');
    const item = find(list, '12.1a');
    assert.deepEqual(edit(item).range, { start: { line: position.line, character: 2 }, end: position });
    assert.equal(edit(item).newText, '12.1a');
    assert.ok(item.labelDetails?.description);
    assert.match((item.documentation as { value: string }).value, /In this dossier:\*\* no row/);
  });

  it('completes Applies values and standards, after an emoji on a CRLF line', async () => {
    const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
    const applies = await completeIn('requirements.md', crlf(`${PART}| 8.3 😀 | N${CURSOR} | | | |\n`));
    // "| 8.3 😀 | " is 11 UTF-16 code units: the emoji counts two.
    assert.deepEqual(edit(find(applies.list, 'No')).range, { start: { line: 6, character: 11 }, end: { line: 6, character: 12 } });
    assert.equal(bySortText(applies.list)[0], 'No', 'sterile packaging does not apply to software');

    const standards = await completeIn('requirements.md', crlf(`${PART}| 12.1a | Yes | 😀 IEC 623${CURSOR} | | |\n`));
    const iec = find(standards.list, 'IEC 62304:2006+A1:2015');
    assert.deepEqual(edit(iec).range, { start: { line: 6, character: 19 }, end: standards.position });
    assert.equal(standards.position.character, 26);
    await client.change(uriOf('requirements.md'), ++version, [{ text: PART }]);
  });

  it('completes link paths and heading anchors', async () => {
    const files = await completeIn('index.md', INDEX.replace('evidence/report.md#validation', `evidence/r${CURSOR}`));
    assert.deepEqual(labels(files.list), ['report.md', 'risk-file.md']);
    assert.deepEqual(edit(find(files.list, 'risk-file.md')).range, { start: { line: 17, character: 37 }, end: { line: 17, character: 38 } });

    const anchors = await completeIn('index.md', INDEX.replace('report.md#validation', `report.md#v${CURSOR}alidation`));
    assert.deepEqual(labels(anchors.list), ['report', 'scope', 'validation']);
    assert.deepEqual(edit(find(anchors.list, 'validation')).range, { start: { line: 17, character: 47 }, end: { line: 17, character: 57 } });
  });

  it('completes the headings of missing sections at the start of a line', async () => {
    const { list, position } = await completeIn('index.md', `${INDEX}\n## Q${CURSOR}\n`);
    assert.ok(!labels(list).includes('Risk management'), 'present sections are left out');
    assert.ok(!labels(list).includes('Essential requirements'), 'the part holds that section');
    const qms = find(list, 'Quality management system');
    assert.deepEqual(edit(qms).range, { start: { line: position.line, character: 0 }, end: position });
    assert.equal(qms.filterText, '## Quality management system');
    // The same section the section-missing quick fix inserts: the built-in template.
    const builtin = fs.readFileSync(path.join(REPO_ROOT, 'shared', 'templates', 'qms.md'), 'utf8').trimEnd();
    assert.equal(edit(qms).newText, builtin);
    assert.match(edit(qms).newText, /^## Quality management system\n\nQMS standard followed: \$\{1:standard and edition\}/);
  });

  it('completes a heading with the team\'s template first, at the depth typed', async () => {
    fs.mkdirSync(path.join(workspace, 'team'));
    fs.writeFileSync(path.join(workspace, 'team', 'qms.md'), '# Quality management system\n\nOur QMS manual: ${1:manual reference}\n');
    fs.writeFileSync(path.join(workspace, '.hie-dossier.yaml'), 'templates: [team]\n');
    try {
      const { list } = await completeIn('index.md', `${INDEX}\n### Q${CURSOR}\n`);
      assert.equal(edit(find(list, 'Quality management system')).newText, '### Quality management system\n\nOur QMS manual: ${1:manual reference}');
    } finally {
      fs.rmSync(path.join(workspace, '.hie-dossier.yaml'));
      fs.rmSync(path.join(workspace, 'team'), { recursive: true });
    }
  });

  it('completes rule names in hie-disable comments', async () => {
    const { list, position } = await completeIn('index.md', `${INDEX}\n<!-- hie-disable-next-line evidence-missing ${CURSOR} -->\n`);
    assert.ok(labels(list).includes('er-missing'));
    assert.ok(!labels(list).includes('evidence-missing'));
    assert.deepEqual(edit(find(list, 'er-missing')).range, { start: position, end: position });
    await client.change(uriOf('index.md'), ++version, [{ text: INDEX }]);
  });
});
