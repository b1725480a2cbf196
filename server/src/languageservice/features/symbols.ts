/**
 * The outline: headings nested by depth, and under the checklist's heading one symbol per ER row.
 */
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import type { FileModel } from '../model/fileModel';
import type { ErRow } from '../model/erTable';
import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import type { FeatureContext } from './context';

const APPLIES_WORD = { yes: 'Yes', no: 'No', partly: 'Partly' } as const;

function rowSymbol(file: FileModel, catalogue: CatalogueIndex, row: ErRow): DocumentSymbol {
  const er = row.number ? catalogue.ers.get(row.number) : undefined;
  const name = row.number ? `ER ${row.number}` : row.erCell.text.trim() || '(row without an ER number)';
  const detail = [row.applies ? APPLIES_WORD[row.applies] : undefined, er?.title].filter(Boolean).join(' · ');
  const range = file.lines.rangeOf(row.row.range.start, row.row.range.end);
  const selection = file.lines.rangeOf(row.numberRange.start, row.numberRange.end);
  return DocumentSymbol.create(name, detail || undefined, SymbolKind.EnumMember, range, selection);
}

export function documentSymbols(context: FeatureContext): DocumentSymbol[] {
  const { file, catalogue } = context;
  const roots: DocumentSymbol[] = [];
  // Open sections, innermost last.
  const stack: { depth: number; symbol: DocumentSymbol }[] = [];
  const placed = file.sections.map((section) => {
    const { heading } = section;
    const name = heading.text.trim() || '(empty heading)';
    const detail = section.sectionId ? catalogue.sections.get(section.sectionId)?.name : undefined;
    const symbol = DocumentSymbol.create(
      name,
      detail && detail !== name ? detail : undefined,
      SymbolKind.String,
      file.lines.rangeOf(section.range.start, section.range.end),
      file.lines.rangeOf(heading.textRange.start, Math.max(heading.textRange.end, heading.textRange.start)),
      [],
    );
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= heading.depth) stack.pop();
    (stack.length > 0 ? stack[stack.length - 1]!.symbol.children! : roots).push(symbol);
    stack.push({ depth: heading.depth, symbol });
    return { section, symbol };
  });

  for (const erTable of file.erTables) {
    // The innermost section holding the table owns its rows.
    const owner = [...placed].reverse().find(({ section }) => section.range.start <= erTable.table.range.start && erTable.table.range.end <= section.range.end);
    const rows = erTable.rows.map((row) => rowSymbol(file, catalogue, row));
    (owner ? owner.symbol.children! : roots).push(...rows);
  }
  // Headings' symbols list children in document order: rows after subsections would be odd.
  const byPosition = (a: DocumentSymbol, b: DocumentSymbol): number => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
  const sortTree = (symbols: DocumentSymbol[]): void => {
    symbols.sort(byPosition);
    for (const symbol of symbols) if (symbol.children) sortTree(symbol.children);
  };
  sortTree(roots);
  return roots;
}
