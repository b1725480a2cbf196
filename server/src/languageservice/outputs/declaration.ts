/**
 * The public declaration the MHRA leading practice guidelines ask a health institution to
 * publish for each HIE device: the institution, the details that identify the device, its
 * intended purpose and the statement that it meets the essential requirements, with every ER
 * marked Partly or No listed with its justification. Generated from the dossier, so the
 * published text never disagrees with the technical documentation.
 */
import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import { checklistOf } from '../model/checklist';
import type { Dossier } from '../model/dossier';
import type { DossierDiagnostic } from '../service';
import { deviceTitle, dossierFacts, type DossierFacts } from './facts';
import { BASE_CSS, escapeHtml, htmlLink, htmlPage } from './html';
import { mdCell, mdLink, mdText } from './markdown';
import { blockingProblems, plural, problemLine, type PathDisplay } from './problems';
import { declarationStatement, DRAFT_NOTICE, EXCEPTION_LABEL, EXCEPTIONS_INTRODUCTION, exemptionSentence, NO_EXCEPTIONS, NOT_STATED } from './wording';

export interface DeclarationException {
  number: string;
  title: string;
  applies: 'partly' | 'no';
  justification: string;
}

export interface Declaration {
  /** The dossier's index file. */
  path: string;
  facts: DossierFacts;
  /** ERs (as the checklist has them, groups included) marked Partly or No, in Annex order. */
  exceptions: DeclarationException[];
  /** Error-level diagnostics: a declaration with any is only ever a draft. */
  blockers: DossierDiagnostic[];
  draft: boolean;
  /** Date of the declaration, only when the caller gives one (outputs never put "now" in). */
  date?: string;
}

export interface DeclarationOptions {
  draft?: boolean;
  date?: string;
}

export function buildDeclaration(dossier: Dossier, catalogue: CatalogueIndex, diagnostics: readonly DossierDiagnostic[], options: DeclarationOptions = {}): Declaration {
  const checklist = checklistOf(dossier, catalogue);
  const exceptions: DeclarationException[] = [];
  for (const er of catalogue.catalogue.essentialRequirements) {
    const row = checklist.rowFor.get(er.number);
    if (row?.applies === 'partly' || row?.applies === 'no') {
      exceptions.push({ number: er.number, title: er.title, applies: row.applies, justification: row.justificationCell?.text.trim() ?? '' });
    }
  }
  return {
    path: dossier.index.path,
    facts: dossierFacts(dossier),
    exceptions,
    blockers: blockingProblems(diagnostics),
    draft: options.draft ?? false,
    ...(options.date ? { date: options.date } : {}),
  };
}

/** The rows of the device identification table, in the order the guidelines list them. */
function deviceDetails(facts: DossierFacts): [string, string][] {
  return [
    ['Name', facts.name ?? NOT_STATED],
    ['Product code or reference', facts.code ?? NOT_STATED],
    ['Version', facts.version ?? NOT_STATED],
    ['Traceability', facts.traceability ?? NOT_STATED],
    ['Description', facts.description ?? NOT_STATED],
    ['Classification', facts.classification ? `Class ${facts.classification}` : NOT_STATED],
  ];
}

function deviceReference(facts: DossierFacts, path: string): string {
  const name = deviceTitle(facts, path);
  return facts.version ? `${name} (version ${facts.version})` : name;
}

function titleOf(declaration: Declaration): string {
  return `${declaration.draft ? 'DRAFT – ' : ''}Public declaration: ${deviceTitle(declaration.facts, declaration.path)}`;
}

function justificationText(exception: DeclarationException): string {
  return exception.justification || 'no reason given in the dossier';
}

// ---------------------------------------------------------------- Markdown

/** The declaration as Markdown; `depth` is the level of its title heading. */
export function renderDeclarationMarkdown(declaration: Declaration, display: PathDisplay, depth = 1): string {
  const { facts } = declaration;
  const h = (level: number): string => '#'.repeat(Math.min(6, depth + level));
  const institution = facts.institutionName ?? NOT_STATED;
  const out: string[] = [`${h(0)} ${mdText(titleOf(declaration))}`, ''];
  if (declaration.draft) out.push(...markdownDraftNotice(declaration, display), '');
  out.push(`${h(1)} Health institution`, '', `- Name: ${mdText(institution)}`, `- Address: ${mdText(facts.institutionAddress ?? NOT_STATED)}`, '');
  out.push(`${h(1)} Device`, '', '| Detail | Value |', '| --- | --- |');
  for (const [label, value] of deviceDetails(facts)) out.push(`| ${mdCell(label)} | ${mdCell(value)} |`);
  out.push('', `${h(1)} Intended purpose`, '', mdText(facts.intendedPurpose ?? NOT_STATED), '');
  if (facts.targetGroup) out.push(`Target patient group: ${mdText(facts.targetGroup)}`, '');
  out.push(`${h(1)} Declaration`, '', mdText(`${declarationStatement(institution, deviceReference(facts, declaration.path))} ${exemptionSentence(institution)}`), '');
  out.push(`${h(2)} Essential requirements that apply in part or do not apply`, '');
  if (declaration.exceptions.length === 0) out.push(NO_EXCEPTIONS, '');
  else {
    out.push(EXCEPTIONS_INTRODUCTION, '', '| ER | Requirement | Applies | Justification |', '| --- | --- | --- | --- |');
    for (const exception of declaration.exceptions) {
      out.push(`| ${mdCell(exception.number)} | ${mdCell(exception.title)} | ${mdCell(EXCEPTION_LABEL[exception.applies])} | ${mdCell(justificationText(exception))} |`);
    }
    out.push('');
  }
  out.push(`${h(1)} Publication`, '');
  out.push(facts.declarationUrl ? `This declaration is published at ${mdLink(facts.declarationUrl, facts.declarationUrl)}.` : 'Where this declaration is published is not stated in the dossier.');
  if (declaration.date) out.push('', `Date of this declaration: ${mdText(declaration.date)}.`);
  out.push('');
  return out.join('\n');
}

function markdownDraftNotice(declaration: Declaration, display: PathDisplay): string[] {
  const lines = [`> **${DRAFT_NOTICE}**`];
  if (declaration.blockers.length) {
    lines.push(`> The dossier still has ${plural(declaration.blockers.length, 'error')}:`, '>');
    for (const d of declaration.blockers) lines.push(`> - ${mdText(problemLine(d, display))}`);
  }
  return lines;
}

/** Several declarations in one Markdown document, separated by rules. */
export function renderDeclarationsMarkdown(declarations: readonly Declaration[], display: PathDisplay): string {
  return declarations.map((declaration) => renderDeclarationMarkdown(declaration, display)).join('\n---\n\n');
}

/**
 * A "Public declaration" section to insert into a dossier (the quick fix for a missing
 * section): the same content as the published declaration, under one heading of `depth`.
 */
export function renderDeclarationSection(declaration: Declaration, depth = 2): string {
  const { facts } = declaration;
  const institution = facts.institutionName ?? NOT_STATED;
  const heading = '#'.repeat(Math.min(6, depth));
  const out = [`${heading} Public declaration`, ''];
  out.push(
    facts.declarationUrl
      ? `This declaration is published at ${facts.declarationUrl}.`
      : 'This declaration is published at: (give the address of the page on the institution website).',
    '',
  );
  out.push(`**${mdText(institution)}** (address: ${mdText(facts.institutionAddress ?? NOT_STATED)}) makes and uses the following device under the Health Institution Exemption:`, '');
  const identity = [facts.name ?? NOT_STATED, facts.code ? `product code ${facts.code}` : undefined, facts.version ? `version ${facts.version}` : undefined].filter(Boolean).join(', ');
  out.push(`- **Device:** ${mdText(identity)}.${facts.traceability ? ` Traceability: ${mdText(facts.traceability)}.` : ''}`);
  out.push(`- **Description:** ${mdText(facts.description ?? NOT_STATED)}`);
  out.push(`- **Intended purpose:** ${mdText(facts.intendedPurpose ?? NOT_STATED)}`, '');
  out.push(mdText(declarationStatement(institution, deviceReference(facts, declaration.path))), '');
  if (declaration.exceptions.length) {
    out.push(EXCEPTIONS_INTRODUCTION, '');
    for (const exception of declaration.exceptions) {
      out.push(`- ER ${mdText(exception.number)} (${mdText(exception.title)}): ${EXCEPTION_LABEL[exception.applies].toLowerCase()}. ${mdText(justificationText(exception))}`);
    }
    out.push('');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- HTML

function htmlDraftNotice(declaration: Declaration, display: PathDisplay): string {
  const items = declaration.blockers.map((d) => `<li>${escapeHtml(problemLine(d, display))}</li>`).join('');
  const detail = declaration.blockers.length ? `<p>The dossier still has ${plural(declaration.blockers.length, 'error')}:</p><ul>${items}</ul>` : '';
  return `<div class="draft" role="note"><p>${escapeHtml(DRAFT_NOTICE)}</p>${detail}</div>`;
}

/** The declaration's content as HTML, its title heading at level `depth`. */
export function renderDeclarationHtmlBody(declaration: Declaration, display: PathDisplay, depth = 1): string {
  const { facts } = declaration;
  const h = (level: number, text: string): string => `<h${Math.min(6, depth + level)}>${escapeHtml(text)}</h${Math.min(6, depth + level)}>`;
  const institution = facts.institutionName ?? NOT_STATED;
  const out: string[] = [h(0, titleOf(declaration))];
  if (declaration.draft) out.push(htmlDraftNotice(declaration, display));
  out.push('<section>', h(1, 'Health institution'), '<table class="facts">', '<caption>The health institution that makes and uses the device</caption>', '<tbody>');
  out.push(`<tr><th scope="row">Name</th><td>${escapeHtml(institution)}</td></tr>`);
  out.push(`<tr><th scope="row">Address</th><td>${escapeHtml(facts.institutionAddress ?? NOT_STATED)}</td></tr>`);
  out.push('</tbody>', '</table>', '</section>');
  out.push('<section>', h(1, 'Device'), '<table class="facts">', '<caption>Details that identify the device</caption>', '<tbody>');
  for (const [label, value] of deviceDetails(facts)) out.push(`<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`);
  out.push('</tbody>', '</table>', '</section>');
  out.push('<section>', h(1, 'Intended purpose'), `<p>${escapeHtml(facts.intendedPurpose ?? NOT_STATED)}</p>`);
  if (facts.targetGroup) out.push(`<p>Target patient group: ${escapeHtml(facts.targetGroup)}</p>`);
  out.push('</section>');
  out.push('<section>', h(1, 'Declaration'), `<p class="statement">${escapeHtml(declarationStatement(institution, deviceReference(facts, declaration.path)))} ${escapeHtml(exemptionSentence(institution))}</p>`);
  out.push(h(2, 'Essential requirements that apply in part or do not apply'));
  if (declaration.exceptions.length === 0) out.push(`<p>${escapeHtml(NO_EXCEPTIONS)}</p>`);
  else {
    out.push(`<p>${escapeHtml(EXCEPTIONS_INTRODUCTION)}</p>`, '<table>', '<caption>Essential requirements marked Partly or No in the checklist, with their justification</caption>');
    out.push('<thead><tr><th scope="col">ER</th><th scope="col">Requirement</th><th scope="col">Applies</th><th scope="col">Justification</th></tr></thead>', '<tbody>');
    for (const exception of declaration.exceptions) {
      out.push(`<tr><th scope="row">${escapeHtml(exception.number)}</th><td>${escapeHtml(exception.title)}</td><td>${escapeHtml(EXCEPTION_LABEL[exception.applies])}</td><td>${escapeHtml(justificationText(exception))}</td></tr>`);
    }
    out.push('</tbody>', '</table>');
  }
  out.push('</section>');
  out.push('<section>', h(1, 'Publication'));
  out.push(facts.declarationUrl ? `<p>This declaration is published at ${htmlLink(facts.declarationUrl, facts.declarationUrl)}.</p>` : '<p>Where this declaration is published is not stated in the dossier.</p>');
  if (declaration.date) out.push(`<p>Date of this declaration: ${escapeHtml(declaration.date)}.</p>`);
  out.push('</section>');
  return out.join('\n');
}

/**
 * A standalone page: one declaration with an `<h1>`, or several under a common `<h1>`, each in
 * its own `<article>` (the list of devices a trust publishes).
 */
export function renderDeclarationHtml(declarations: readonly Declaration[], display: PathDisplay, options: { nonce?: string } = {}): string {
  const anyDraft = declarations.some((declaration) => declaration.draft);
  let title: string;
  let body: string;
  if (declarations.length === 1) {
    title = titleOf(declarations[0]!);
    body = renderDeclarationHtmlBody(declarations[0]!, display, 1);
  } else {
    title = `${anyDraft ? 'DRAFT – ' : ''}Public declarations of devices made under the Health Institution Exemption`;
    body = [`<h1>${escapeHtml(title)}</h1>`, ...declarations.map((declaration) => `<article>\n${renderDeclarationHtmlBody(declaration, display, 2)}\n</article>`)].join('\n');
  }
  return htmlPage({ title, body: `<main>\n${body}\n</main>`, css: BASE_CSS, ...(options.nonce ? { nonce: options.nonce } : {}) });
}
