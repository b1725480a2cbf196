/**
 * Every editor feature answers at every position of the example dossiers (and of damaged copies
 * of them) without throwing, and every range it returns lies inside the document.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Position, Range } from 'vscode-languageserver-types';
import { codeLenses } from '../../server/src/languageservice/features/codeLens';
import { completionsAt } from '../../server/src/languageservice/features/completion';
import { featureContextFor } from '../../server/src/languageservice/features/context';
import { definitionAt } from '../../server/src/languageservice/features/definition';
import { documentLinks } from '../../server/src/languageservice/features/documentLinks';
import { hoverAt } from '../../server/src/languageservice/features/hover';
import { documentSymbols } from '../../server/src/languageservice/features/symbols';
import { REPO_ROOT } from '../support/lspClient';
import { createTestService, WORKSPACE } from '../support/testService';

const EXAMPLES = path.join(REPO_ROOT, 'examples');

/** The example's Markdown files, mapped into the in-memory workspace. */
function exampleFiles(name: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md')) files[path.join(WORKSPACE, path.relative(path.join(EXAMPLES, name), full))] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(path.join(EXAMPLES, name));
  return files;
}

/** Files that look like a dossier index (frontmatter with a `device` mapping). */
function indexesOf(files: Record<string, string>): string[] {
  return Object.keys(files).filter((file) => /^\uFEFF?---\r?\n[^]*?^device:/m.test(files[file]!));
}

function assertInside(text: string, range: Range, what: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < lines.length, `${what}: line ${p.line} exists`);
    assert.ok(p.character >= 0 && p.character <= lines[p.line]!.length, `${what}: character ${p.character} on line ${p.line}`);
  }
}

/** Positions to probe: every few characters of every line, and each line's end. */
function positions(text: string, step: number): Position[] {
  const found: Position[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    for (let character = 0; character < line.length; character += step) found.push({ line: index, character });
    found.push({ line: index, character: line.length });
  });
  return found;
}

function probe(files: Record<string, string>, file: string): { hovers: number; items: number } {
  let hovers = 0;
  let items = 0;
  const { service } = createTestService(files);
  for (const index of indexesOf(files)) service.check(index); // so parts know their dossier
  const context = featureContextFor(service, file)!;
  const text = files[file]!;
  for (const position of positions(text, 3)) {
    const at = `${path.basename(file)} ${position.line}:${position.character}`;
    const hover = hoverAt(context, position);
    if (hover) hovers++;
    if (hover?.range) assertInside(text, hover.range, `hover at ${at}`);
    for (const location of definitionAt(context, position)) assert.ok(location.uri.startsWith('file://'), `definition at ${at}`);
  }
  for (const position of positions(text, 11)) {
    for (const item of completionsAt(context, position).items) {
      items++;
      const edit = item.textEdit as { range: Range } | undefined;
      if (edit) {
        assertInside(text, edit.range, `completion ${item.label} at ${position.line}:${position.character}`);
        assert.equal(edit.range.start.line, edit.range.end.line, 'single-line edit range');
        assert.ok(edit.range.start.character <= position.character && position.character <= edit.range.end.character, `the edit range of ${item.label} holds the cursor`);
      }
    }
  }
  for (const symbol of documentSymbols(context)) assertInside(text, symbol.range, `symbol ${symbol.name}`);
  for (const link of documentLinks(context)) assertInside(text, link.range, `link ${link.target}`);
  for (const lens of codeLenses(context)) assertInside(text, lens.range, 'code lens');
  return { hovers, items };
}

describe('completion, hover and navigation at every position of the examples', () => {
  const examples = fs
    .readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && indexesOf(exampleFiles(entry.name)).length > 0)
    .map((entry) => entry.name);

  it('has example dossiers to probe', () => assert.ok(examples.includes('gentamicin-calculator')));

  for (const example of examples) {
    it(`answers everywhere in ${example}`, function () {
      this.timeout(60000);
      const files = exampleFiles(example);
      let answered = { hovers: 0, items: 0 };
      for (const file of Object.keys(files)) {
        if (file.includes('/evidence/')) continue;
        const found = probe(files, file);
        answered = { hovers: answered.hovers + found.hovers, items: answered.items + found.items };
      }
      assert.ok(answered.hovers > 10 && answered.items > 50, `the probes met ERs, standards and cells: ${JSON.stringify(answered)}`);
    });
  }

  it('answers everywhere in a damaged dossier: CRLF, BOM, unclosed link, half a table, bad YAML', () => {
    const files = exampleFiles('gentamicin-calculator');
    const index = `${WORKSPACE}/index.md`;
    const damaged = `\uFEFF${files[index]!}`
      .replace('  classification: IIa', '  classification: [IIa\n  bad: : yaml')
      .replace('| 7.2 ', '| 7.2 😀 [broken](evidence/')
      .replace('## Quality management system', '## Quality management system\n\n| ER | Applies\n| --- |\n| 1')
      .replace(/\n/g, '\r\n');
    const found = probe({ ...files, [index]: damaged }, index);
    assert.ok(found.hovers > 10 && found.items > 50, JSON.stringify(found));
  });
});
