/**
 * The essential requirements checklist of a dossier as a reviewer reads it: every catalogue ER,
 * at the level the table addresses it (a group row for ER 11 stays one line; ERs without a row
 * are shown as missing), with the problems found on each row and a summary of the coverage.
 */
import type { EssentialRequirement } from '../../../../shared/src/catalogue-types';
import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import { checklistOf, type LocatedRow } from '../model/checklist';
import type { Dossier } from '../model/dossier';
import type { TableCellModel } from '../model/types';
import type { DossierDiagnostic } from '../service';
import { isEmptyCell } from '../rules/justification';
import { erCoverage, type ErCoverage } from './coverage';
import { toCsv } from './csv';
import { deviceTitle, dossierFacts, type DossierFacts } from './facts';
import { BASE_CSS, escapeHtml, htmlLink, htmlPage } from './html';
import { keepLinks, type LinkRebaser } from './links';
import { mdCell, mdLink, mdText } from './markdown';
import { countProblems, plural, problemLine, type PathDisplay, type ProblemCounts } from './problems';

export type ReportStatus = 'yes' | 'no' | 'partly' | 'unclear' | 'missing';

export interface EvidenceLink {
  text: string;
  /** Rebased for the reader of the report. */
  url: string;
}

export interface ReportEntry {
  number: string;
  title: string;
  isGroup: boolean;
  status: ReportStatus;
  /** When a group row addresses this ER alongside rows of its own siblings: that group's number. */
  coveredBy?: string;
  /** Where the row is (1-based line), for entries with a row of their own. */
  location?: { path: string; line: number };
  standards: string;
  evidence: EvidenceLink[];
  /** Evidence text that is not a link ("Annex X, literature route"). */
  evidenceNote: string;
  justification: string;
  diagnostics: DossierDiagnostic[];
}

export interface ChecklistReport {
  path: string;
  facts: DossierFacts;
  entries: ReportEntry[];
  /** Rows whose ER cell names no ER of the catalogue. */
  unknownRows: ReportEntry[];
  /** Problems of the dossier that are on no checklist row. */
  otherProblems: DossierDiagnostic[];
  coverage: ErCoverage;
  problems: ProblemCounts;
}

export interface ReportOptions {
  rebase?: LinkRebaser;
}

const STATUS_LABEL: Record<ReportStatus, string> = { yes: 'Yes', no: 'No', partly: 'Partly', unclear: 'unclear', missing: 'missing' };

export function statusLabel(status: ReportStatus): string {
  return STATUS_LABEL[status];
}

function cellText(cell: TableCellModel | undefined): string {
  return cell && !isEmptyCell(cell.text) ? cell.text.trim() : '';
}

/** The text of a link as written (`[Hazard log](…)` gives "Hazard log"; an autolink gives its address). */
function linkText(source: string, start: number, end: number, url: string): string {
  const written = source.slice(start, end);
  const bracketed = /^!?\[([^\]]*)\]/.exec(written);
  const text = bracketed?.[1]?.replace(/[*_`]/g, '').trim();
  return text ? text : url;
}

function evidenceOf(row: LocatedRow, rebase: LinkRebaser): { evidence: EvidenceLink[]; evidenceNote: string } {
  const cell = row.evidenceCell;
  if (!cell) return { evidence: [], evidenceNote: '' };
  const evidence = cell.links.map((link) => ({ text: linkText(row.file.text, link.range.start, link.range.end, link.url), url: rebase(row.file.path, link.url) }));
  let rest = cell.text;
  for (const link of evidence) rest = rest.replace(link.text, '');
  rest = rest.replace(/^[\s;,.]+|[\s;,]+$/g, '').replace(/\s*[;,]\s*(?=[;,])/g, '').trim();
  return { evidence, evidenceNote: isEmptyCell(rest) ? '' : rest };
}

function statusOf(row: LocatedRow): ReportStatus {
  return row.applies ?? 'unclear';
}

/** Diagnostics whose start lies on the lines of a row. */
function onRow(row: LocatedRow, diagnostics: readonly DossierDiagnostic[]): DossierDiagnostic[] {
  const first = row.file.lines.positionAt(row.row.range.start).line;
  const last = row.file.lines.positionAt(row.row.range.end).line;
  return diagnostics.filter((d) => d.path === row.file.path && d.range.start.line >= first && d.range.start.line <= last);
}

export function buildChecklistReport(dossier: Dossier, catalogue: CatalogueIndex, diagnostics: readonly DossierDiagnostic[], options: ReportOptions = {}): ChecklistReport {
  const rebase = options.rebase ?? keepLinks;
  const checklist = checklistOf(dossier, catalogue);
  const rowsOf = (number: string): LocatedRow[] => checklist.rows.filter((row) => row.number === number);
  const used = new Set<DossierDiagnostic>();
  const claim = (list: DossierDiagnostic[]): DossierDiagnostic[] => {
    for (const d of list) used.add(d);
    return list;
  };

  const rowEntry = (er: EssentialRequirement, row: LocatedRow): ReportEntry => ({
    number: er.number,
    title: er.title,
    isGroup: catalogue.isGroup(er.number),
    status: statusOf(row),
    location: { path: row.file.path, line: row.file.lines.positionAt(row.row.range.start).line + 1 },
    standards: cellText(row.standardsCell),
    ...evidenceOf(row, rebase),
    justification: cellText(row.justificationCell),
    diagnostics: claim(rowsOf(er.number).flatMap((r) => onRow(r, diagnostics))),
  });
  const coveredEntry = (er: EssentialRequirement, group: LocatedRow): ReportEntry => ({
    number: er.number,
    title: er.title,
    isGroup: catalogue.isGroup(er.number),
    status: statusOf(group),
    coveredBy: group.number!,
    standards: '',
    evidence: [],
    evidenceNote: '',
    justification: '',
    diagnostics: [],
  });
  const missingEntry = (er: EssentialRequirement): ReportEntry => ({
    number: er.number,
    title: er.title,
    isGroup: catalogue.isGroup(er.number),
    status: 'missing',
    standards: '',
    evidence: [],
    evidenceNote: '',
    justification: '',
    diagnostics: claim(diagnostics.filter((d) => d.rule === 'er-missing' && d.target === er.number)),
  });

  const hasRowBelow = (number: string): boolean =>
    catalogue.childrenOf(number).some((child) => checklist.rowFor.has(child.number) || hasRowBelow(child.number));

  // The same walk as the checklist's `missing`: an uncovered group below the top level is one
  // missing line, since one row would address it; a top-level group shows its sub-requirements.
  const entries: ReportEntry[] = [];
  const visit = (er: EssentialRequirement, topLevel: boolean, cover: LocatedRow | undefined): void => {
    const own = checklist.rowFor.get(er.number);
    const kids = catalogue.childrenOf(er.number);
    if (own) {
      entries.push(rowEntry(er, own));
      if (hasRowBelow(er.number)) for (const kid of kids) visit(kid, false, own);
    } else if (cover) {
      if (hasRowBelow(er.number)) for (const kid of kids) visit(kid, false, cover);
      else entries.push(coveredEntry(er, cover));
    } else if (kids.length === 0 || (!topLevel && !hasRowBelow(er.number))) entries.push(missingEntry(er));
    else for (const kid of kids) visit(kid, false, undefined);
  };
  for (const er of catalogue.topLevel) visit(er, true, undefined);

  const unknownRows: ReportEntry[] = checklist.rows
    .filter((row) => row.number === undefined || !catalogue.ers.has(row.number))
    .map((row) => ({
      number: row.number ?? row.erCell.text.trim(),
      title: '',
      isGroup: false,
      status: statusOf(row),
      location: { path: row.file.path, line: row.file.lines.positionAt(row.row.range.start).line + 1 },
      standards: cellText(row.standardsCell),
      ...evidenceOf(row, rebase),
      justification: cellText(row.justificationCell),
      diagnostics: claim(onRow(row, diagnostics)),
    }));

  return {
    path: dossier.index.path,
    facts: dossierFacts(dossier),
    entries,
    unknownRows,
    otherProblems: diagnostics.filter((d) => !used.has(d)),
    coverage: erCoverage(dossier, catalogue),
    problems: countProblems(diagnostics),
  };
}

/** The summary lines, the same in every format. */
export function summaryItems(report: ChecklistReport): [string, string][] {
  const { coverage, problems } = report;
  return [
    ['Applicable ERs addressed with evidence', `${coverage.addressed} of ${coverage.applicable}`],
    ['Applicable ERs', `${coverage.applicable} of ${coverage.total}`],
    ['Excluded ERs', String(coverage.excluded)],
    ['Exclusions without a real justification', String(coverage.unjustified)],
    ['ERs without a row', String(coverage.missing)],
    ['ERs with an unreadable status', String(coverage.unclear)],
    ['Problems', `${plural(problems.errors, 'error')}, ${plural(problems.warnings, 'warning')}`],
  ];
}

/** "Product code", "Version", "Class", "Institution" pairs for the line under the title. */
function identityItems(report: ChecklistReport, display: PathDisplay): [string, string][] {
  const { facts } = report;
  const items: [string, string | undefined][] = [
    ['Product code', facts.code],
    ['Version', facts.version],
    ['Class', facts.classification],
    ['Institution', facts.institutionName],
    ['Dossier', display(report.path)],
  ];
  return items.filter((item): item is [string, string] => item[1] !== undefined);
}

function problemText(d: DossierDiagnostic): string {
  return `${d.severity}: ${d.message} [${d.rule}]`;
}

// ---------------------------------------------------------------- Markdown

function mdEvidence(entry: ReportEntry): string {
  if (entry.coveredBy) return mdText(`as ER ${entry.coveredBy}`);
  const parts = entry.evidence.map((link) => mdLink(link.text, link.url));
  if (entry.evidenceNote) parts.push(mdText(entry.evidenceNote));
  return parts.join('; ') || ' ';
}

function mdEntryRow(entry: ReportEntry): string {
  const status = entry.coveredBy ? `${statusLabel(entry.status)} (ER ${entry.coveredBy})` : statusLabel(entry.status);
  return `| ${mdCell(entry.number)} | ${mdCell(entry.title)} | ${mdCell(status)} | ${mdCell(entry.standards)} | ${mdEvidence(entry)} | ${mdCell(entry.justification)} | ${mdCell(entry.diagnostics.map(problemText).join('; '))} |`;
}

export function renderChecklistMarkdown(report: ChecklistReport, display: PathDisplay): string {
  const out: string[] = [];
  out.push(`# Essential requirements checklist: ${mdText(deviceTitle(report.facts, report.path))}`, '');
  out.push(identityItems(report, display).map(([label, value]) => `**${label}:** ${mdText(value)}`).join(' · '), '');
  out.push('## Summary', '', '| Measure | Count |', '| --- | --- |');
  for (const [label, value] of summaryItems(report)) out.push(`| ${mdCell(label)} | ${mdCell(value)} |`);
  out.push('', 'Counts are of sub-requirements: a group row counts once for each sub-requirement it addresses.', '');
  out.push('## Checklist', '', '| ER | Title | Status | Standards | Evidence | Justification | Problems |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const entry of report.entries) out.push(mdEntryRow(entry));
  if (report.unknownRows.length) {
    out.push('', '## Rows that name no ER of Annex I', '', '| ER | Title | Status | Standards | Evidence | Justification | Problems |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const entry of report.unknownRows) out.push(mdEntryRow(entry));
  }
  if (report.otherProblems.length) {
    out.push('', '## Other problems in the dossier', '');
    for (const d of report.otherProblems) out.push(`- ${mdText(problemLine(d, display))}`);
  }
  out.push('');
  return out.join('\n');
}

// ---------------------------------------------------------------- HTML

function htmlEvidence(entry: ReportEntry): string {
  if (entry.coveredBy) return `as ER ${escapeHtml(entry.coveredBy)}`;
  const parts = entry.evidence.map((link) => htmlLink(link.text, link.url));
  if (entry.evidenceNote) parts.push(escapeHtml(entry.evidenceNote));
  return parts.join('; ');
}

function htmlProblems(list: readonly DossierDiagnostic[]): string {
  if (list.length === 0) return '';
  return `<ul>${list.map((d) => `<li><strong>${escapeHtml(d.severity)}</strong>: ${escapeHtml(d.message)} <span class="muted">[${escapeHtml(d.rule)}]</span></li>`).join('')}</ul>`;
}

function htmlEntryRow(entry: ReportEntry): string {
  const status = entry.coveredBy ? `${statusLabel(entry.status)} (ER ${entry.coveredBy})` : statusLabel(entry.status);
  return `<tr><th scope="row">${escapeHtml(entry.number)}</th><td>${escapeHtml(entry.title)}</td><td class="status-${entry.status}">${escapeHtml(status)}</td><td>${escapeHtml(entry.standards)}</td><td>${htmlEvidence(entry)}</td><td>${escapeHtml(entry.justification)}</td><td>${htmlProblems(entry.diagnostics)}</td></tr>`;
}

const CHECKLIST_HEAD = '<thead><tr><th scope="col">ER</th><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Standards</th><th scope="col">Evidence</th><th scope="col">Justification</th><th scope="col">Problems</th></tr></thead>';

/** One report as HTML, its title heading at level `depth`. */
export function renderChecklistHtmlBody(report: ChecklistReport, display: PathDisplay, depth = 1): string {
  const name = deviceTitle(report.facts, report.path);
  const h = (level: number, text: string): string => `<h${depth + level}>${escapeHtml(text)}</h${depth + level}>`;
  const out: string[] = [];
  out.push(h(0, `Essential requirements checklist: ${name}`));
  out.push(`<p>${identityItems(report, display).map(([label, value]) => `<strong>${escapeHtml(label)}:</strong> ${escapeHtml(value)}`).join(' · ')}</p>`);
  out.push(h(1, 'Summary'), '<table class="facts">', '<caption>Coverage of the essential requirements, in sub-requirements</caption>', '<tbody>');
  for (const [label, value] of summaryItems(report)) out.push(`<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`);
  out.push('</tbody>', '</table>');
  out.push(h(1, 'Checklist'), '<table class="checklist">', `<caption>Every essential requirement of Annex I and how the dossier addresses it</caption>`, CHECKLIST_HEAD, '<tbody>');
  for (const entry of report.entries) out.push(htmlEntryRow(entry));
  out.push('</tbody>', '</table>');
  if (report.unknownRows.length) {
    out.push(h(1, 'Rows that name no ER of Annex I'), '<table class="checklist">', '<caption>Checklist rows whose number is not in the catalogue</caption>', CHECKLIST_HEAD, '<tbody>');
    for (const entry of report.unknownRows) out.push(htmlEntryRow(entry));
    out.push('</tbody>', '</table>');
  }
  if (report.otherProblems.length) {
    out.push(h(1, 'Other problems in the dossier'), '<ul>');
    for (const d of report.otherProblems) out.push(`<li>${escapeHtml(problemLine(d, display))}</li>`);
    out.push('</ul>');
  }
  return out.join('\n');
}

export function renderChecklistHtml(reports: readonly ChecklistReport[], display: PathDisplay, options: { nonce?: string } = {}): string {
  const single = reports.length === 1;
  const title = single ? `Essential requirements checklist: ${deviceTitle(reports[0]!.facts, reports[0]!.path)}` : 'Essential requirements checklists';
  const articles = reports.map((report) => `<article>\n${renderChecklistHtmlBody(report, display, single ? 1 : 2)}\n</article>`);
  const body = single ? articles[0]! : [`<h1>${escapeHtml(title)}</h1>`, ...articles].join('\n');
  return htmlPage({ title, body: `<main>\n${body}\n</main>`, css: `${BASE_CSS}\nmain { max-width: 90rem; }`, ...(options.nonce ? { nonce: options.nonce } : {}) });
}

// ---------------------------------------------------------------- CSV

export const CHECKLIST_CSV_HEADER = ['Dossier', 'ER', 'Title', 'Level', 'Status', 'Addressed by', 'Standards', 'Evidence', 'Justification', 'Problems'];

function csvEvidence(entry: ReportEntry): string {
  const parts = entry.evidence.map((link) => `${link.text} <${link.url}>`);
  if (entry.evidenceNote) parts.push(entry.evidenceNote);
  return parts.join('; ');
}

function csvRecords(report: ChecklistReport, display: PathDisplay): string[][] {
  const record = (entry: ReportEntry, level: string): string[] => [
    display(report.path),
    entry.number,
    entry.title,
    level,
    statusLabel(entry.status),
    entry.coveredBy ? `ER ${entry.coveredBy}` : '',
    entry.standards,
    csvEvidence(entry),
    entry.justification,
    entry.diagnostics.map(problemText).join('\n'),
  ];
  return [
    ...report.entries.map((entry) => record(entry, entry.isGroup ? 'group' : 'requirement')),
    ...report.unknownRows.map((entry) => record(entry, 'not in Annex I')),
  ];
}

/** One CSV for any number of dossiers: the first column says which. */
export function renderChecklistCsv(reports: readonly ChecklistReport[], display: PathDisplay): string {
  return toCsv(CHECKLIST_CSV_HEADER, reports.flatMap((report) => csvRecords(report, display)));
}
