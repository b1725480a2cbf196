/** Section templates: their placeholder syntax, the team's library (Markdown and .code-snippets), and the built-in ones. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CatalogueIndex } from '../../server/src/languageservice/catalogue/catalogueIndex';
import { parseProjectConfig } from '../../server/src/languageservice/config/projectConfig';
import { normaliseHeading } from '../../server/src/languageservice/model/sectionMatcher';
import { ALL_RULE_IDS } from '../../server/src/languageservice/rules';
import { builtinSectionTemplate, builtinTemplateDirectory, builtinTemplates, renumberTabStops } from '../../server/src/languageservice/templates/builtinTemplates';
import { escapeSnippetText, snippetToPlain, templateToPlain, templateToSnippet } from '../../server/src/languageservice/templates/snippetSyntax';
import { TeamLibraries, templateFor } from '../../server/src/languageservice/templates/teamLibraries';
import { loadTemplateLibrary, parseSnippetFile, settingsTemplateFolders, stripJsonComments } from '../../server/src/languageservice/templates/templateLibrary';
import { MemoryHost } from '../support/memoryHost';
import { builtinCatalogue } from '../support/testService';

const catalogue = new CatalogueIndex(builtinCatalogue());
const SECTION_IDS = new Set(catalogue.sections.keys());
const FIXTURES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'libraries');

describe('templates: placeholder syntax', () => {
  it('turns a snippet into the text it inserts with every default', () => {
    assert.equal(snippetToPlain('Date: ${1:YYYY-MM-DD}; by ${2:name ${3:and role}}$0'), 'Date: YYYY-MM-DD; by name and role');
    assert.equal(snippetToPlain('Class ${1|IIa,IIb|} in $TM_FILENAME ${TM_SELECTED_TEXT:none} ${TM_FILENAME/(.*)/$1/}'), 'Class IIa in  none ');
    assert.equal(snippetToPlain('costs \\$5 \\} \\\\ and $ alone'), 'costs $5 } \\ and $ alone');
  });

  it('keeps template placeholders and makes everything else literal', () => {
    assert.equal(templateToSnippet('Fee: $5 for ${1:item} \\ {x}'), 'Fee: \\$5 for ${1:item} \\\\ {x\\}');
    assert.equal(templateToPlain('Fee: $5 for ${1:item}, ${2|a,b|} and ${3}'), 'Fee: $5 for item, a and ');
    assert.equal(snippetToPlain(escapeSnippetText('a $1 ${2:b} \\ }')), 'a $1 ${2:b} \\ }');
  });
});

describe('templates: a team library', () => {
  it('reads JSON with comments and trailing commas, keeping offsets', () => {
    const text = '{\n  // a comment, with "quotes"\n  "a": "x, }", /* block */\n  "b": [1, 2,],\n}\n';
    const stripped = stripJsonComments(text);
    assert.equal(stripped.length, text.length);
    assert.deepEqual(JSON.parse(stripped), { a: 'x, }', b: [1, 2] });
  });

  it('takes the snippets named or prefixed by a section id, ignores the team’s other snippets', () => {
    const text = JSON.stringify({
      'Market scan': { prefix: 'market-scan', body: ['## Market scanning', 'Date: ${1:date}'] },
      qms: { prefix: ['q'], body: '## Quality management system' },
      'Sign-off block': { prefix: 'signoff', body: 'Signed: $1' },
    });
    const { templates, problems } = parseSnippetFile('/lib/team.code-snippets', text, SECTION_IDS);
    assert.deepEqual(problems, []);
    assert.deepEqual(templates.map((t) => [t.sectionId, t.snippet]), [
      ['market-scan', '## Market scanning\nDate: ${1:date}'],
      ['qms', '## Quality management system'],
    ]);
  });

  it('reports a snippet file that is not JSON at the error, and a section snippet without a body', () => {
    const broken = parseSnippetFile('/lib/bad.code-snippets', '{\n  "pms": { "body": ["x"] }\n  "qms": {}\n}', SECTION_IDS);
    assert.equal(broken.templates.length, 0);
    assert.equal(broken.problems.length, 1);
    assert.match(broken.problems[0]!.message, /bad\.code-snippets is not valid JSON/);
    assert.equal(broken.problems[0]!.range.start, '{\n  "pms": { "body": ["x"] }\n  '.length);
    const noBody = parseSnippetFile('/lib/x.code-snippets', '{ "records": { "prefix": "records" } }', SECTION_IDS);
    assert.match(noBody.problems[0]!.message, /needs a `body`/);
    assert.deepEqual(noBody.problems[0]!.range, { start: 2, end: 11 });
  });

  it('uses the first folder that has a template, Markdown before snippets, and flags a near-miss file name', () => {
    const host = new MemoryHost({
      '/ws/a/consent.md': '## Informed patient consent\n\nFrom A',
      '/ws/a/lib.code-snippets': JSON.stringify({ consent: { body: 'From A snippets' }, records: { body: '## Records and traceability\n\nFrom A snippets' } }),
      '/ws/a/README.md': '# How to use these templates',
      '/ws/a/market-scna.md': '## Market scanning',
      '/ws/b/records.md': 'From B',
      '/ws/b/pms.md': '## Post-market surveillance\n\nCosts $5 and ${1:who}',
    });
    const library = loadTemplateLibrary(host, ['/ws/a', '/ws/b'], SECTION_IDS);
    assert.equal(snippetToPlain(library.templates.get('consent')!.snippet), '## Informed patient consent\n\nFrom A');
    assert.equal(snippetToPlain(library.templates.get('records')!.snippet), '## Records and traceability\n\nFrom A snippets');
    assert.equal(snippetToPlain(library.templates.get('pms')!.snippet), '## Post-market surveillance\n\nCosts $5 and who');
    assert.equal(library.templates.has('market-scan'), false);
    const flagged = library.files.filter((f) => f.problems.length > 0);
    assert.deepEqual(flagged.map((f) => f.path), ['/ws/a/market-scna.md']);
    assert.match(flagged[0]!.problems[0]!.message, /rename it market-scan\.md/);
    assert.equal(templateFor(catalogue.sections.get('pms')!, library).file, '/ws/b/pms.md');
    assert.equal(templateFor(catalogue.sections.get('qms')!, library).file, path.join(builtinTemplateDirectory()!, 'qms.md'));
  });

  it('resolves setting folders against the workspace', () => {
    assert.deepEqual(settingsTemplateFolders(['templates', '/abs/lib', '../shared'], '/ws/project'), ['/ws/project/templates', '/abs/lib', '/ws/shared']);
  });

  it('reports bad library files and missing folders for the service, and keeps the good templates', () => {
    const host = new MemoryHost({
      '/ws/.hie-dossier.yaml': 'templates: [lib, missing]\n',
      '/ws/lib/team.code-snippets': '{ "pms": { "body": "x" }, }',
      '/ws/lib/broken.code-snippets': '{ "pms": ',
    });
    const config = parseProjectConfig('/ws/.hie-dossier.yaml', host.readText('/ws/.hie-dossier.yaml')!, ALL_RULE_IDS);
    const team = new TeamLibraries(catalogue, host);
    const { catalogue: resolved, reports } = team.resolve(config, (file) => host.readText(file));
    assert.equal(resolved, catalogue, 'no extension: the built-in catalogue');
    const byPath = new Map(reports.map((r) => [r.path, r.problems.map((p) => p.message)]));
    assert.deepEqual(byPath.get('/ws/lib/team.code-snippets'), []);
    assert.match(byPath.get('/ws/lib/broken.code-snippets')![0]!, /not valid JSON/);
    assert.match(byPath.get('/ws/.hie-dossier.yaml')![0]!, /template folder \/ws\/missing does not exist/);
    assert.equal(team.library(config.templates, catalogue).templates.get('pms')!.snippet, 'x');
  });

  it('loads the fixture library used by the protocol tests', () => {
    const host = new MemoryHost();
    for (const name of ['market-scan.md', 'team.code-snippets']) host.write(`/lib/${name}`, readFileSync(path.join(FIXTURES, 'templates', name), 'utf8'));
    const library = loadTemplateLibrary(host, ['/lib'], SECTION_IDS);
    assert.deepEqual([...library.templates.keys()].sort(), ['market-scan', 'pms']);
    assert.ok(library.files.every((f) => f.problems.length === 0));
  });
});

describe('templates: the built-in ones', () => {
  const builtins = builtinTemplates();

  it('exist for every section of the catalogue', () => {
    assert.deepEqual([...builtins.keys()].sort(), [...SECTION_IDS].sort());
  });

  for (const spec of builtinCatalogue().sections) {
    it(`${spec.id}: the section's heading, then its element prompts only (no regulatory text)`, () => {
      const lines = snippetToPlain(builtins.get(spec.id)!.snippet)
        .split('\n')
        .filter((line) => line.trim() !== '');
      assert.equal(lines[0], `## ${spec.name}`);
      assert.equal(catalogue.sectionMatcher.match(lines[0]!.slice(3)), spec.id);
      const prompts = spec.elements.map((element) => templateToPlain(element.prompt));
      assert.deepEqual(lines.slice(1), prompts, 'one line per element prompt, in order');
      // Tab stops are numbered through the whole template, so no two placeholders are linked.
      const stops = [...builtins.get(spec.id)!.snippet.matchAll(/\$\{(\d+):/g)].map((m) => Number(m[1]));
      assert.deepEqual(stops, stops.map((_, i) => i + 1));
      assert.equal(normaliseHeading(spec.name), normaliseHeading(lines[0]!.slice(3)));
      assert.equal(builtinSectionTemplate(spec).snippet.replace(/\n+$/, ''), builtins.get(spec.id)!.snippet.replace(/\n+$/, ''), 'nothing to complete');
    });
  }

  it('are completed from the catalogue for elements and sections a team added', () => {
    const qms = catalogue.sections.get('qms')!;
    const extended = { ...qms, elements: [...qms.elements, { id: 'cert', description: 'the certificate', recognisedBy: { allOf: [['certificate']] }, prompt: 'Certificate: ${1:number} issued ${2:date}' }] };
    const snippet = builtinSectionTemplate(extended).snippet;
    assert.ok(snippet.startsWith(builtins.get('qms')!.snippet.replace(/\n+$/, '')));
    assert.ok(snippet.endsWith('\n\nCertificate: ${3:number} issued ${4:date}\n'), snippet);
    const added = { id: 'safety-case', name: 'Safety case $1', aliases: [], sources: [], elements: [extended.elements[2]!] };
    assert.equal(builtinSectionTemplate(added).snippet, '## Safety case \\$1\n\nCertificate: ${1:number} issued ${2:date}\n');
    assert.deepEqual(renumberTabStops('${1:a} ${1:b} ${2|x,y|} ${3}', 5), { text: '${5:a} ${5:b} ${6|x,y|} ${7}', next: 8 });
  });
});
