/**
 * Quick fixes on the pure language service. Every fix is held to the same contract: it is offered
 * for its diagnostic; applied, that diagnostic is gone and no new error appears (except where the
 * fix deliberately leaves the author a cell to fill, which is stated); offered again on the new
 * text it changes nothing more. Each contract runs on LF, CRLF and BOM+CRLF texts.
 */
import { strict as assert } from 'node:assert';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import {
  FIX_ALL_KIND,
  provideCodeActions,
  resolveCodeAction,
  type CodeActionOptions,
} from '../../server/src/languageservice/features/codeActions';
import { applyTextEdits, applyWorkspaceEdit } from '../../server/src/languageservice/features/codeActions/applyEdit';
import { newChecklistNumbers } from '../../server/src/languageservice/features/codeActions/checklist';
import { closestWords } from '../../server/src/languageservice/features/codeActions/text';
import { CatalogueIndex } from '../../server/src/languageservice/catalogue/catalogueIndex';
import { DossierService, type DossierDiagnostic } from '../../server/src/languageservice/service';
import { snippetToPlain } from '../../server/src/languageservice/templates/snippetSyntax';
import { buildDossier, defaultFrontmatter, defaultRows, defaultSections, EVIDENCE, renderTable, type BuildOptions, type ChecklistRow } from '../support/dossierBuilder';
import { MemoryHost } from '../support/memoryHost';
import { builtinCatalogue, createTestService } from '../support/testService';

const INDEX = '/ws/index.md';
const uriOf = (path: string): string => `file://${path}`;
const pathOf = (uri: string): string => uri.replace(/^file:\/\//, '');
const OPTIONS: CodeActionOptions = { pathToUri: uriOf };
const catalogue = new CatalogueIndex(builtinCatalogue());

type Files = Record<string, string>;

function toLsp(d: DossierDiagnostic): Diagnostic {
  return { range: d.range, severity: d.severity === 'error' ? 1 : 2, code: d.rule, source: 'hie-dossier', message: d.message, data: { rule: d.rule, ...(d.target !== undefined ? { target: d.target } : {}) } };
}

function checkAll(files: Files, index = INDEX): { service: DossierService; diagnostics: DossierDiagnostic[] } {
  const { service } = createTestService(files);
  const diagnostics = [...service.check(index).diagnostics.values()].flat();
  return { service, diagnostics };
}

function actionsFor(service: DossierService, path: string, diagnostics: DossierDiagnostic[], options: CodeActionOptions = OPTIONS, only?: string[]): CodeAction[] {
  return provideCodeActions(service, path, diagnostics.filter((d) => d.path === path).map(toLsp), only, options);
}

/** The texts after applying an action (resolved first when it is lazy). */
function applyAction(service: DossierService, files: Files, action: CodeAction, options: CodeActionOptions = OPTIONS): Files {
  const resolved = action.edit ? action : resolveCodeAction(service, action, options);
  if (!resolved.edit) return { ...files };
  const changed = applyWorkspaceEdit(resolved.edit, (uri) => files[pathOf(uri)]);
  const next = { ...files };
  for (const [uri, text] of changed) next[pathOf(uri)] = text;
  return next;
}

const identity = (d: DossierDiagnostic): string => `${d.path}|${d.rule}|${d.target ?? ''}|${d.message}`;

interface ContractOptions {
  /** The file the diagnostic is on (default: the index). */
  path?: string;
  /** New errors the fix leaves on purpose (a No row's justification is the author's to write). */
  allowNewError?: (d: DossierDiagnostic) => boolean;
  options?: CodeActionOptions;
  index?: string;
}

interface ContractResult {
  before: DossierDiagnostic[];
  after: DossierDiagnostic[];
  files: Files;
  action: CodeAction;
}

/**
 * Offers the fix for the diagnostic `pick` selects, applies the action whose title matches, and
 * checks the contract. Returns the texts and diagnostics after the fix for further assertions.
 */
function assertFixContract(files: Files, pick: (d: DossierDiagnostic) => boolean, title: RegExp, contract: ContractOptions = {}): ContractResult {
  const path = contract.path ?? INDEX;
  const options = contract.options ?? OPTIONS;
  const { service, diagnostics: before } = checkAll(files, contract.index);
  const target = before.find((d) => d.path === path && pick(d));
  assert.ok(target, `no such diagnostic; got: ${before.map((d) => `${d.rule}(${d.target ?? ''})`).join(', ')}`);
  const actions = actionsFor(service, path, [target], options);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, `no action matching ${title} for ${target.rule}(${target.target ?? ''}); offered: ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(action.kind, 'quickfix');
  assert.ok(action.diagnostics?.some((d) => d.message === target.message && d.code === target.rule), 'the action names its diagnostic');

  const fixed = applyAction(service, files, action, options);
  assert.notDeepEqual(fixed, files, 'the fix changes something');
  const { service: afterService, diagnostics: after } = checkAll(fixed, contract.index);
  assert.ok(!after.some((d) => identity(d) === identity(target)), `${target.rule}(${target.target ?? ''}) is still reported after "${action.title}"`);
  const known = new Set(before.map(identity));
  const newErrors = after.filter((d) => d.severity === 'error' && !known.has(identity(d)) && !(contract.allowNewError?.(d) ?? false));
  assert.deepEqual(newErrors.map((d) => `${d.rule}(${d.target ?? ''}): ${d.message}`), [], `"${action.title}" added errors`);

  // Idempotent: the same fix, offered again on the new text (with the old diagnostic, as a stale
  // editor would send it), changes nothing more.
  const again = actionsFor(afterService, path, [{ ...target }, ...after.filter((d) => d.path === path)], options).filter((a) => a.title === action.title);
  for (const repeat of again) assert.deepEqual(applyAction(afterService, fixed, repeat, options), fixed, `"${action.title}" changed the text again`);
  if (!action.edit) assert.deepEqual(applyAction(afterService, fixed, action, options), fixed, `resolving "${action.title}" again changed the text`);
  return { before, after, files: fixed, action };
}

/** Line-break and BOM variants every contract runs on. */
const VARIANTS: { name: string; options: BuildOptions }[] = [
  { name: 'LF', options: {} },
  { name: 'CRLF', options: { eol: '\r\n' } },
  { name: 'BOM and CRLF', options: { eol: '\r\n', bom: true } },
];

function withoutRows(...numbers: string[]): ChecklistRow[] {
  return defaultRows().filter((row) => !numbers.includes(row.er));
}

function withRow(er: string, change: Partial<ChecklistRow>): ChecklistRow[] {
  return defaultRows().map((row) => (row.er === er ? { ...row, ...change } : row));
}

/** ER numbers of the checklist rows, in table order. */
function tableNumbers(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => /^\|\s*\d/.test(line))
    .map((line) => /^\|\s*(\d+(?:\.\d+)*[a-z]?)/.exec(line)![1]!);
}

function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\n/);
}

const isExclusionUnjustified = (numbers: readonly string[]) => (d: DossierDiagnostic): boolean => d.rule === 'exclusion-unjustified' && numbers.includes(d.target ?? '');

describe('code actions', () => {
  describe('er-missing', () => {
    for (const { name, options } of VARIANTS) {
      it(`adds the missing row after the row of the nearest earlier ER (${name})`, () => {
        const text = buildDossier({ ...options, rows: withoutRows('2') });
        const { files, action } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'er-missing' && d.target === '2', /row for ER 2 /);
        assert.match(action.title, /Safety principles and the order of risk control \(marked Yes\)/);
        const after = files[INDEX]!;
        const rows = lines(after);
        const at = rows.findIndex((l) => l.startsWith('| 1 '));
        assert.equal(rows[at + 1], '| 2 Safety principles and the order of risk control | Yes | | | |');
        assert.deepEqual(tableNumbers(after), defaultRows().map((r) => r.er));
        if (options.eol === '\r\n') assert.ok(!/[^\r]\n/.test(after.replace(/^\uFEFF/, '')), 'every line break stays CRLF');
        if (options.bom) assert.ok(after.startsWith('\uFEFF'), 'the BOM stays');
      });
    }

    it('marks a row No when the characteristics do not make the ER applicable, leaving the justification to the author', () => {
      const text = buildDossier({ rows: withoutRows('12.2') });
      const { files, after } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'er-missing' && d.target === '12.2', /row for ER 12\.2 .*marked No/, {
        allowNewError: isExclusionUnjustified(['12.2']),
      });
      assert.ok(lines(files[INDEX]!).includes('| 12.2 Internal power supply | No | | | |'));
      assert.deepEqual(after.filter((d) => d.severity === 'error').map((d) => `${d.rule}(${d.target})`), ['exclusion-unjustified(12.2)']);
      assert.deepEqual(tableNumbers(files[INDEX]!), defaultRows().map((r) => r.er));
    });

    it('adds a group row for a missing group below the top level (12.7)', () => {
      const text = buildDossier({ rows: withoutRows('12.7') });
      const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'er-missing' && d.target === '12.7', /row for ER 12\.7 /, { allowNewError: isExclusionUnjustified(['12.7']) });
      assert.deepEqual(tableNumbers(files[INDEX]!), defaultRows().map((r) => r.er));
    });

    it('puts the first ER of the catalogue before every other row', () => {
      const text = buildDossier({ rows: withoutRows('1') });
      const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'er-missing' && d.target === '1', /row for ER 1 /);
      assert.deepEqual(tableNumbers(files[INDEX]!), defaultRows().map((r) => r.er));
      const rows = lines(files[INDEX]!);
      assert.match(rows[rows.findIndex((l) => l.startsWith('| --- |')) + 1]!, /^\| 1 Safe design/);
    });

    it('keeps the column order and count of a table with other columns, escaping nothing it need not', () => {
      const table = ['| Applies | Requirement | Rationale |', '| --- | --- | --- |', '| Yes | 1 | |', '| Yes | 2 | |'].join('\n');
      const text = buildDossier({ sections: { 'essential-requirements': `## Essential requirements\n\n${table}` } });
      const { service, diagnostics } = checkAll({ [INDEX]: text, ...EVIDENCE });
      const missing = diagnostics.find((d) => d.rule === 'er-missing' && d.target === '3')!;
      const [action] = actionsFor(service, INDEX, [missing]).filter((a) => /row for ER 3 /.test(a.title));
      const after = applyAction(service, { [INDEX]: text }, action!)[INDEX]!;
      assert.ok(lines(after).includes('| Yes | 3 Intended performance | |'), lines(after).filter((l) => l.startsWith('|')).join('\n'));
    });

    it('adds the row to the part that holds the checklist, by that part’s URI', () => {
      const table = renderTable(withoutRows('3'));
      const index = buildDossier({ frontmatter: defaultFrontmatter('[software]', 'parts: [checklist.md]\n'), sections: { 'essential-requirements': undefined } });
      const part = `# Essential requirements\n\n${table}\n`;
      const files = { [INDEX]: index, '/ws/checklist.md': part, ...EVIDENCE };
      const result = assertFixContract(files, (d) => d.rule === 'er-missing' && d.target === '3', /row for ER 3 /);
      assert.equal(result.files[INDEX], index, 'the index is unchanged');
      assert.deepEqual(tableNumbers(result.files['/ws/checklist.md']!), defaultRows().map((r) => r.er));
      assert.deepEqual(Object.keys(result.action.edit!.changes!), [uriOf('/ws/checklist.md')]);
    });

    it('adds all missing ERs at once, in catalogue order, lazily resolved', () => {
      const text = buildDossier({ rows: withoutRows('1', '2', '7', '12.7', '13.6') });
      const { service, diagnostics } = checkAll({ [INDEX]: text, ...EVIDENCE });
      const missing = diagnostics.filter((d) => d.rule === 'er-missing');
      const actions = actionsFor(service, INDEX, missing);
      const all = actions.filter((a) => /^Add all \d+ missing ERs/.test(a.title));
      assert.equal(all.length, 1, 'one "add all" action for every er-missing diagnostic');
      assert.equal(all[0]!.title, `Add all ${missing.length} missing ERs to the checklist`);
      assert.equal(all[0]!.edit, undefined, 'the edit waits for codeAction/resolve');
      assert.equal(all[0]!.diagnostics?.length, missing.length);
      const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'er-missing' && d.target === '2', /^Add all/, {
        allowNewError: isExclusionUnjustified(missing.map((d) => d.target!)),
      });
      const order = catalogue.catalogue.essentialRequirements.map((er) => er.number);
      const numbers = tableNumbers(files[INDEX]!);
      assert.deepEqual([...numbers].sort((a, b) => order.indexOf(a) - order.indexOf(b)), numbers, 'rows in catalogue order');
      const rechecked = checkAll({ ...files });
      assert.ok(!rechecked.diagnostics.some((d) => d.rule === 'er-missing'));
    });

    it('computes every edit at once for a client that does not resolve', () => {
      const text = buildDossier({ rows: withoutRows('1', '2') });
      const { service, diagnostics } = checkAll({ [INDEX]: text, ...EVIDENCE });
      const actions = actionsFor(service, INDEX, diagnostics, { ...OPTIONS, resolveSupport: false });
      assert.ok(actions.length > 0);
      for (const action of actions) assert.ok(action.edit, `${action.title} has its edit`);
    });
  });

  describe('er-checklist-missing', () => {
    const software = new Set(['software']);

    it('chooses rows at the granularity the checker accepts: leaves, second-level rows and whole groups that agree', () => {
      const numbers = newChecklistNumbers(catalogue, software);
      for (const n of ['1', '2', '3', '4', '5', '6', '6a', '7.1', '7.6', '11', '12.1a', '12.7', '12.8', '13.6']) assert.ok(numbers.includes(n), `row for ${n}`);
      for (const n of ['7', '11.1', '12', '12.7.1', '12.8.1']) assert.ok(!numbers.includes(n), `no row for ${n}`);
      // ER 11 splits when a characteristic makes only some of its requirements applicable.
      const nonIonising = newChecklistNumbers(catalogue, new Set(['non-ionising-radiation']));
      assert.ok(!nonIonising.includes('11') && nonIonising.includes('11.1') && nonIonising.includes('11.5'));
    });

    for (const { name, options } of VARIANTS) {
      it(`inserts the whole checklist under the existing heading, marked from the characteristics (${name})`, () => {
        const text = buildDossier({ ...options, sections: { 'essential-requirements': '## Essential requirements\n\nThe checklist follows.' } });
        const marksNo = newChecklistNumbers(catalogue, software).filter((n) => !catalogue.isApplicable(n, software));
        const { files, after } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'er-checklist-missing', /^Insert the essential requirements checklist/, {
          allowNewError: isExclusionUnjustified(marksNo),
        });
        const result = files[INDEX]!;
        assert.deepEqual(tableNumbers(result), newChecklistNumbers(catalogue, software));
        assert.ok(!after.some((d) => d.rule === 'er-missing'), 'no ER is missing');
        const rows = lines(result);
        assert.ok(rows.includes('| 12.1a Software validation | Yes | | | |'));
        assert.ok(rows.includes('| 11 Protection against radiation | No | | | |'));
        const heading = rows.indexOf('## Essential requirements');
        assert.deepEqual(rows.slice(heading, heading + 5), ['## Essential requirements', '', 'The checklist follows.', '', '| ER | Applies | Standards | Evidence | Justification |']);
      });
    }

    it('inserts the heading too, where the section order puts it, when there is none', () => {
      const text = buildDossier({ sections: { 'essential-requirements': undefined } });
      const marksNo = newChecklistNumbers(catalogue, software).filter((n) => !catalogue.isApplicable(n, software));
      const { files, after } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'er-checklist-missing', /^Insert the essential requirements checklist/, {
        allowNewError: isExclusionUnjustified(marksNo),
      });
      const rows = lines(files[INDEX]!);
      const headings = rows.filter((l) => l.startsWith('## '));
      assert.deepEqual(headings.slice(0, 4), ['## Market scanning', '## Quality management system', '## Essential requirements', '## Risk management']);
      assert.ok(!after.some((d) => d.rule === 'section-missing'), 'the section is present now');
    });
  });

  describe('section-missing', () => {
    for (const { name, options } of VARIANTS) {
      it(`inserts the built-in template after the last earlier section in catalogue order (${name})`, () => {
        const text = buildDossier({ ...options, sections: { consent: undefined } });
        const { files, action } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'section-missing' && d.target === 'consent', /^Insert the "Informed patient consent" section$/);
        assert.equal(action.edit, undefined, 'resolved lazily');
        const rows = lines(files[INDEX]!);
        const headings = rows.filter((l) => l.startsWith('## '));
        assert.deepEqual(headings.slice(3, 6), ['## Risk management', '## Informed patient consent', '## Records and traceability']);
        const at = rows.indexOf('## Informed patient consent');
        assert.deepEqual(rows.slice(at - 1, at + 3), ['', '## Informed patient consent', '', 'How patients are told the device is made under the Health Institution Exemption: method']);
      });
    }

    for (const { name, options } of VARIANTS) {
      it(`writes the public declaration from the dossier, complete, where the order puts it (${name})`, () => {
        const text = buildDossier({ ...options, sections: { 'public-declaration': undefined } });
        const { files, after, action } = assertFixContract(
          { [INDEX]: text, ...EVIDENCE },
          (d) => d.rule === 'section-missing' && d.target === 'public-declaration',
          /^Insert the public declaration written from this dossier$/,
        );
        assert.equal(action.isPreferred, true);
        assert.deepEqual(after.filter((d) => d.target === 'public-declaration'), [], 'every element of the declaration is stated');
        const written = files[INDEX]!;
        for (const fact of ['Example NHS Foundation Trust', '1 Hospital Road, Exampletown EX1 1AA', 'Paediatric Gentamicin Dose Calculator', 'RXH-SW-0042', 'Schedule 2A', 'https://example.nhs.uk/hie']) {
          assert.ok(written.includes(fact), `the declaration states ${fact}`);
        }
        const headings = lines(written).filter((l) => l.startsWith('## '));
        assert.deepEqual(headings.slice(-3), ['## Records and traceability', '## Public declaration', '## Post-market surveillance']);
      });
    }

    it('inserts the first section of the order before the first present one', () => {
      const text = buildDossier({ sections: { 'market-scan': undefined } });
      const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'section-missing' && d.target === 'market-scan', /Market scanning/);
      const headings = lines(files[INDEX]!).filter((l) => l.startsWith('#'));
      assert.deepEqual(headings.slice(0, 3), ['# Paediatric Gentamicin Dose Calculator', '## Market scanning', '## Quality management system']);
    });

    it('matches the heading depth of the section it follows', () => {
      const sections = Object.fromEntries(Object.entries(defaultSections()).map(([id, body]) => [id, body.replace(/^## /, '### ')]));
      const text = buildDossier({ sections: { ...sections, pms: undefined } });
      const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'section-missing' && d.target === 'pms', /Post-market surveillance/);
      assert.ok(lines(files[INDEX]!).includes('### Post-market surveillance'));
    });

    it('inserts the clinical investigation section when the frontmatter says one runs', () => {
      const text = buildDossier({ frontmatter: defaultFrontmatter().replace('clinical-investigation: false', 'clinical-investigation: true') });
      const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'section-missing' && d.target === 'clinical-investigation', /Clinical investigation/);
      assert.ok(lines(files[INDEX]!).includes('MHRA notified on: YYYY-MM-DD'));
    });

    it('inserts Essential requirements with a checklist built for the device', () => {
      const text = buildDossier({ sections: { 'essential-requirements': undefined } });
      const software = new Set(['software']);
      const marksNo = newChecklistNumbers(catalogue, software).filter((n) => !catalogue.isApplicable(n, software));
      const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'section-missing' && d.target === 'essential-requirements', /Essential requirements/, {
        allowNewError: isExclusionUnjustified(marksNo),
      });
      assert.deepEqual(tableNumbers(files[INDEX]!), newChecklistNumbers(catalogue, software));
    });

    it('uses the team template from .hie-dossier.yaml before the built-in one, and says so', () => {
      const template = '## Market scanning\n\nScan date: ${1:YYYY-MM-DD} (team procedure MS-01)\n\nAlternatives considered: ${2:list}\n';
      const files = {
        [INDEX]: buildDossier({ sections: { 'market-scan': undefined } }),
        '/ws/.hie-dossier.yaml': 'templates: [team-templates]\n',
        '/ws/team-templates/market-scan.md': template,
        ...EVIDENCE,
      };
      const { files: after, action } = assertFixContract(files, (d) => d.rule === 'section-missing' && d.target === 'market-scan', /team template market-scan\.md/);
      assert.match(action.title, /^Insert the "Market scanning" section from the team template market-scan\.md$/);
      const rows = lines(after[INDEX]!);
      assert.ok(rows.includes('Scan date: YYYY-MM-DD (team procedure MS-01)'), rows.join('\n'));
      assert.ok(!rows.includes('Date of the last market scan: YYYY-MM-DD'), 'not the built-in template');
    });

    it('prefers the folders of the hieDossier.templateFolders setting, and reads .code-snippets libraries', () => {
      const snippets = JSON.stringify({ 'PMS section': { prefix: ['pms'], body: ['## Post-market surveillance', '', 'Review: ${1|monthly,quarterly|} by ${2:whom}', 'Yellow Card reports: ${3:who sends them}'] } });
      const files = {
        [INDEX]: buildDossier({ sections: { pms: undefined } }),
        '/ws/.hie-dossier.yaml': 'templates: [project-templates]\n',
        '/ws/project-templates/pms.md': '## Post-market surveillance\n\nProject template\n',
        '/ws/my-templates/team.code-snippets': snippets,
        ...EVIDENCE,
      };
      const options: CodeActionOptions = { ...OPTIONS, templateFolders: ['/ws/my-templates'] };
      const { files: after, action } = assertFixContract(files, (d) => d.rule === 'section-missing' && d.target === 'pms', /team template team\.code-snippets/, { options });
      assert.ok(action.title.includes('team.code-snippets'));
      const rows = lines(after[INDEX]!);
      assert.ok(rows.includes('Review: monthly by whom'), rows.join('\n'));
      assert.ok(!rows.includes('Project template'));
    });

    it('sends the template as a snippet edit to a client that accepts them', () => {
      const files = { [INDEX]: buildDossier({ sections: { qms: undefined } }), ...EVIDENCE };
      const { service, diagnostics } = checkAll(files);
      const options: CodeActionOptions = { ...OPTIONS, snippetEdits: true };
      const [action] = actionsFor(service, INDEX, diagnostics.filter((d) => d.rule === 'section-missing'), options);
      const resolved = resolveCodeAction(service, action!, options);
      const change = resolved.edit!.documentChanges![0]!;
      assert.ok('edits' in change);
      const edit = change.edits[0] as unknown as { snippet: { kind: string; value: string } };
      assert.equal(edit.snippet.kind, 'snippet');
      assert.match(edit.snippet.value, /QMS standard followed: \$\{1:standard and edition\}/);
      assert.match(edit.snippet.value, /Scope of the QMS: \$\{2:departments, sites and activities covered\}/);
    });

    it('adds the catalogue heading to a team template that has none', () => {
      const files = {
        [INDEX]: buildDossier({ sections: { records: undefined } }),
        '/ws/.hie-dossier.yaml': 'templates: templates\n',
        '/ws/templates/records.md': 'Central record entry: ${1:register} — asset ${2:reference}; users ${3:who}, locations ${4:where}\n',
        ...EVIDENCE,
      };
      const { files: after } = assertFixContract(files, (d) => d.rule === 'section-missing' && d.target === 'records', /records\.md/);
      const rows = lines(after[INDEX]!);
      const at = rows.indexOf('## Records and traceability');
      assert.ok(at > 0);
      assert.equal(rows[at + 2], 'Central record entry: register — asset reference; users who, locations where');
    });
  });

  describe('section-incomplete', () => {
    /** What an author types into a placeholder whose default is not an answer itself. */
    const TYPED: Record<string, string> = {
      'YYYY-MM-DD': '2026-03-01',
      'standard and edition': 'ISO 13485:2016',
      'location or document reference': 'document RM-0042',
      statement: 'the device meets the essential requirements of Annex I as modified by Schedule 2A',
      'how and by whom': 'through the Yellow Card scheme, by the device lead',
    };
    const typeInto = (snippet: string): string => snippetToPlain(snippet.replace(/\$\{(\d+):([^{}]*)\}/g, (_m, _n: string, value: string) => TYPED[value] ?? value));

    const withFlag = defaultFrontmatter().replace('clinical-investigation: false', 'clinical-investigation: true');
    /** A dossier whose section `id` is its heading alone, so every element it cannot get from the frontmatter is missing. */
    const bare = (id: string, name: string): string =>
      buildDossier({ frontmatter: withFlag, sections: { [id]: `## ${name}` }, append: id === 'clinical-investigation' ? '\n## Clinical investigation\n' : '' });
    const reported = (id: string, name: string): DossierDiagnostic[] => checkAll({ [INDEX]: bare(id, name), ...EVIDENCE }).diagnostics.filter((d) => d.rule === 'section-incomplete' && d.target === id);

    it('every element of every section is reported on a bare section, unless the frontmatter states it', () => {
      for (const spec of builtinCatalogue().sections) {
        const messages = reported(spec.id, spec.name).map((d) => d.message);
        for (const element of spec.elements) {
          assert.ok(element.orFrontmatter || messages.some((m) => m.includes(element.description)), `${spec.id}/${element.id} is reported`);
        }
      }
    });

    for (const spec of builtinCatalogue().sections) {
      const messages = reported(spec.id, spec.name).map((d) => d.message);
      for (const element of spec.elements.filter((e) => messages.some((m) => m.includes(e.description)))) {
        it(`adds a prompt for ${spec.id} / ${element.id}; filled in, the element is found`, () => {
          const text = bare(spec.id, spec.name);
          const files = { [INDEX]: text, ...EVIDENCE };
          const { service, diagnostics } = checkAll(files);
          const target = diagnostics.find((d) => d.rule === 'section-incomplete' && d.target === spec.id && d.message.includes(element.description));
          assert.ok(target, `section-incomplete for ${element.id}`);
          const options: CodeActionOptions = { ...OPTIONS, snippetEdits: true };
          const actions = actionsFor(service, INDEX, [target], options);
          assert.equal(actions.length, 1, actions.map((a) => a.title).join(' | '));
          const action = actions[0]!;
          assert.equal(action.title, `Add a line stating ${element.description} to "${spec.name}"`);
          const change = action.edit!.documentChanges![0]!;
          assert.ok('edits' in change);
          const edit = change.edits[0] as unknown as { range: TextEdit['range']; snippet: { value: string } };
          const filled = applyTextEdits(text, [{ range: edit.range, newText: typeInto(edit.snippet.value) }]);
          const after = checkAll({ ...files, [INDEX]: filled }).diagnostics;
          assert.ok(!after.some((d) => identity(d) === identity(target)), `still missing: ${element.id}\n${filled.slice(filled.indexOf(`## ${spec.name}`), filled.indexOf(`## ${spec.name}`) + 400)}`);
          const known = new Set(diagnostics.map(identity));
          assert.deepEqual(after.filter((d) => d.severity === 'error' && !known.has(identity(d))), []);
          // Inserted once: on the new text the prompt is not offered again.
          const { service: again, diagnostics: now } = checkAll({ ...files, [INDEX]: filled });
          assert.ok(!actionsFor(again, INDEX, [target, ...now], options).some((a) => a.title === action.title));
        });
      }
    }

    it('inserts a prompt once: left unfilled, a placeholder warning replaces the diagnostic until the answer is written', () => {
      const text = buildDossier({ sections: { pms: '## Post-market surveillance\n\nA documented procedure reviews feedback every quarter. Corrective and preventive actions follow the CAPA procedure.' } });
      const files = { [INDEX]: text, ...EVIDENCE };
      const { service, diagnostics } = checkAll(files);
      const yellowCard = diagnostics.filter((d) => d.rule === 'section-incomplete' && d.target === 'pms');
      assert.equal(yellowCard.length, 1);
      const [action] = actionsFor(service, INDEX, yellowCard);
      const fixed = applyAction(service, files, action!);
      const promptLine = 'Adverse incident reporting to the MHRA: how and by whom';
      assert.ok(lines(fixed[INDEX]!).includes(promptLine));
      const { service: after, diagnostics: now } = checkAll(fixed);
      assert.ok(!now.some((d) => identity(d) === identity(yellowCard[0]!)), 'the fix removes its diagnostic');
      const placeholder = now.filter((d) => d.rule === 'placeholder-unfilled');
      assert.deepEqual(placeholder.map((d) => [d.severity, d.target]), [['warning', 'pms']], 'a warning, not an error, points at the placeholder');
      const line = lines(fixed[INDEX]!).indexOf(promptLine);
      assert.deepEqual(placeholder[0]!.range, { start: { line, character: promptLine.indexOf('how') }, end: { line, character: promptLine.length } });
      assert.deepEqual(actionsFor(after, INDEX, now.filter((d) => d.rule === 'section-incomplete')), []);
      // An answer that does not state the element brings the section-incomplete diagnostic back.
      const vague = { ...fixed, [INDEX]: fixed[INDEX]!.replace(promptLine, 'Adverse incident reporting to the MHRA: by the ward manager') };
      assert.ok(checkAll(vague).diagnostics.some((d) => identity(d) === identity(yellowCard[0]!)));
      const answered = { ...fixed, [INDEX]: fixed[INDEX]!.replace(promptLine, 'Adverse incident reporting to the MHRA: through the Yellow Card scheme, by the ward manager') };
      assert.deepEqual(checkAll(answered).diagnostics.filter((d) => d.target === 'pms'), []);
    });

    for (const { name, options } of VARIANTS) {
      it(`puts the plain prompt at the end of the section's own text, before its subsections (${name})`, () => {
        const text = buildDossier({
          ...options,
          sections: { pms: '## Post-market surveillance\n\nA documented procedure reviews feedback every quarter.\n\n### Incidents\n\nAdverse incidents are reported to the MHRA through the Yellow Card scheme.' },
        });
        const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'section-incomplete' && d.target === 'pms', /corrective and preventive actions/, {});
        const rows = lines(files[INDEX]!);
        const at = rows.indexOf('### Incidents');
        assert.deepEqual(rows.slice(at - 4, at + 1), ['A documented procedure reviews feedback every quarter.', '', 'Corrective and preventive actions: what is done when a problem is found', '', '### Incidents']);
      });
    }
  });

  describe('replacements', () => {
    for (const { name, options } of VARIANTS) {
      it(`standard-superseded: cites the current edition (${name})`, () => {
        const text = buildDossier({ ...options, rows: withRow('1', { standards: 'ISO 14971:2007' }) });
        const { files, action } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'standard-superseded', /^Replace ISO 14971:2007 with ISO 14971:2019$/);
        assert.equal(action.isPreferred, true);
        assert.ok(lines(files[INDEX]!).includes('| 1 | Yes | ISO 14971:2019 | [report](evidence/report.md) |  |'));
      });

      it(`characteristic-unknown: the nearest known word (${name})`, () => {
        const text = buildDossier({ ...options, frontmatter: defaultFrontmatter('[software, measurng]') });
        const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'characteristic-unknown', /^Replace `measurng` with `measuring`$/, {
          // `measuring` makes ER 10 applicable, so its No row now contradicts the device: a warning, not an error.
        });
        assert.ok(lines(files[INDEX]!).includes('  characteristics: [software, measuring]'));
      });

      it(`exclusion-not-allowed: No becomes Yes (${name})`, () => {
        const text = buildDossier({ ...options, rows: withRow('3', { applies: 'No', justification: 'Performance is shown elsewhere in the validation.' }) });
        const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'exclusion-not-allowed', /^Mark ER 3 as applicable: change No to Yes$/);
        assert.match(lines(files[INDEX]!).find((l) => l.startsWith('| 3 '))!, /^\| 3 \| Yes \|/);
      });
    }

    it('standard-superseded keeps a BS EN prefix', () => {
      const text = buildDossier({ rows: withRow('1', { standards: 'BS EN ISO 14971:2007' }) });
      const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'standard-superseded', /with BS EN ISO 14971:2019$/);
      assert.ok(files[INDEX]!.includes('| BS EN ISO 14971:2019 |'));
    });

    it('characteristic-unknown keeps the quotes of a quoted word, in a block sequence too', () => {
      const frontmatter = defaultFrontmatter('\n    - software\n    - "sterle"');
      const { files } = assertFixContract({ [INDEX]: buildDossier({ frontmatter }), ...EVIDENCE }, (d) => d.rule === 'characteristic-unknown', /`sterile`/, {
        allowNewError: () => false,
      });
      assert.ok(lines(files[INDEX]!).includes('    - "sterile"'));
    });

    it('characteristic-unknown offers nothing for a word that is near no known one', () => {
      const text = buildDossier({ frontmatter: defaultFrontmatter('[software, xyzzyplugh]') });
      const { service, diagnostics } = checkAll({ [INDEX]: text, ...EVIDENCE });
      assert.deepEqual(actionsFor(service, INDEX, diagnostics.filter((d) => d.rule === 'characteristic-unknown')), []);
    });

    it('er-unknown: the nearest number first, preferring one without a row', () => {
      const rows = defaultRows().map((row) => (row.er === '12.1a' ? { ...row, er: '12.1b' } : row));
      const text = buildDossier({ rows });
      const { files, action } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'er-unknown', /^Change ER 12\.1b to 12\.1a \(Software validation\)$/);
      const { service, diagnostics } = checkAll({ [INDEX]: text, ...EVIDENCE });
      const offered = actionsFor(service, INDEX, diagnostics.filter((d) => d.rule === 'er-unknown'));
      assert.equal(offered[0]!.title, action.title, 'the best guess comes first');
      assert.ok(lines(files[INDEX]!).some((l) => l.startsWith('| 12.1a | Yes |')));
    });

    it('er-unknown never proposes a general requirement for a row marked No', () => {
      const rows = [...defaultRows(), { er: '6b', applies: 'No', justification: 'Standalone software: it has no materials or sterile parts at all.' }];
      const text = buildDossier({ rows });
      const { service, diagnostics } = checkAll({ [INDEX]: text, ...EVIDENCE });
      const offered = actionsFor(service, INDEX, diagnostics.filter((d) => d.rule === 'er-unknown'));
      assert.ok(offered.length > 0);
      for (const action of offered) {
        const number = /to (\S+) \(/.exec(action.title)![1]!;
        assert.equal(catalogue.ers.get(number)?.excludable, true, action.title);
      }
      assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'er-unknown', /^Change ER 6b/);
    });

    it('exclusion-contradicts-device: No becomes Yes on a group row', () => {
      const text = buildDossier({ frontmatter: defaultFrontmatter('[software, patient-contact]') });
      const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'exclusion-contradicts-device' && d.target === '7', /^Mark ER 7 as applicable/);
      assert.match(lines(files[INDEX]!).find((l) => l.startsWith('| 7 '))!, /^\| 7 \| Yes \|/);
    });

    it('exclusion fixes accept the other ways of writing No', () => {
      const text = buildDossier({ rows: withRow('2', { applies: 'N/A', justification: 'Covered by the risk file of the Trust.' }) });
      assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'exclusion-not-allowed', /change N\/A to Yes$/);
    });

    it('ranks nearest words by distance and keeps ties in order', () => {
      assert.deepEqual(closestWords('cat', ['cut', 'dog', 'cast', 'cat']), [
        { word: 'cut', distance: 1 },
        { word: 'cast', distance: 1 },
        { word: 'dog', distance: 3 },
      ].filter((c) => c.distance <= 2));
    });
  });

  describe('evidence-link-broken', () => {
    const extra = { '/ws/evidence/risk file.md': '# Risk file\n\n## Hazard log\n\n## Risk control measures\n' };
    const linkRow = (link: string): ChecklistRow[] => withRow('1', { evidence: link });

    for (const { name, options } of VARIANTS) {
      it(`offers the nearest existing file (${name})`, () => {
        const text = buildDossier({ ...options, rows: linkRow('[report](evidence/reprot.md)') });
        const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE, ...extra }, (d) => d.rule === 'evidence-link-broken', /^Change the link to evidence\/report\.md$/);
        assert.ok(files[INDEX]!.includes('[report](evidence/report.md)'));
      });
    }

    it('offers the nearest heading for a missing anchor, naming it', () => {
      const text = buildDossier({ rows: linkRow('[log](evidence/report.md#hazard-logg)') });
      const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'evidence-link-broken', /^Link to the heading "Hazard log" \(#hazard-log\)$/);
      assert.ok(files[INDEX]!.includes('[log](evidence/report.md#hazard-log)'));
    });

    it('keeps an anchor the new file has, and encodes spaces', () => {
      const text = buildDossier({ rows: linkRow('[log](evidence/risk-file.md#hazard-log)') });
      const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE, ...extra }, (d) => d.rule === 'evidence-link-broken', /risk%20file\.md#hazard-log$/);
      assert.ok(files[INDEX]!.includes('[log](evidence/risk%20file.md#hazard-log)'));
    });

    it('looks above a folder that does not exist', () => {
      const text = buildDossier({ rows: linkRow('[report](evidense/report.md)') });
      assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'evidence-link-broken', /^Change the link to evidence\/report\.md$/);
    });

    it('offers nothing for a link that leaves the workspace', () => {
      const text = buildDossier({ rows: linkRow('[report](../outside/report.md)') });
      const { service, diagnostics } = checkAll({ [INDEX]: text, ...EVIDENCE, '/outside/report.md': '# x' });
      const broken = diagnostics.filter((d) => d.rule === 'evidence-link-broken');
      assert.equal(broken.length, 1);
      assert.deepEqual(actionsFor(service, INDEX, broken), []);
    });
  });

  describe('frontmatter-invalid', () => {
    const fields = ['name', 'code', 'version', 'description', 'intended-purpose', 'characteristics'];
    for (const field of fields) {
      it(`adds a missing device.${field} in its place, at the mapping's indentation`, () => {
        const frontmatter = defaultFrontmatter().replace(new RegExp(`^  ${field}:.*\\n`, 'm'), '');
        const text = buildDossier({ frontmatter });
        const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'frontmatter-invalid' && d.message.includes(`device.${field}\``), new RegExp(`^Add \`${field}: `), {
          // Without characteristics, ER 12.1a is not applicable to the device: its Yes rows stay valid.
        });
        const keys = lines(files[INDEX]!).filter((l) => /^  [a-z-]+:/.test(l)).map((l) => l.trim().split(':')[0]);
        const order = ['name', 'code', 'version', 'description', 'intended-purpose', 'classification', 'characteristics', 'traceability'];
        assert.deepEqual(keys.slice(0, order.length), order);
      });
    }

    it('respects a four-space mapping and CRLF', () => {
      const frontmatter = defaultFrontmatter().replace(/^  /gm, '    ').replace(/^    version:.*\n/m, '');
      const text = buildDossier({ frontmatter, eol: '\r\n', bom: true });
      const { files } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'frontmatter-invalid', /^Add `version: <the device version>`/);
      assert.ok(files[INDEX]!.includes('    code: RXH-SW-0042\r\n    version: <the device version>\r\n    description:'));
    });

    it('adds a key after a folded scalar that spans lines', () => {
      const frontmatter = defaultFrontmatter()
        .replace('  description: Web calculator for the first dose of gentamicin\n', '  description: >-\n    Web calculator for the first dose\n    of gentamicin\n')
        .replace(/^  intended-purpose:.*\n/m, '');
      const { files } = assertFixContract({ [INDEX]: buildDossier({ frontmatter }), ...EVIDENCE }, (d) => d.rule === 'frontmatter-invalid', /intended-purpose/);
      assert.ok(files[INDEX]!.includes('    of gentamicin\n  intended-purpose: <the intended purpose>\n  classification: IIa'));
    });

    it('offers each class for a missing classification, deciding none', () => {
      const frontmatter = defaultFrontmatter().replace(/^  classification:.*\n/m, '');
      const { service, diagnostics } = checkAll({ [INDEX]: buildDossier({ frontmatter }), ...EVIDENCE });
      const actions = actionsFor(service, INDEX, diagnostics.filter((d) => d.rule === 'frontmatter-invalid'));
      assert.deepEqual(actions.map((a) => a.title), ['I', 'Is', 'Im', 'IIa', 'IIb', 'III'].map((c) => `Add \`classification: ${c}\``));
      assert.ok(actions.every((a) => !a.isPreferred));
      assertFixContract({ [INDEX]: buildDossier({ frontmatter }), ...EVIDENCE }, (d) => d.rule === 'frontmatter-invalid', /classification: IIb/);
    });

    it('adds the whole institution mapping, once for its three diagnostics', () => {
      const frontmatter = defaultFrontmatter().replace(/^institution:\n(  .*\n)+/m, '');
      const text = buildDossier({ frontmatter });
      const { service, diagnostics } = checkAll({ [INDEX]: text, ...EVIDENCE });
      const invalid = diagnostics.filter((d) => d.rule === 'frontmatter-invalid');
      assert.equal(invalid.length, 3);
      const actions = actionsFor(service, INDEX, invalid);
      assert.equal(actions.length, 1);
      assert.equal(actions[0]!.diagnostics?.length, 3);
      const { files, after } = assertFixContract({ [INDEX]: text, ...EVIDENCE }, (d) => d.rule === 'frontmatter-invalid' && d.message.includes('mapping'), /^Add `institution:`/);
      assert.ok(files[INDEX]!.includes('  traceability: Version and build id shown on every screen\ninstitution:\n  name: <the health institution name>\n  address: <the health institution address>\ntarget-group:'));
      assert.ok(!after.some((d) => d.rule === 'frontmatter-invalid'));
    });

    it('adds a key to a flow mapping', () => {
      const frontmatter = defaultFrontmatter().replace(/^institution:\n(  .*\n)+/m, 'institution: {name: Example NHS Foundation Trust}\n');
      const { files } = assertFixContract({ [INDEX]: buildDossier({ frontmatter }), ...EVIDENCE }, (d) => d.rule === 'frontmatter-invalid', /address/);
      assert.ok(files[INDEX]!.includes('institution: {name: Example NHS Foundation Trust, address: <the health institution address>}'));
    });
  });

  describe('fix all', () => {
    const messy = (options: BuildOptions = {}): string =>
      buildDossier({
        ...options,
        frontmatter: defaultFrontmatter('[software, sofware]'),
        rows: defaultRows().map((row) =>
          row.er === '1' ? { ...row, standards: 'ISO 14971:2007' } : row.er === '2' ? { ...row, applies: 'No', justification: 'Covered elsewhere in the Trust risk file.' } : row.er === '12.1' ? { ...row, standards: 'IEC 62304:2006' } : row,
        ),
        sections: { consent: undefined },
      });

    for (const { name, options } of VARIANTS) {
      it(`fixes the deterministic problems only, and then has nothing left to do (${name})`, () => {
        const files = { [INDEX]: messy(options), ...EVIDENCE };
        const { service, diagnostics } = checkAll(files);
        const actions = provideCodeActions(service, INDEX, [], ['source.fixAll'], OPTIONS);
        assert.equal(actions.length, 1);
        const [fixAll] = actions;
        assert.equal(fixAll!.kind, FIX_ALL_KIND);
        assert.equal(fixAll!.title, 'Fix all auto-fixable problems');
        assert.deepEqual(fixAll!.diagnostics!.map((d) => d.code).sort(), ['characteristic-unknown', 'exclusion-not-allowed', 'standard-superseded', 'standard-superseded']);
        const fixed = applyAction(service, files, fixAll!);
        const after = checkAll(fixed).diagnostics;
        for (const rule of ['characteristic-unknown', 'exclusion-not-allowed', 'standard-superseded']) assert.ok(!after.some((d) => d.rule === rule), rule);
        assert.ok(after.some((d) => d.rule === 'section-missing'), 'sections are not inserted on save');
        const known = new Set(diagnostics.map(identity));
        assert.deepEqual(after.filter((d) => d.severity === 'error' && !known.has(identity(d))), []);
        const { service: again } = checkAll(fixed);
        assert.deepEqual(provideCodeActions(again, INDEX, [], ['source.fixAll.hieDossier'], OPTIONS), []);
      });
    }

    it('is offered only when asked for by kind, and respects rules turned off', () => {
      const files = { [INDEX]: messy(), ...EVIDENCE };
      const { service } = checkAll(files);
      assert.deepEqual(provideCodeActions(service, INDEX, [], undefined, OPTIONS), []);
      assert.deepEqual(provideCodeActions(service, INDEX, [], ['quickfix'], OPTIONS), []);
      assert.equal(provideCodeActions(service, INDEX, [], ['source'], OPTIONS).length, 1);
      const quiet = provideCodeActions(service, INDEX, [], ['source.fixAll'], { ...OPTIONS, checkSettings: { ruleOverrides: { 'standard-superseded': 'off' } } });
      assert.deepEqual(quiet[0]!.diagnostics!.map((d) => d.code).sort(), ['characteristic-unknown', 'exclusion-not-allowed']);
    });

    it('leaves a characteristic with two equally near words to the author', () => {
      // The built-in vocabulary has no such pair, so the catalogue gets a second word one edit from "alarm".
      const base = builtinCatalogue();
      const tied = { ...base, characteristics: [...base.characteristics, { id: 'alarmz', description: 'A word for this test.' }] };
      const host = new MemoryHost({ [INDEX]: buildDossier({ frontmatter: defaultFrontmatter('[software, alarm]') }), ...EVIDENCE });
      const service = new DossierService({ catalogue: tied, host, workspaceRootOf: () => '/ws' });
      const diagnostics = [...service.check(INDEX).diagnostics.values()].flat();
      const offered = actionsFor(service, INDEX, diagnostics.filter((d) => d.rule === 'characteristic-unknown'));
      assert.deepEqual(offered.map((a) => a.title), ['Replace `alarm` with `alarms`', 'Replace `alarm` with `alarmz`']);
      assert.ok(offered.every((a) => !a.isPreferred));
      assert.deepEqual(provideCodeActions(service, INDEX, [], ['source.fixAll'], OPTIONS), []);
    });

    it('fixes a part of the dossier through its own URI', () => {
      const table = renderTable(withRow('1', { standards: 'ISO 14971:2007' }));
      const index = buildDossier({ frontmatter: defaultFrontmatter('[software]', 'parts: [checklist.md]\n'), sections: { 'essential-requirements': undefined } });
      const files = { [INDEX]: index, '/ws/checklist.md': `# Essential requirements\n\n${table}\n`, ...EVIDENCE };
      const { service } = checkAll(files);
      const [fixAll] = provideCodeActions(service, '/ws/checklist.md', [], ['source.fixAll'], OPTIONS);
      assert.deepEqual(Object.keys(fixAll!.edit!.changes!), [uriOf('/ws/checklist.md')]);
      const fixed = applyAction(service, files, fixAll!);
      assert.ok(fixed['/ws/checklist.md']!.includes('ISO 14971:2019'));
    });
  });

  describe('requests', () => {
    it('ignores diagnostics of other servers and stale ranges', () => {
      const text = buildDossier({ rows: withRow('1', { standards: 'ISO 14971:2007' }) });
      const { service, diagnostics } = checkAll({ [INDEX]: text, ...EVIDENCE });
      const superseded = diagnostics.find((d) => d.rule === 'standard-superseded')!;
      const foreign: Diagnostic = { ...toLsp(superseded), source: 'markdownlint', code: 'MD001', data: undefined };
      assert.deepEqual(provideCodeActions(service, INDEX, [foreign], undefined, OPTIONS), []);
      const stale: Diagnostic = { ...toLsp(superseded), range: { start: { line: 2, character: 2 }, end: { line: 2, character: 6 } } };
      assert.deepEqual(provideCodeActions(service, INDEX, [stale], undefined, OPTIONS), []);
    });

    it('resolves an action from its data against the current text', () => {
      const text = buildDossier({ sections: { qms: undefined } });
      const { service, diagnostics } = checkAll({ [INDEX]: text, ...EVIDENCE });
      const [action] = actionsFor(service, INDEX, diagnostics.filter((d) => d.rule === 'section-missing'));
      const roundTripped = JSON.parse(JSON.stringify(action)) as CodeAction;
      const resolved = resolveCodeAction(service, roundTripped, OPTIONS);
      const edits = resolved.edit!.changes![uriOf(INDEX)]!;
      assert.equal(edits.length, 1);
      assert.match(edits[0]!.newText, /## Quality management system/);
      // An action from another server, or with no data, comes back unchanged.
      const other: CodeAction = { title: 'x', data: { somethingElse: true } };
      assert.deepEqual(resolveCodeAction(service, other, OPTIONS), other);
    });
  });

  describe('applying edits', () => {
    it('applies non-overlapping edits in UTF-16 positions and rejects overlaps', () => {
      const text = 'a😀b\r\ncd';
      assert.equal(
        applyTextEdits(text, [
          { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, newText: 'B' },
          { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '>' },
        ]),
        'a😀B\r\n>cd',
      );
      assert.throws(() =>
        applyTextEdits(text, [
          { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, newText: '' },
          { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 3 } }, newText: '' },
        ]),
      );
    });
  });
});
