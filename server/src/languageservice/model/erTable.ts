/** Reads an essential requirements checklist table: columns by header words, rows by ER number. */
import type { OffsetRange, TableCellModel, TableModel, TableRowModel } from './types';

export type ErColumn = 'er' | 'applies' | 'standards' | 'evidence' | 'justification';

const COLUMN_WORDS: [ErColumn, RegExp][] = [
  ['applies', /\b(applies|applicable|applicability)\b/i],
  ['standards', /\b(standards?|methods?)\b/i],
  ['evidence', /\bevidence\b/i],
  ['justification', /\b(justification|rationale|reason)\b/i],
  ['er', /\b(er|ers|requirements?)\b/i],
];

export type AppliesValue = 'yes' | 'no' | 'partly';

export interface ErRow {
  row: TableRowModel;
  /** The ER number as written ("12.1a"), or undefined when the cell holds no number. */
  number: string | undefined;
  /** Range of the number within the ER cell (the whole cell when there is none). */
  numberRange: OffsetRange;
  erCell: TableCellModel;
  applies: AppliesValue | undefined;
  appliesCell: TableCellModel | undefined;
  standardsCell: TableCellModel | undefined;
  evidenceCell: TableCellModel | undefined;
  justificationCell: TableCellModel | undefined;
}

export interface ErTable {
  table: TableModel;
  columns: Partial<Record<ErColumn, number>>;
  rows: ErRow[];
}

export function findColumns(header: TableRowModel): Partial<Record<ErColumn, number>> {
  const columns: Partial<Record<ErColumn, number>> = {};
  header.cells.forEach((cell, index) => {
    const found = COLUMN_WORDS.find(([column, words]) => columns[column] === undefined && words.test(cell.text));
    if (found) columns[found[0]] = index;
  });
  return columns;
}

/** Yes/Y, No/N/N/A, Partly/Partial; anything else is undefined. */
export function parseApplies(text: string): AppliesValue | undefined {
  const value = text.trim().toLowerCase().replace(/[*_`]/g, '');
  if (/^(yes|y|true|applicable)\b/.test(value)) return 'yes';
  if (/^(partly|partially|partial|in part)\b/.test(value)) return 'partly';
  if (/^(no|n|n\/a|na|not applicable|false)\b/.test(value) || value === 'n/a') return 'no';
  return undefined;
}

/** "ER 12.1a Software validation" → "12.1a"; "13.3(a)" → "13.3". */
const ER_NUMBER = /^\s*(?:ER\s*)?(\d+(?:\.\d+)*[a-z]?)(?:\s*\([a-z]\))?(?![\d.]*\d)/i;

export function readErTable(table: TableModel, source: string): ErTable | undefined {
  const columns = findColumns(table.header);
  if (columns.er === undefined) return undefined;
  const cell = (row: TableRowModel, column: ErColumn): TableCellModel | undefined =>
    columns[column] === undefined ? undefined : row.cells[columns[column]!];
  const rows: ErRow[] = table.rows.map((row) => {
    const erCell = cell(row, 'er') ?? { text: '', range: row.range, links: [] };
    const match = ER_NUMBER.exec(erCell.text);
    const number = match ? match[1]!.toLowerCase() : undefined;
    let numberRange = erCell.range;
    if (match) {
      // Look the number up in the source: emphasis or code marks make plain text and source differ.
      const at = source.slice(erCell.range.start, erCell.range.end).toLowerCase().indexOf(number!);
      if (at >= 0) numberRange = { start: erCell.range.start + at, end: erCell.range.start + at + number!.length };
    }
    const appliesCell = cell(row, 'applies');
    return {
      row,
      number,
      numberRange,
      erCell,
      applies: appliesCell ? parseApplies(appliesCell.text) : undefined,
      appliesCell,
      standardsCell: cell(row, 'standards'),
      evidenceCell: cell(row, 'evidence'),
      justificationCell: cell(row, 'justification'),
    };
  });
  return { table, columns, rows };
}
