/** The public declaration: golden files for a clean example, every field present, escaping, DRAFT marking, and the section a quick fix inserts. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildDeclaration,
  renderDeclarationHtml,
  renderDeclarationMarkdown,
  renderDeclarationsMarkdown,
  renderDeclarationSection,
} from '../../server/src/languageservice/outputs/declaration';
import { escapeHtml } from '../../server/src/languageservice/outputs/html';
import { createTestService, WORKSPACE } from '../support/testService';
import { checked, ESCAPING_FIXTURE, EXAMPLE_INDEXES, expectGolden, frontmatterOf, fromRepo, repoService, todayIso } from './outputsFixtures';

const STATEMENT = 'meets the essential requirements set out in Part II of the UK MDR 2002, Annex I as modified by Schedule 2A';
/** The columns of every example's checklist are ER | Applies | Standards | Evidence | Justification. */
const EXCEPTION_ROW = /^\|\s*(\d+(?:\.\d+)*[a-z]?)\b[^|]*\|\s*(No|Partly)\s*\|[^|]*\|[^|]*\|\s*(.*?)\s*\|\s*$/;

function declarationOf(index: string, options: { draft?: boolean; date?: string } = {}) {
  const { dossier, diagnostics } = checked(index);
  return buildDeclaration(dossier, repoService().catalogue, diagnostics, options);
}

/** Rows marked No or Partly, read from the dossier's Markdown files with a regular expression (independent of the parser). */
function exceptionRowsIn(folder: string): Map<string, { applies: string; justification: string }> {
  const rows = new Map<string, { applies: string; justification: string }>();
  for (const name of fs.readdirSync(folder).filter((file) => file.endsWith('.md'))) {
    for (const line of fs.readFileSync(path.join(folder, name), 'utf8').split(/\r?\n/)) {
      const match = EXCEPTION_ROW.exec(line);
      if (match && !rows.has(match[1]!)) rows.set(match[1]!, { applies: match[2]!, justification: match[3]! });
    }
  }
  return rows;
}

describe('outputs: public declaration', () => {
  it('matches the golden Markdown and HTML for the gentamicin calculator', () => {
    const declaration = declarationOf(EXAMPLE_INDEXES.gentamicin);
    expectGolden('gentamicin-declaration.md', renderDeclarationMarkdown(declaration, fromRepo));
    expectGolden('gentamicin-declaration.html', renderDeclarationHtml([declaration], fromRepo));
  });

  for (const [name, index] of Object.entries(EXAMPLE_INDEXES)) {
    it(`states every field the guidelines ask for (${name})`, async () => {
      const fm = (await frontmatterOf(index)) as { device: Record<string, string>; institution: Record<string, string> };
      const declaration = declarationOf(index, { draft: true });
      const markdown = renderDeclarationMarkdown(declaration, fromRepo);
      const html = renderDeclarationHtml([declaration], fromRepo);
      const expected = [
        fm.institution.name,
        fm.institution.address,
        fm.device.name,
        fm.device.code,
        String(fm.device.version),
        fm.device.traceability,
        fm.device.description,
        fm.device['intended-purpose'],
        fm.institution['declaration-url'],
        STATEMENT,
      ];
      for (const value of expected) {
        assert.ok(value, 'the example has the field');
        assert.ok(html.includes(escapeHtml(value!)), `HTML has ${value}`);
        // Markdown escapes & and <; the examples' values have neither.
        assert.ok(markdown.includes(value!), `Markdown has ${value}`);
      }
    });

    it(`lists every ER marked No or Partly with its justification, in Annex order (${name})`, () => {
      const declaration = declarationOf(index, { draft: true });
      const written = exceptionRowsIn(path.dirname(index));
      const catalogueOrder = repoService().catalogue.catalogue.essentialRequirements.map((er) => er.number);
      const known = [...written.keys()].filter((number) => catalogueOrder.includes(number));
      assert.ok(known.length > 0);
      assert.deepEqual(
        declaration.exceptions.map((e) => e.number),
        [...known].sort((a, b) => catalogueOrder.indexOf(a) - catalogueOrder.indexOf(b)),
      );
      const html = renderDeclarationHtml([declaration], fromRepo);
      for (const exception of declaration.exceptions) {
        const row = written.get(exception.number)!;
        assert.equal(exception.applies, row.applies.toLowerCase());
        assert.equal(exception.justification, row.justification);
        if (row.justification) assert.ok(html.includes(escapeHtml(row.justification)), `HTML has the justification of ${exception.number}`);
      }
    });
  }

  it('is an accessible standalone page: doctype, lang, title, headings, captions, scoped headers, no script or external resource', () => {
    const html = renderDeclarationHtml([declarationOf(EXAMPLE_INDEXES.muCheck)], fromRepo);
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en-GB">/);
    assert.match(html, /<title>Public declaration: Extended-Distance MU Check<\/title>/);
    assert.equal((html.match(/<h1>/g) ?? []).length, 1);
    assert.ok((html.match(/<h2>/g) ?? []).length >= 4);
    assert.ok((html.match(/<caption>/g) ?? []).length >= 3);
    assert.ok(html.includes('<th scope="row">') && html.includes('<th scope="col">'));
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(|\son\w+=/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(hrefs, ['https://example.nhs.uk/hie/declarations']);
  });

  it('escapes <, & and quotes from the dossier in HTML and Markdown', () => {
    const declaration = declarationOf(ESCAPING_FIXTURE);
    const html = renderDeclarationHtml([declaration], fromRepo);
    assert.ok(html.includes('Ward &lt;b&gt;&amp;&quot;quote&quot;&#39; splint, mark 2'));
    assert.ok(html.includes('<title>Public declaration: Ward &lt;b&gt;&amp;&quot;quote&quot;&#39; splint, mark 2</title>'));
    assert.ok(html.includes('Example &amp; Sons NHS Trust &lt;Test&gt;'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the justification of ER 7 is shown as text');
    assert.ok(html.includes('href="https://example.nhs.uk/hie?device=1&amp;view=&quot;full&quot;"'));
    assert.doesNotMatch(html, /<b>|<i>|<script|<SN>|<Test>/);
    const markdown = renderDeclarationMarkdown(declaration, fromRepo);
    assert.ok(markdown.includes('Ward \\<b\\>\\&"quote"\' splint, mark 2'));
    assert.doesNotMatch(markdown, /(^|[^\\])<(b|i|script|SN|Test)>/);
  });

  it('marks a draft prominently and lists the errors that block publication', () => {
    const { diagnostics } = checked(EXAMPLE_INDEXES.thumbSplint);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    assert.ok(errors.length > 0);
    const declaration = declarationOf(EXAMPLE_INDEXES.thumbSplint, { draft: true });
    assert.equal(declaration.blockers.length, errors.length);
    const html = renderDeclarationHtml([declaration], fromRepo);
    assert.match(html, /<title>DRAFT – Public declaration: 3D-printed Thumb CMC Splint<\/title>/);
    assert.match(html, /<h1>DRAFT – Public declaration/);
    assert.match(html, /<div class="draft" role="note"><p>DRAFT: not for publication\.<\/p>/);
    for (const error of errors) assert.ok(html.includes(escapeHtml(error.message)), error.rule);
    const markdown = renderDeclarationMarkdown(declaration, fromRepo);
    assert.match(markdown, /^# DRAFT – Public declaration: 3D-printed Thumb CMC Splint\n\n> \*\*DRAFT: not for publication\.\*\*/);
    assert.ok(markdown.includes(`> The dossier still has ${errors.length} errors:`));
  });

  it('is not a draft unless asked, and dates itself only when given a date', () => {
    const plain = declarationOf(EXAMPLE_INDEXES.gentamicin);
    const html = renderDeclarationHtml([plain], fromRepo);
    assert.doesNotMatch(html, /DRAFT/);
    assert.ok(!html.includes(todayIso()) && !html.includes('Date of this declaration'));
    const dated = renderDeclarationMarkdown(declarationOf(EXAMPLE_INDEXES.gentamicin, { date: '2026-03-10' }), fromRepo);
    assert.ok(dated.includes('Date of this declaration: 2026-03-10.'));
  });

  it('puts several declarations on one page under one h1, each in an article', () => {
    const declarations = [declarationOf(EXAMPLE_INDEXES.gentamicin), declarationOf(EXAMPLE_INDEXES.muCheck)];
    const html = renderDeclarationHtml(declarations, fromRepo);
    assert.equal((html.match(/<h1>/g) ?? []).length, 1);
    assert.equal((html.match(/<article>/g) ?? []).length, 2);
    assert.equal((html.match(/<h2>Public declaration: /g) ?? []).length, 2);
    const markdown = renderDeclarationsMarkdown(declarations, fromRepo);
    assert.equal((markdown.match(/^# Public declaration: /gm) ?? []).length, 2);
    assert.ok(markdown.includes('\n---\n'));
  });

  it('gives a section that, inserted into a dossier without one, satisfies the public-declaration rules', () => {
    const folder = path.dirname(EXAMPLE_INDEXES.thumbSplint);
    const files: Record<string, string> = {};
    const copy = (from: string, to: string): void => {
      for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
        if (entry.isDirectory()) copy(path.join(from, entry.name), `${to}/${entry.name}`);
        else files[`${to}/${entry.name}`] = fs.readFileSync(path.join(from, entry.name), 'utf8');
      }
    };
    copy(folder, WORKSPACE);
    const index = `${WORKSPACE}/index.md`;
    const before = createTestService(files).service.check(index);
    const sectionProblems = (result: typeof before) => [...result.diagnostics.values()].flat().filter((d) => d.target === 'public-declaration');
    assert.ok(sectionProblems(before).some((d) => d.rule === 'section-missing'));

    const section = renderDeclarationSection(buildDeclaration(before.dossier!, repoService().catalogue, []));
    assert.match(section, /^## Public declaration\n/);
    files[index] = `${files[index]!.trimEnd()}\n\n${section}`;
    const after = createTestService(files).service.check(index);
    assert.deepEqual(sectionProblems(after).map((d) => `${d.rule}: ${d.message}`), []);
  });
});
