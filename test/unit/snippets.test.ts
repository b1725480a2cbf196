/**
 * The VS Code snippets: valid, contributed for Markdown, and each body, expanded with its
 * placeholder defaults, parses as intended (a dossier the checker recognises; a section the
 * matcher recognises, with a prompt for each required element).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandSnippet, highestTabStop, shiftTabStops, escapeSnippetText } from '../../server/src/languageservice/features/snippetText';
import { CLASSIFICATIONS, STATUSES } from '../../server/src/languageservice/rules/frontmatterInvalid';
import { REPO_ROOT } from '../support/lspClient';
import { builtinCatalogue, createTestService, WORKSPACE } from '../support/testService';

const SNIPPETS_PATH = path.join(REPO_ROOT, 'snippets', 'hie-dossier.code-snippets');

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const snippets = JSON.parse(fs.readFileSync(SNIPPETS_PATH, 'utf8')) as Record<string, Snippet>;
const byPrefix = (prefix: string): Snippet => {
  const snippet = Object.values(snippets).find((s) => s.prefix === prefix);
  assert.ok(snippet, `a snippet with the prefix ${prefix}`);
  return snippet;
};
const bodyOf = (snippet: Snippet): string => snippet.body.join('\n');

describe('snippets: the snippet syntax helpers', () => {
  it('expands tab stops, placeholders (nested), choices, variables and escapes to their defaults', () => {
    assert.equal(expandSnippet('a $1 b ${2} c ${3:three} d ${4:x ${5:y}} e ${6|one,two|} f $0'), 'a  b  c three d x y e one f ');
    assert.equal(expandSnippet('cost \\$5 and \\} and \\\\'), 'cost $5 and } and \\');
    assert.equal(expandSnippet('${7|a\\,b,c|}'), 'a,b');
    assert.equal(expandSnippet('$TM_FILENAME_BASE ${CURRENT_YEAR:2000}', { TM_FILENAME_BASE: 'index' }), 'index 2000');
    assert.throws(() => expandSnippet('${1:unclosed'));
  });

  it('shifts tab stops, leaves $0 and escapes alone, and escapes literal text', () => {
    assert.equal(shiftTabStops('${1:a} $2 ${3|x,y|} $0 \\$1', 10), '${11:a} $12 ${13|x,y|} $0 \\$1');
    assert.equal(highestTabStop('${1:a} $12 \\$40'), 12);
    assert.equal(expandSnippet(escapeSnippetText('Price: $5 {a} \\ }')), 'Price: $5 {a} \\ }');
  });
});

describe('snippets: the snippet file', () => {
  it('is contributed for Markdown in package.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
    const contribution = manifest.contributes.snippets.find((s) => path.resolve(REPO_ROOT, s.path) === SNIPPETS_PATH);
    assert.ok(contribution, 'package.json contributes the snippet file');
    assert.equal(contribution.language, 'markdown');
  });

  it('has one snippet per catalogue section and one for a whole dossier, all expandable', () => {
    const prefixes = Object.values(snippets).map((s) => s.prefix).sort();
    const expected = ['hie-dossier', ...builtinCatalogue().sections.map((s) => `hie-section-${s.id}`)].sort();
    assert.deepEqual(prefixes, expected);
    for (const snippet of Object.values(snippets)) {
      assert.ok(snippet.description.length > 10, `${snippet.prefix} has a description`);
      assert.doesNotThrow(() => expandSnippet(bodyOf(snippet)), `${snippet.prefix} expands`);
    }
  });
});

describe('snippets: the new dossier', () => {
  const text = expandSnippet(bodyOf(byPrefix('hie-dossier')));

  it('expands to a dossier the checker recognises, with valid frontmatter and every required section', () => {
    const { service } = createTestService({ [`${WORKSPACE}/index.md`]: text });
    const result = service.check(`${WORKSPACE}/index.md`);
    assert.ok(result.dossier, 'recognised as a dossier index');
    const rules = new Set([...result.diagnostics.values()].flat().map((d) => d.rule));
    for (const rule of ['frontmatter-invalid', 'characteristic-unknown', 'section-missing', 'er-checklist-missing', 'evidence-link-broken', 'patient-identifier']) {
      assert.ok(!rules.has(rule), `no ${rule} diagnostic`);
    }
    assert.ok(rules.has('er-missing'), 'the empty checklist still asks for its rows');
    const catalogue = builtinCatalogue();
    const required = catalogue.sections.filter((s) => !s.requiredWhen).map((s) => s.id);
    const found = result.dossier.index.sections.map((s) => s.sectionId);
    assert.deepEqual(found, [undefined, ...required], 'the title opens no section; then each required section once, in catalogue order');
    assert.equal(result.dossier.index.erTables.length, 1, 'the checklist table is recognised');
    assert.deepEqual(result.dossier.index.erTables[0]!.columns, { er: 0, applies: 1, standards: 2, evidence: 3, justification: 4 });
  });

  it('offers only valid values in its choices, and invents no regulatory text', () => {
    const body = bodyOf(byPrefix('hie-dossier'));
    const choices = [...body.matchAll(/\$\{\d+\|([^|]*)\|\}/g)].map((m) => m[1]!.split(','));
    assert.deepEqual(choices, [CLASSIFICATIONS, STATUSES, ['false', 'true']]);
    // Every line after the frontmatter is a heading, table structure, or a catalogue prompt.
    const prompts = new Set(builtinCatalogue().sections.flatMap((s) => s.elements.map((e) => expandSnippet(e.prompt))));
    const afterFrontmatter = text.split('\n').slice(text.split('\n').indexOf('---', 1) + 1);
    for (const line of afterFrontmatter) {
      if (line === '' || line.startsWith('#') || line.startsWith('|')) continue;
      assert.ok(line.startsWith('- ') && prompts.has(line.slice(2)), `"${line}" is a catalogue prompt`);
    }
  });
});

describe('snippets: one per section', () => {
  const catalogue = builtinCatalogue();
  for (const section of catalogue.sections) {
    it(`hie-section-${section.id} opens the ${section.id} section with a prompt per element`, () => {
      const text = expandSnippet(bodyOf(byPrefix(`hie-section-${section.id}`)));
      const { service } = createTestService({ [`${WORKSPACE}/part.md`]: text });
      const model = service.fileModel(`${WORKSPACE}/part.md`)!;
      assert.deepEqual(model.sections.map((s) => s.sectionId), [section.id]);
      const lines = text.split('\n');
      for (const element of section.elements) assert.ok(lines.includes(`- ${expandSnippet(element.prompt)}`), `prompt for ${element.id}`);
      if (section.id === 'essential-requirements') assert.equal(model.erTables.length, 1, 'the checklist table is recognised');
    });
  }
});
