/**
 * Fingerprints of the parts of a dossier ("facets") that rules read. A rule declares the facets
 * it depends on (Rule.dependsOn); when none of them changed since its last run, its findings
 * can be reused. A fingerprint holds what the rules read (plain texts, ids, link statuses) and
 * the source of the places they report at, so that equal fingerprints mean equal findings, up
 * to a shift of their positions. It never holds positions, except where a rule's message does
 * (er-duplicate names the line of the first row).
 */
import type { Dossier } from '../model/dossier';
import { sectionText, type FileModel } from '../model/fileModel';
import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import type { Facet, LinkResolver, LinkStatus, RuleContext } from '../rules/rule';

const FIELD = '\u0001';
const ITEM = '\u0002';
const FILE = '\u0003';

function sourceOf(file: FileModel, range: { start: number; end: number }): string {
  return file.text.slice(range.start, range.end);
}

/** The index's frontmatter as written, and what became of each listed part. */
function frontmatterFacet(dossier: Dossier): string {
  const { index } = dossier;
  const fm = index.parsed.frontmatter;
  const parts = dossier.parts.map((part) => [part.written ?? '', part.path ?? '', part.problem ?? ''].join(FIELD)).join(ITEM);
  return [fm ? sourceOf(index, fm.range) : '', String(index.parsed.bomLength), parts].join(FILE);
}

/**
 * Every heading that opens a catalogue section, with the section's plain text when the
 * catalogue lists elements to look for in it (not for the checklist's section, so that editing
 * the checklist does not count as editing the sections).
 */
function sectionsFacet(dossier: Dossier, catalogue: CatalogueIndex): string {
  return dossier.files
    .map((file) =>
      file.sections
        .filter((section) => section.sectionId !== undefined)
        .map((section) => {
          const hasElements = (catalogue.sections.get(section.sectionId!)?.elements.length ?? 0) > 0;
          return [section.sectionId, section.heading.depth, section.heading.text, sourceOf(file, section.heading.range), hasElements ? sectionText(file, section) : ''].join(FIELD);
        })
        .join(ITEM),
    )
    .join(FILE);
}

/** Every checklist table: where it starts (for messages naming a line), its source and its cells. */
function checklistFacet(dossier: Dossier): string {
  return dossier.files
    .map((file) =>
      file.erTables
        .map(({ table }) => {
          const cells = [table.header, ...table.rows].map((row) => row.cells.map((cell) => `${cell.text}${FIELD}${cell.links.map((link) => link.url).join(FIELD)}`).join(ITEM));
          return [file.lines.positionAt(table.range.start).line, sourceOf(file, table.range), ...cells].join(ITEM);
        })
        .join(FILE + FILE),
    )
    .join(FILE);
}

function statusText(status: LinkStatus): string {
  switch (status.kind) {
    case 'ok':
    case 'external':
      return status.kind;
    case 'missing-anchor':
      return `${status.kind}${FIELD}${status.path}${FIELD}${status.anchor}`;
    default:
      return `${status.kind}${FIELD}${status.path}`;
  }
}

/** Every link with what its destination resolves to now (file, heading, workspace). */
function linksFacet(dossier: Dossier, links: LinkResolver): string {
  return dossier.files
    .map((file) => file.links.map((link) => `${link.url}${FIELD}${statusText(links.check(file, link.url))}`).join(ITEM))
    .join(FILE);
}

/** The whole text of every file. */
function textFacet(dossier: Dossier): string[] {
  return dossier.files.map((file) => file.text);
}

/**
 * The fingerprint of one facet. Texts are compared as a list of strings (each file's text is
 * already in memory; joining them would copy megabytes on every keystroke).
 */
export function facetFingerprint(facet: Facet, { dossier, catalogue, links }: RuleContext): string | string[] {
  switch (facet) {
    case 'frontmatter':
      return frontmatterFacet(dossier);
    case 'sections':
      return sectionsFacet(dossier, catalogue);
    case 'checklist':
      return checklistFacet(dossier);
    case 'links':
      return linksFacet(dossier, links);
    case 'text':
      return textFacet(dossier);
  }
}

export function sameFingerprint(a: string | string[], b: string | string[]): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((text, i) => text === b[i]);
}
