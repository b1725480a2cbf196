/** The escaping helpers of the outputs: HTML text and links, CSV fields, Markdown text, dates and link rebasing. */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import fc from 'fast-check';
import { csvField, csvRecord, toCsv } from '../../server/src/languageservice/outputs/csv';
import { findFirstDate } from '../../server/src/languageservice/outputs/dates';
import { escapeHtml, htmlLink, htmlPage, isSafeUrl, safeHref } from '../../server/src/languageservice/outputs/html';
import { rebaseLinks } from '../../server/src/languageservice/outputs/links';
import { mdCell, mdLink, mdText } from '../../server/src/languageservice/outputs/markdown';
import { parseCsv } from './outputsFixtures';

const unescapeHtml = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!);

describe('outputs: HTML escaping', () => {
  it('escapes <, >, &, double and single quotes', () => {
    assert.equal(escapeHtml(`<b>&"quote"'`), '&lt;b&gt;&amp;&quot;quote&quot;&#39;');
  });

  it('leaves no markup character in any text and loses nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        assert.ok(!/[<>"']/.test(escaped));
        assert.ok(!/&(?!(amp|lt|gt|quot|#39);)/.test(escaped), 'every & starts one of our entities');
        assert.equal(unescapeHtml(escaped), text);
      }),
    );
  });

  it('drops links that could run script, keeps web, mail and relative ones', () => {
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>', 'vbscript:msgbox', 'file:///etc/passwd', '']) {
      assert.equal(safeHref(bad), undefined, bad);
      assert.equal(isSafeUrl(bad), false, bad);
    }
    assert.equal(safeHref('https://example.nhs.uk/a?b=1&c="2"'), 'https://example.nhs.uk/a?b=1&amp;c=&quot;2&quot;');
    assert.equal(safeHref('mailto:devices@example.nhs.uk'), 'mailto:devices@example.nhs.uk');
    assert.equal(safeHref('evidence/risk file.md#hazard-log'), 'evidence/risk file.md#hazard-log');
    assert.equal(htmlLink('<x>', 'javascript:alert(1)'), '&lt;x&gt;');
    assert.equal(htmlLink('R&D', 'r.md'), '<a href="r.md">R&amp;D</a>');
  });

  it('builds a standalone page: doctype, lang, charset, escaped title and a CSP without scripts', () => {
    const page = htmlPage({ title: 'A <title>', body: '<main></main>', css: 'p { color: red; }' });
    assert.match(page, /^<!DOCTYPE html>\n<html lang="en-GB">/);
    assert.match(page, /<meta charset="utf-8">/);
    assert.match(page, /<title>A &lt;title&gt;<\/title>/);
    assert.match(page, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'/);
    assert.doesNotMatch(page, /<script/);
    const withNonce = htmlPage({ title: 't', body: '', css: '', nonce: 'abc123' });
    assert.match(withNonce, /style-src 'nonce-abc123'/);
    assert.match(withNonce, /<style nonce="abc123">/);
  });
});

describe('outputs: CSV', () => {
  it('quotes fields with commas, quotes, line breaks or outer spaces, and doubles quotes', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a, b'), '"a, b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('line 1\nline 2'), '"line 1\nline 2"');
    assert.equal(csvField('cr\rhere'), '"cr\rhere"');
    assert.equal(csvField(' padded'), '" padded"');
    assert.equal(csvField(undefined), '');
    assert.equal(csvField(3), '3');
    assert.equal(csvRecord(['a', 'b,c']), 'a,"b,c"');
  });

  it('ends every record with CRLF', () => {
    assert.equal(toCsv(['x', 'y'], [['1', '2']]), 'x,y\r\n1,2\r\n');
  });

  it('reads back exactly what was written, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', 'é', '\u2028') }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0]!.length;
        const table = rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
        const csv = toCsv(table[0]!, table.slice(1));
        assert.deepEqual(parseCsv(csv), table);
      }),
    );
  });
});

describe('outputs: Markdown escaping', () => {
  it('shows HTML, emphasis and pipes as text', () => {
    assert.equal(mdText(`<b>&"quote"'`), `\\<b\\>\\&"quote"'`);
    assert.equal(mdText('*a* _b_ `c` [d] |e| ~f~'), '\\*a\\* \\_b\\_ \\`c\\` \\[d\\] \\|e\\| \\~f\\~');
    assert.equal(mdCell('two\nlines'), 'two lines');
    assert.equal(mdCell(''), ' ');
  });

  it('never leaves an unescaped pipe, angle bracket or line break in a table cell', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const cell = mdCell(text);
        assert.ok(!/[\r\n]/.test(cell));
        assert.ok(!/(^|[^\\])(\\\\)*[|<>]/.test(cell), cell);
      }),
    );
  });

  it('writes links whose destinations cannot break a table, and no script links', () => {
    assert.equal(mdLink('Risk file', 'evidence/risk.md#hazards'), '[Risk file](evidence/risk.md#hazards)');
    assert.equal(mdLink('a|b', 'x|y.md'), '[a\\|b](x%7Cy.md)');
    assert.equal(mdLink('spaced', 'my file.md'), '[spaced](<my file.md>)');
    assert.equal(mdLink('click', 'javascript:alert(1)'), 'click');
  });
});

describe('outputs: first date in a text', () => {
  it('reads the date formats authors use, in ISO form', () => {
    assert.deepEqual(findFirstDate('Scan done on 20 January 2026 (MS-0042-2026).'), { text: '20 January 2026', iso: '2026-01-20' });
    assert.equal(findFirstDate('date: 2025-12-01')?.iso, '2025-12-01');
    assert.equal(findFirstDate('on January 5, 2026')?.iso, '2026-01-05');
    assert.equal(findFirstDate('on 3rd of Sept. 2025')?.iso, '2025-09-03');
    assert.equal(findFirstDate('on 05/02/2026, UK style')?.iso, '2026-02-05');
    assert.equal(findFirstDate('in March 2026')?.iso, '2026-03');
  });

  it('takes the earliest date in the text, whatever its format, and skips impossible ones', () => {
    assert.equal(findFirstDate('first 2026-03-04, later 1 January 2026')?.iso, '2026-03-04');
    assert.equal(findFirstDate('31 February 2026 was a typo; 1 March 2026')?.iso, '2026-03-01');
    assert.equal(findFirstDate('version 2.1.0, 12 months'), undefined);
  });
});

describe('outputs: link rebasing', () => {
  const rebase = rebaseLinks(path.resolve('/repo'));
  it('makes relative links relative to the reader, keeping anchors and external links', () => {
    assert.equal(rebase(path.resolve('/repo/devices/pump/index.md'), 'evidence/risk.md#hazards'), 'devices/pump/evidence/risk.md#hazards');
    assert.equal(rebase(path.resolve('/repo/devices/pump/index.md'), '#market-scanning'), 'devices/pump/index.md#market-scanning');
    assert.equal(rebase(path.resolve('/repo/a/index.md'), 'my%20file.md'), 'a/my%20file.md');
    assert.equal(rebase(path.resolve('/repo/a/index.md'), 'https://example.org/x'), 'https://example.org/x');
    assert.equal(rebaseLinks(path.resolve('/repo/out'))(path.resolve('/repo/a/index.md'), 'e.md'), '../a/e.md');
  });
});
