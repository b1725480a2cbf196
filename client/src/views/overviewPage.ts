/**
 * The overview page (a webview) as HTML, without VS Code: a bar chart of ER coverage per dossier
 * (inline SVG) and the open problems of every dossier. Everything from the dossiers is escaped;
 * the Content-Security-Policy allows nothing but the page's own style sheet and one small
 * script, both carrying the nonce, which only posts "open this location" back to the extension.
 */
import { escapeHtml } from '../../../server/src/languageservice/outputs/html';
import type { DossierSummary, ProblemSummary, WorkspaceSummary } from '../../../server/src/languageservice/outputs/protocol';
import { coverageRatio, healthOf, problemText, statusLabel } from './treeModel';

/** What the page's script posts back when a problem or a dossier is clicked. */
export interface OpenLocationMessage {
  type: 'open';
  uri: string;
  line: number;
  character: number;
}

export function isOpenLocationMessage(value: unknown): value is OpenLocationMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  return message.type === 'open' && typeof message.uri === 'string' && Number.isInteger(message.line) && Number.isInteger(message.character);
}

const CHART_WIDTH = 800;
const BAR_X = 310;
const BAR_WIDTH = 360;
const ROW_HEIGHT = 30;
const MAX_LABEL = 38;

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function coverageChart(dossiers: readonly DossierSummary[]): string {
  const height = dossiers.length * ROW_HEIGHT + 10;
  const rows = dossiers.map((dossier, i) => {
    const y = i * ROW_HEIGHT + 5;
    const ratio = coverageRatio(dossier.coverage);
    const percent = Math.round(ratio * 100);
    const { addressed, applicable } = dossier.coverage;
    const label = `${dossier.name}: ${addressed} of ${applicable} applicable ERs addressed (${percent}%), ${problemText(dossier)}`;
    return [
      `<g class="row health-${healthOf(dossier)}">`,
      `<title>${escapeHtml(label)}</title>`,
      `<text class="label" x="0" y="${y + 19}">${escapeHtml(shorten(dossier.name, MAX_LABEL))}</text>`,
      `<rect class="track" x="${BAR_X}" y="${y + 4}" width="${BAR_WIDTH}" height="20" rx="2"></rect>`,
      `<rect class="fill" x="${BAR_X}" y="${y + 4}" width="${Math.round(BAR_WIDTH * ratio)}" height="20" rx="2"></rect>`,
      `<text class="value" x="${BAR_X + BAR_WIDTH + 10}" y="${y + 19}">${addressed}/${applicable} (${percent}%)</text>`,
      '</g>',
    ].join('');
  });
  return [
    `<svg class="chart" viewBox="0 0 ${CHART_WIDTH} ${height}" width="100%" role="img" aria-labelledby="chart-title" preserveAspectRatio="xMinYMin meet">`,
    '<title id="chart-title">Applicable essential requirements addressed with evidence, per dossier</title>',
    ...rows,
    '</svg>',
  ].join('\n');
}

function coverageTable(dossiers: readonly DossierSummary[]): string {
  const rows = dossiers.map(
    (d) =>
      `<tr><th scope="row">${escapeHtml(d.name)}</th><td>${escapeHtml(statusLabel(d.status))}</td><td>${d.coverage.addressed}</td><td>${d.coverage.applicable}</td><td>${d.coverage.excluded}</td><td>${d.coverage.unjustified}</td><td>${d.coverage.missing}</td><td>${d.errors}</td><td>${d.warnings}</td></tr>`,
  );
  return [
    '<details>',
    '<summary>Coverage as a table</summary>',
    '<table>',
    '<caption>ER coverage per dossier, in sub-requirements</caption>',
    '<thead><tr><th scope="col">Dossier</th><th scope="col">Status</th><th scope="col">Addressed</th><th scope="col">Applicable</th><th scope="col">Excluded</th><th scope="col">Unjustified</th><th scope="col">Missing</th><th scope="col">Errors</th><th scope="col">Warnings</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody>`,
    '</table>',
    '</details>',
  ].join('\n');
}

function fileLabel(problem: ProblemSummary, dossier: DossierSummary): string {
  if (problem.uri === dossier.uri) return dossier.relativePath;
  const last = problem.uri.split('/').pop() ?? problem.uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function openButton(uri: string, line: number, character: number, text: string, className: string): string {
  return `<button type="button" class="${className}" data-uri="${escapeHtml(uri)}" data-line="${line}" data-character="${character}">${escapeHtml(text)}</button>`;
}

function problemList(dossiers: readonly DossierSummary[]): string {
  const withProblems = dossiers.filter((d) => d.problems.length > 0);
  if (withProblems.length === 0) return '<p>No open problems: every dossier passes every check.</p>';
  return withProblems
    .map((dossier) => {
      const items = dossier.problems.map(
        (p) =>
          `<li class="severity-${p.severity}"><span class="severity">${escapeHtml(p.severity)}</span> ${openButton(p.uri, p.line, p.character, `${fileLabel(p, dossier)}:${p.line + 1}`, 'location')} ${escapeHtml(p.message)} <span class="rule">${escapeHtml(p.rule)}</span></li>`,
      );
      return [
        '<section class="dossier-problems">',
        `<h3>${openButton(dossier.uri, 0, 0, dossier.name, 'dossier')} <span class="counts">${escapeHtml(problemText(dossier))}</span></h3>`,
        `<ul>${items.join('')}</ul>`,
        '</section>',
      ].join('\n');
    })
    .join('\n');
}

const CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 1.5rem 2rem; line-height: 1.5; }
h1 { font-size: 1.6em; font-weight: 600; }
h2 { font-size: 1.25em; font-weight: 600; margin-top: 2rem; border-bottom: 1px solid var(--vscode-panel-border, #8884); padding-bottom: 0.25rem; }
h3 { font-size: 1.05em; margin: 1.25rem 0 0.25rem; }
.chart { max-width: 60rem; display: block; }
.chart text { fill: var(--vscode-foreground); font-size: 14px; font-family: var(--vscode-font-family); }
.chart .track { fill: var(--vscode-editorWidget-background, #8882); stroke: var(--vscode-editorWidget-border, #888); stroke-width: 1; }
.chart .fill { fill: var(--vscode-charts-green, #388a34); }
.chart .health-warning .fill { fill: var(--vscode-charts-yellow, #bf8803); }
.chart .health-error .fill { fill: var(--vscode-charts-red, #e51400); }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid var(--vscode-panel-border, #8884); padding: 0.2rem 0.5rem; text-align: left; }
ul { list-style: none; padding-left: 0; margin: 0; }
li { padding: 0.2rem 0; }
.severity { display: inline-block; min-width: 4.5em; font-weight: 600; }
.severity-error .severity { color: var(--vscode-errorForeground, #f14c4c); }
.severity-warning .severity { color: var(--vscode-editorWarning-foreground, #cca700); }
.rule { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.counts { color: var(--vscode-descriptionForeground); font-weight: 400; font-size: 0.9em; }
button { font: inherit; background: none; border: none; padding: 0; color: var(--vscode-textLink-foreground); cursor: pointer; text-decoration: underline; }
button:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
button.dossier { font-weight: 600; }
`;

const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-uri]') : null;
  if (!button) return;
  vscode.postMessage({ type: 'open', uri: button.dataset.uri, line: Number(button.dataset.line), character: Number(button.dataset.character) });
});
`;

/** The page; without a summary (not fetched yet) it says it is loading. */
export function renderOverviewPage(summary: WorkspaceSummary | undefined, nonce: string): string {
  const safeNonce = escapeHtml(nonce);
  let content: string;
  if (!summary) content = '<p>Loading the dossiers…</p>';
  else if (!summary.enabled) content = '<p>Checking is turned off (setting <code>hieDossier.enable</code>).</p>';
  else if (summary.dossiers.length === 0) content = '<p>No HIE dossiers found in this workspace. A dossier is a Markdown file whose frontmatter has a <code>device</code> mapping.</p>';
  else {
    const errors = summary.dossiers.reduce((sum, d) => sum + d.errors, 0);
    const warnings = summary.dossiers.reduce((sum, d) => sum + d.warnings, 0);
    content = [
      `<p>${summary.dossiers.length} dossier${summary.dossiers.length === 1 ? '' : 's'}; ${escapeHtml(problemText({ errors, warnings }))} in all.</p>`,
      '<h2 id="coverage">ER coverage</h2>',
      '<p>Applicable essential requirements addressed with evidence or a standard, counted in sub-requirements.</p>',
      coverageChart(summary.dossiers),
      coverageTable(summary.dossiers),
      '<h2 id="problems">Open problems</h2>',
      problemList(summary.dossiers),
    ].join('\n');
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${safeNonce}'; script-src 'nonce-${safeNonce}'; img-src 'none'; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>HIE dossiers overview</title>',
    `<style nonce="${safeNonce}">${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<h1>HIE dossiers overview</h1>',
    content,
    '</main>',
    `<script nonce="${safeNonce}">${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
