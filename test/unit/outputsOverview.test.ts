/** What the VS Code views show, without VS Code: the workspace summary of a dossier, the tree's grouping and labels, and the overview page. */
import { strict as assert } from 'node:assert';
import { pathToFileURL } from 'node:url';
import { isOpenLocationMessage, renderOverviewPage } from '../../client/src/views/overviewPage';
import { coverageRatio, coverageText, dossierDescription, groupByStatus, healthOf, problemText } from '../../client/src/views/treeModel';
import { erCoverage } from '../../server/src/languageservice/outputs/coverage';
import type { DossierSummary, WorkspaceSummary } from '../../server/src/languageservice/outputs/protocol';
import { summariseDossier } from '../../server/src/languageservice/outputs/workspaceSummary';
import { checked, ESCAPING_FIXTURE, EXAMPLE_INDEXES, fromRepo, repoService } from './outputsFixtures';

const uriOf = (file: string): string => pathToFileURL(file).href;

function summaryOf(index: string): DossierSummary {
  const { dossier, diagnostics } = checked(index);
  return summariseDossier(dossier, repoService().catalogue, diagnostics, uriOf, fromRepo(index));
}

function allSummaries(): DossierSummary[] {
  return [...Object.values(EXAMPLE_INDEXES), ESCAPING_FIXTURE].map(summaryOf);
}

describe('outputs: workspace summary of a dossier', () => {
  it('carries identity, status, counts, coverage and every problem, errors first', () => {
    const { dossier, diagnostics } = checked(EXAMPLE_INDEXES.thumbSplint);
    const summary = summaryOf(EXAMPLE_INDEXES.thumbSplint);
    assert.equal(summary.uri, uriOf(EXAMPLE_INDEXES.thumbSplint));
    assert.equal(summary.name, '3D-printed Thumb CMC Splint');
    assert.equal(summary.status, 'in-use');
    assert.equal(summary.errors, diagnostics.filter((d) => d.severity === 'error').length);
    assert.equal(summary.warnings, diagnostics.filter((d) => d.severity === 'warning').length);
    assert.deepEqual(summary.coverage, erCoverage(dossier, repoService().catalogue));
    assert.equal(summary.problems.length, diagnostics.length);
    const firstWarning = summary.problems.findIndex((p) => p.severity === 'warning');
    assert.ok(summary.problems.slice(0, firstWarning).every((p) => p.severity === 'error'));
    assert.ok(summary.problems.slice(firstWarning).every((p) => p.severity !== 'error'));
  });
});

describe('outputs: tree of dossiers', () => {
  it('groups by status in a fixed order, names sorted within a group', () => {
    const base = summaryOf(EXAMPLE_INDEXES.gentamicin);
    const make = (name: string, status: string): DossierSummary => ({ ...base, name, status, uri: `file:///${name}` });
    const groups = groupByStatus([make('b', 'withdrawn'), make('z', 'in-use'), make('a', 'in-use'), make('c', 'unspecified'), make('d', 'draft'), make('e', 'retired')]);
    assert.deepEqual(
      groups.map((group) => [group.label, group.dossiers.map((d) => d.name)]),
      [['In use', ['a', 'z']], ['Draft', ['d']], ['Withdrawn', ['b']], ['Status "retired"', ['e']], ['Status not given', ['c']]],
    );
  });

  it('describes each dossier by its problems and ER coverage', () => {
    const clean = summaryOf(EXAMPLE_INDEXES.gentamicin);
    assert.equal(problemText(clean), 'no problems');
    assert.equal(healthOf(clean), 'clean');
    assert.equal(coverageText(clean.coverage), `ERs ${clean.coverage.addressed}/${clean.coverage.applicable}`);
    assert.equal(coverageRatio(clean.coverage), 1);
    const splint = summaryOf(EXAMPLE_INDEXES.thumbSplint);
    assert.equal(healthOf(splint), 'error');
    assert.equal(dossierDescription(splint), `ERs ${splint.coverage.addressed}/${splint.coverage.applicable} · ${splint.errors} errors, ${splint.warnings} warnings`);
    assert.equal(dossierDescription(clean), `ERs ${clean.coverage.addressed}/${clean.coverage.applicable}`);
    assert.equal(healthOf(summaryOf(ESCAPING_FIXTURE)), 'warning');
    assert.equal(coverageRatio({ ...splint.coverage, applicable: 0, addressed: 0 }), 1, 'nothing applicable is fully covered');
  });
});

describe('outputs: overview page', () => {
  const NONCE = 'n0nce1234';

  it('has a strict Content-Security-Policy: nothing but its nonce\'d style and script, no remote resources', () => {
    const page = renderOverviewPage({ enabled: true, dossiers: allSummaries() }, NONCE);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)![1]!;
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /style-src 'nonce-n0nce1234'/);
    assert.match(csp, /script-src 'nonce-n0nce1234'/);
    assert.doesNotMatch(csp, /unsafe|https?:|\*/);
    const scripts = page.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="${NONCE}">`]);
    assert.deepEqual(page.match(/<style[^>]*>/g), [`<style nonce="${NONCE}">`]);
    assert.doesNotMatch(page, /\s(src|href)=|<link|<img|<iframe|@import|url\(|\son[a-z]+=/i);
  });

  it('draws one bar per dossier, as long as its share of applicable ERs addressed', () => {
    const dossiers = allSummaries();
    const page = renderOverviewPage({ enabled: true, dossiers }, NONCE);
    const bars = [...page.matchAll(/<rect class="fill" x="(\d+)" y="\d+" width="(\d+)"/g)].map((m) => Number(m[2]));
    const tracks = [...page.matchAll(/<rect class="track" x="\d+" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1]));
    assert.equal(bars.length, dossiers.length);
    dossiers.forEach((dossier, i) => {
      assert.equal(bars[i], Math.round(tracks[i]! * coverageRatio(dossier.coverage)));
      assert.ok(page.includes(`${dossier.coverage.addressed}/${dossier.coverage.applicable} (`));
    });
    assert.match(page, /<svg class="chart"[^>]* role="img" aria-labelledby="chart-title"/);
    assert.ok(page.includes('<caption>ER coverage per dossier, in sub-requirements</caption>'), 'the chart has a table alternative');
  });

  it('lists every open problem with a button that opens its location, and escapes everything', () => {
    const dossiers = allSummaries();
    const page = renderOverviewPage({ enabled: true, dossiers }, NONCE);
    const problems = dossiers.flatMap((d) => d.problems);
    assert.equal((page.match(/<li class="severity-/g) ?? []).length, problems.length);
    for (const problem of problems) {
      assert.ok(page.includes(`data-uri="${problem.uri}" data-line="${problem.line}" data-character="${problem.character}"`));
    }
    assert.ok(page.includes('Ward &lt;b&gt;&amp;&quot;quote&quot;&#39; splint, mark 2'));
    assert.doesNotMatch(page, /<b>/);
    const hostile: DossierSummary = { ...dossiers[0]!, name: '<img src=x onerror=alert(1)>', uri: 'file:///a"onclick="x', problems: [{ ...dossiers[2]!.problems[0]!, message: '</script><script>alert(1)</script>' }] };
    const hostilePage = renderOverviewPage({ enabled: true, dossiers: [hostile] }, NONCE);
    assert.doesNotMatch(hostilePage, /<img|"onclick=|<\/script><script>/);
    assert.equal((hostilePage.match(/<script/g) ?? []).length, 1);
  });

  it('says when there is nothing to show, when checking is off, and while loading', () => {
    assert.match(renderOverviewPage({ enabled: true, dossiers: [] }, NONCE), /No HIE dossiers found/);
    assert.match(renderOverviewPage({ enabled: false, dossiers: [] }, NONCE), /Checking is turned off/);
    assert.match(renderOverviewPage(undefined, NONCE), /Loading the dossiers/);
    const clean: WorkspaceSummary = { enabled: true, dossiers: [summaryOf(EXAMPLE_INDEXES.gentamicin)] };
    assert.match(renderOverviewPage(clean, NONCE), /No open problems/);
  });

  it('accepts only well-formed "open" messages from the page', () => {
    assert.ok(isOpenLocationMessage({ type: 'open', uri: 'file:///a.md', line: 3, character: 0 }));
    for (const bad of [null, 'open', { type: 'open', uri: 1, line: 0, character: 0 }, { type: 'run', uri: 'x', line: 0, character: 0 }, { type: 'open', uri: 'x', line: 1.5, character: 0 }]) {
      assert.equal(isOpenLocationMessage(bad), false, JSON.stringify(bad));
    }
  });
});
