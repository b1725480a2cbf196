/**
 * The essential requirements checklist of a whole dossier (tables in the index and its parts):
 * which rows exist, and which catalogue ERs they address. Shared by rules, hover and code lens.
 */
import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import type { Dossier } from './dossier';
import type { ErRow, ErTable } from './erTable';
import type { FileModel } from './fileModel';

export interface LocatedRow extends ErRow {
  file: FileModel;
}

export interface Checklist {
  tables: { file: FileModel; table: ErTable }[];
  rows: LocatedRow[];
  /** First row for each known ER number written in the table. */
  rowFor: Map<string, LocatedRow>;
  /** The row that addresses an ER: its own, else its nearest ancestor's. */
  addressing(number: string): LocatedRow | undefined;
  /** ERs without any addressing row, as the largest uncovered groups below the top level. */
  missing: string[];
}

const cache = new WeakMap<Dossier, Checklist>();

export function checklistOf(dossier: Dossier, catalogue: CatalogueIndex): Checklist {
  const cached = cache.get(dossier);
  if (cached) return cached;
  const tables = dossier.files.flatMap((file) => file.erTables.map((table) => ({ file, table })));
  const rows: LocatedRow[] = tables.flatMap(({ file, table }) => table.rows.map((row) => ({ ...row, file })));
  const rowFor = new Map<string, LocatedRow>();
  for (const row of rows) if (row.number && catalogue.ers.has(row.number) && !rowFor.has(row.number)) rowFor.set(row.number, row);

  const addressing = (number: string): LocatedRow | undefined => {
    const own = rowFor.get(number);
    if (own) return own;
    for (const ancestor of catalogue.ancestorsOf(number)) {
      const row = rowFor.get(ancestor);
      if (row) return row;
    }
    return undefined;
  };
  const hasRowBelow = (number: string): boolean =>
    catalogue.childrenOf(number).some((child) => rowFor.has(child.number) || hasRowBelow(child.number));

  // A whole uncovered group below the top level is one missing ER ("12.7"), since one row for it
  // would address it; a top-level group ("11") is reported by its sub-requirements.
  const missing: string[] = [];
  const visit = (number: string, topLevel: boolean): void => {
    if (addressing(number)) return;
    const kids = catalogue.childrenOf(number);
    if (kids.length === 0 || (!topLevel && !hasRowBelow(number))) missing.push(number);
    else for (const kid of kids) visit(kid.number, false);
  };
  for (const er of catalogue.topLevel) visit(er.number, true);

  const checklist: Checklist = { tables, rows, rowFor, addressing, missing };
  cache.set(dossier, checklist);
  return checklist;
}
