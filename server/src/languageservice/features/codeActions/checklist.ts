/**
 * Fixes for the essential requirements checklist: a missing row (`er-missing`), every missing row
 * at once, and a whole new checklist (`er-checklist-missing`). Rows are pre-marked Yes or No from
 * the device's characteristics; the Standards, Evidence and Justification cells are left for the
 * author, since a fix must never invent evidence or a reason.
 */
import type { CatalogueIndex } from '../../catalogue/catalogueIndex';
import { checklistOf, type LocatedRow } from '../../model/checklist';
import type { ErColumn, ErTable } from '../../model/erTable';
import type { FileModel } from '../../model/fileModel';
import { escapeSnippetText } from '../../templates/snippetSyntax';
import { endOfSectionText, sectionPlacement } from './placement';
import { insertBlock, insertLines, lineAfter, lineOf, tableCellText, tableRow } from './text';
import type { FileEdit, FixContext, FixProposal, FixProvider } from './types';

export const NEW_CHECKLIST_HEADER = ['ER', 'Applies', 'Standards', 'Evidence', 'Justification'];
const NEW_CHECKLIST_COLUMNS: Partial<Record<ErColumn, number>> = { er: 0, applies: 1, standards: 2, evidence: 3, justification: 4 };

export type AppliesMark = 'Yes' | 'No';

export function appliesMark(catalogue: CatalogueIndex, number: string, characteristics: ReadonlySet<string>): AppliesMark {
  return catalogue.isApplicable(number, characteristics) ? 'Yes' : 'No';
}

/**
 * The ERs a new checklist has a row for: each general requirement; the sub-requirements of a
 * top-level group that has any ungrouped sub-requirement (7.1 … 7.6, 12.1 … 12.9); and one row
 * for a group whose requirements all apply or all do not (11, 12.7, 12.8), split into its
 * sub-requirements when the device's characteristics make only some of them applicable.
 */
export function newChecklistNumbers(catalogue: CatalogueIndex, characteristics: ReadonlySet<string>): string[] {
  const rowsFor = (number: string, topLevel: boolean): string[] => {
    const kids = catalogue.childrenOf(number);
    if (kids.length === 0) return [number];
    if (topLevel && kids.some((kid) => !catalogue.isGroup(kid.number))) return kids.flatMap((kid) => rowsFor(kid.number, false));
    const marks = new Set(catalogue.leavesOf(number).map((leaf) => catalogue.isApplicable(leaf.number, characteristics)));
    return marks.size <= 1 ? [number] : kids.flatMap((kid) => rowsFor(kid.number, false));
  };
  return catalogue.topLevel.flatMap((er) => rowsFor(er.number, true));
}

/** The cells of a new row for `number` in a table with these columns. */
function rowCells(catalogue: CatalogueIndex, number: string, mark: AppliesMark, columns: Partial<Record<ErColumn, number>>, width: number): string[] {
  const cells = new Array<string>(width).fill('');
  const title = catalogue.ers.get(number)?.title;
  cells[columns.er ?? 0] = tableCellText(title ? `${number} ${title}` : number);
  if (columns.applies !== undefined) cells[columns.applies] = mark;
  return cells;
}

/** The lines of a new checklist table for the dossier's device. */
export function newChecklistLines(catalogue: CatalogueIndex, characteristics: ReadonlySet<string>): string[] {
  const width = NEW_CHECKLIST_HEADER.length;
  return [
    tableRow(NEW_CHECKLIST_HEADER),
    tableRow(NEW_CHECKLIST_HEADER.map(() => '---')),
    ...newChecklistNumbers(catalogue, characteristics).map((number) =>
      tableRow(rowCells(catalogue, number, appliesMark(catalogue, number, characteristics), NEW_CHECKLIST_COLUMNS, width)),
    ),
  ];
}

function tableOf(row: LocatedRow): ErTable | undefined {
  return row.file.erTables.find((table) => table.rows.some((r) => r.row === row.row));
}

/**
 * Edits that add rows for `numbers`, each after the row of the nearest ER before it in the
 * catalogue's order (in whichever table holds that row), or first in the first table. Rows that
 * land in the same place are written together, in catalogue order.
 */
export function rowInsertions(context: FixContext, numbers: readonly string[]): FileEdit[] {
  const { dossier, catalogue } = context;
  if (!dossier) return [];
  const checklist = checklistOf(dossier, catalogue);
  const first = checklist.tables[0];
  if (!first) return [];
  const rank = new Map(catalogue.catalogue.essentialRequirements.map((er, i) => [er.number, i]));
  const known = checklist.rows.filter((row) => row.number !== undefined && rank.has(row.number));
  const groups = new Map<string, { file: FileModel; beforeLine: number; rows: string[] }>();
  const wanted = [...new Set(numbers)].filter((n) => rank.has(n)).sort((a, b) => rank.get(a)! - rank.get(b)!);
  for (const number of wanted) {
    const own = rank.get(number)!;
    let anchor: LocatedRow | undefined;
    for (const row of known) if (rank.get(row.number!)! < own && (!anchor || rank.get(row.number!)! >= rank.get(anchor.number!)!)) anchor = row;
    const table = anchor ? tableOf(anchor) : first.table;
    const file = anchor ? anchor.file : first.file;
    if (!table) continue;
    const firstRow = table.table.rows[0];
    const beforeLine = anchor ? lineAfter(file, anchor.row.range.end) : firstRow ? lineOf(file, firstRow.range.start) : lineOf(file, table.table.header.range.start) + 2;
    const key = `${file.path}\u0000${beforeLine}`;
    const group = groups.get(key) ?? { file, beforeLine, rows: [] };
    group.rows.push(tableRow(rowCells(catalogue, number, appliesMark(catalogue, number, dossier.characteristics), table.columns, table.table.header.cells.length)));
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => insertLines(group.file, group.beforeLine, group.rows));
}

/** `er-missing`: add the row for this ER, and (once for all of them) every missing row. */
export const erMissingFixes: FixProvider = (context, diagnostic) => {
  const { dossier, catalogue } = context;
  const number = diagnostic.target;
  if (!dossier || number === undefined) return [];
  const er = catalogue.ers.get(number);
  const checklist = checklistOf(dossier, catalogue);
  if (!er || checklist.tables.length === 0 || checklist.addressing(number)) return [];
  const mark = appliesMark(catalogue, number, dossier.characteristics);
  const proposals: FixProposal[] = [
    {
      id: `row:${number}`,
      title: `Add a checklist row for ER ${number} ${er.title} (marked ${mark})`,
      isPreferred: true,
      edits: () => rowInsertions(context, [number]),
    },
  ];
  if (checklist.missing.length > 1) {
    proposals.push({
      id: 'all-rows',
      title: `Add all ${checklist.missing.length} missing ERs to the checklist`,
      lazy: true,
      groupKey: 'er-missing:all',
      edits: () => rowInsertions(context, checklistOf(dossier, catalogue).missing),
    });
  }
  return proposals;
};

/** Lines of a new checklist in snippet syntax (the table has no placeholders; its text is escaped). */
export function asSnippetLines(lines: string[]): string[] {
  return lines.map(escapeSnippetText);
}

/** The edit that writes a new checklist: into the Essential requirements section, or with its heading where the section order puts it. */
export function checklistInsertion(context: FixContext): FileEdit[] {
  const { dossier, catalogue } = context;
  if (!dossier) return [];
  const table = newChecklistLines(catalogue, dossier.characteristics);
  for (const file of dossier.files) {
    const section = file.sections.find((s) => s.sectionId === 'essential-requirements');
    if (section) return [insertBlock(file, endOfSectionText(file, section), table)];
  }
  const spec = catalogue.sections.get('essential-requirements');
  const placement = sectionPlacement(context, 'essential-requirements');
  const heading = `${'#'.repeat(placement.depth)} ${spec?.name ?? 'Essential requirements'}`;
  return [insertBlock(placement.file, placement.beforeLine, [heading, '', ...table])];
}

/** `er-checklist-missing`: insert the whole checklist. */
export const erChecklistMissingFixes: FixProvider = (context) => {
  const { dossier, catalogue } = context;
  if (!dossier || checklistOf(dossier, catalogue).tables.length > 0) return [];
  const rows = newChecklistNumbers(catalogue, dossier.characteristics);
  return [
    {
      id: 'checklist',
      title: `Insert the essential requirements checklist (${rows.length} rows, marked Yes or No from the device's characteristics)`,
      isPreferred: true,
      lazy: true,
      edits: () => checklistInsertion(context),
    },
  ];
};
