import { checklistOf } from '../model/checklist';
import { entryPointOf } from './anchors';
import { erLabel } from './erLabels';
import type { Rule } from './rule';

export const erMissing: Rule = {
  id: 'er-missing',
  defaultSeverity: 'error',
  description: 'An essential requirement of the catalogue has no row in the checklist.',
  dependsOn: ['checklist', 'frontmatter'],
  check({ dossier, catalogue }) {
    const checklist = checklistOf(dossier, catalogue);
    const first = checklist.tables[0];
    if (!first) return []; // er-checklist-missing says it once
    // On the index: the ER column header when the table is there, else the part that holds it.
    const erColumn = first.table.columns.er!;
    const range = first.file === dossier.index ? first.table.table.header.cells[erColumn]!.range : entryPointOf(dossier, first.file);
    return checklist.missing.map((number) => {
      const group = catalogue.isGroup(number);
      return {
        file: dossier.index,
        range,
        target: number,
        message: `${erLabel(catalogue, number)} has no row in the checklist: add a row for ${number}${group ? ' (or one for each of its sub-requirements)' : ''} saying whether it applies, with evidence or a justification.`,
      };
    });
  },
};
