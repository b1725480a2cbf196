import { checklistOf } from '../model/checklist';
import { nearest } from './nearest';
import type { Rule } from './rule';

export const erUnknown: Rule = {
  id: 'er-unknown',
  defaultSeverity: 'error',
  description: 'A checklist row names an ER number that is not in Annex I.',
  dependsOn: ['checklist'],
  check({ dossier, catalogue }) {
    return checklistOf(dossier, catalogue)
      .rows.filter((row) => row.number !== undefined && !catalogue.ers.has(row.number))
      .map((row) => {
        const suggestion = nearest(row.number!, catalogue.ers.keys());
        return {
          file: row.file,
          range: row.numberRange,
          target: row.number!,
          message: `ER ${row.number} is not an essential requirement of Annex I${suggestion ? `: did you mean ${suggestion}?` : '.'} Correct the number or remove the row.`,
        };
      });
  },
};
