import { checklistOf } from '../model/checklist';
import { erLabel } from './erLabels';
import type { Rule } from './rule';

export const erDuplicate: Rule = {
  id: 'er-duplicate',
  defaultSeverity: 'warning',
  description: 'Two checklist rows address the same ER.',
  dependsOn: ['checklist'],
  check({ dossier, catalogue }) {
    const checklist = checklistOf(dossier, catalogue);
    return checklist.rows
      .filter((row) => row.number !== undefined && catalogue.ers.has(row.number) && checklist.rowFor.get(row.number) !== row)
      .map((row) => {
        const first = checklist.rowFor.get(row.number!)!;
        const where = first.file === row.file ? `line ${first.file.lines.positionAt(first.row.range.start).line + 1}` : first.file.path.split(/[\\/]/).pop();
        return {
          file: row.file,
          range: row.numberRange,
          target: row.number!,
          message: `${erLabel(catalogue, row.number!)} already has a row (${where}): merge the two rows into one.`,
        };
      });
  },
};
