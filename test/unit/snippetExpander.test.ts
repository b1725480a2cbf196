/** The test-side snippet expander that replays an author filling in a VS Code snippet. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandSnippet } from '../../server/src/languageservice/features/snippetText';
import { REPO_ROOT } from '../support/lspClient';
import { expandSnippetAs } from '../support/snippetExpander';

const spanText = (text: string, span: { start: number; end: number }): string => text.slice(span.start, span.end);

describe('snippet expander (test support)', () => {
  it('keeps defaults when the author only tabs through', () => {
    const expansion = expandSnippetAs('a $1 b ${2} c ${3:three} d ${4|one,two|} e');
    assert.equal(expansion.text, 'a  b  c three d one e');
    assert.deepEqual(
      expansion.tabStops.map((stop) => [stop.index, stop.value, stop.source]),
      [
        [1, '', 'default'],
        [2, '', 'default'],
        [3, 'three', 'default'],
        [4, 'one', 'default'],
      ],
    );
    assert.equal(expansion.finalCursor, expansion.text.length, 'without $0 the cursor ends at the end');
  });

  it('puts typed and chosen values in place, and says where each landed', () => {
    const expansion = expandSnippetAs('name: ${1:Device name}\nclass: ${2|I,IIa,IIb|}\nempty: [$3]', {
      answers: { 1: { type: 'Fluid calculator' }, 2: { choose: 'IIa' } },
    });
    assert.equal(expansion.text, 'name: Fluid calculator\nclass: IIa\nempty: []');
    const [name, klass, empty] = expansion.tabStops;
    assert.equal(name!.source, 'typed');
    assert.equal(name!.defaultText, 'Device name');
    assert.equal(spanText(expansion.text, name!.spans[0]!), 'Fluid calculator');
    assert.equal(klass!.source, 'chosen');
    assert.deepEqual(klass!.choices, ['I', 'IIa', 'IIb']);
    assert.equal(spanText(expansion.text, klass!.spans[0]!), 'IIa');
    assert.deepEqual(empty!.spans, [{ start: expansion.text.length - 1, end: expansion.text.length - 1 }]);
  });

  it('mirrors a tab stop that appears twice, whichever occurrence carries the default', () => {
    const typed = expandSnippetAs('# ${1:Name}\n\nAbout $1.', { answers: { 1: { type: 'Pump' } } });
    assert.equal(typed.text, '# Pump\n\nAbout Pump.');
    assert.equal(typed.tabStops[0]!.spans.length, 2);
    assert.deepEqual(typed.tabStops[0]!.spans.map((span) => spanText(typed.text, span)), ['Pump', 'Pump']);
    assert.equal(expandSnippetAs('$1 and ${1:later default}').text, 'later default and later default');
  });

  it('records the final cursor at $0 and expands ${0:text}', () => {
    const expansion = expandSnippetAs('line one\n$0\nline three');
    assert.equal(expansion.finalCursor, 'line one\n'.length);
    assert.equal(expandSnippetAs('a ${0:end} b').text, 'a end b');
  });

  it('fills nested placeholders: typed outer replaces them, kept outer shows their answers', () => {
    assert.equal(expandSnippetAs('${1:see ${2:file}}', { answers: { 1: { type: 'none' } } }).text, 'none');
    const kept = expandSnippetAs('${1:see ${2:file}}', { answers: { 2: { type: 'risk.md' } } });
    assert.equal(kept.text, 'see risk.md');
    assert.equal(kept.tabStops[0]!.value, 'see risk.md');
    assert.equal(kept.tabStops[0]!.defaultText, 'see file');
    assert.throws(() => expandSnippetAs('${1:see ${2:file}}', { answers: { 1: { type: 'x' }, 2: { type: 'y' } } }), /replaced it/);
  });

  it('resolves variables: known, empty (default), unknown (its name, as VS Code does)', () => {
    const variables = { TM_FILENAME_BASE: 'index', TM_SELECTED_TEXT: '' };
    assert.equal(expandSnippetAs('$TM_FILENAME_BASE ${TM_FILENAME_BASE} ${TM_SELECTED_TEXT:none} $UNKNOWN ${UNKNOWN2:fallback}', { variables }).text, 'index index none UNKNOWN fallback');
  });

  it('honours escapes in text and in choices, and a lone dollar sign', () => {
    assert.equal(expandSnippetAs('cost \\$5, \\} and \\\\ and $ alone').text, 'cost $5, } and \\ and $ alone');
    assert.equal(expandSnippetAs('${1|a\\,b,c\\|d|}', { answers: { 1: { choose: 'c|d' } } }).text, 'c|d');
  });

  it('refuses what it cannot replay faithfully', () => {
    assert.throws(() => expandSnippetAs('${1:unclosed'), /expected "\}"/);
    assert.throws(() => expandSnippetAs('${1|a,b'), /unclosed choice/);
    assert.throws(() => expandSnippetAs('${1/(.*)/$1/}'), /transformations/);
    assert.throws(() => expandSnippetAs('${1|a,b|}', { answers: { 1: { choose: 'c' } } }), /offers a, b/);
    assert.throws(() => expandSnippetAs('${1:x}', { answers: { 1: { choose: 'x' } } }), /offers no choices/);
    assert.throws(() => expandSnippetAs('${1:x}', { answers: { 2: { type: 'y' } } }), /does not have/);
  });

  it('agrees with the server\'s default expansion on every body of the shipped snippets', () => {
    const snippets = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets', 'hie-dossier.code-snippets'), 'utf8')) as Record<string, { body: string[] }>;
    assert.ok(Object.keys(snippets).length > 1);
    for (const [name, snippet] of Object.entries(snippets)) {
      const body = snippet.body.join('\n');
      assert.equal(expandSnippetAs(body).text, expandSnippet(body), name);
    }
  });
});
