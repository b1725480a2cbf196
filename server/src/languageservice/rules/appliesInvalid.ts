import { checklistOf } from '../model/checklist';
import type { Rule } from './rule';

export const appliesInvalid: Rule = {
  id: 'applies-invalid',
  defaultSeverity: 'warning',
  description: 'A checklist row whose Applies cell is not Yes, No or Partly.',
  dependsOn: ['checklist'],
  check({ dossier, catalogue }) {
    const checklist = checklistOf(dossier, catalogue);
    return checklist.tables.flatMap(({ file, table }) => {
      if (table.columns.applies === undefined) {
        const range = table.table.header.range;
        return [{ file, range, message: 'The checklist has no Applies column: add a column "Applies" with Yes, No or Partly for each ER.' }];
      }
      return table.rows
        .filter((row) => row.number !== undefined && row.applies === undefined)
        .map((row) => ({
          file,
          range: row.appliesCell ? row.appliesCell.range : row.row.range,
          target: row.number!,
          message: `Applies for ER ${row.number} is ${row.appliesCell?.text.trim() ? `"${row.appliesCell.text.trim()}"` : 'empty'}: write Yes, No or Partly.`,
        }));
    });
  },
};
