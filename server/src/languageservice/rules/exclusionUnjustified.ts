import { checklistOf } from '../model/checklist';
import { erLabel } from './erLabels';
import { isUnjustifiedExclusion } from './justification';
import type { Rule } from './rule';

export const exclusionUnjustified: Rule = {
  id: 'exclusion-unjustified',
  defaultSeverity: 'error',
  description: 'An ER marked No has no real justification.',
  dependsOn: ['checklist'],
  check({ dossier, catalogue }) {
    return checklistOf(dossier, catalogue)
      .rows.filter((row) => isUnjustifiedExclusion(row, catalogue))
      .map((row) => {
        const written = row.justificationCell?.text.trim();
        const range = written ? row.justificationCell!.range : row.appliesCell!.range;
        const label = catalogue.ers.has(row.number!) ? erLabel(catalogue, row.number!) : `ER ${row.number}`;
        return {
          file: row.file,
          range,
          target: row.number!,
          message: `${label} is marked No ${written ? `with "${written}", which is not a reason` : 'without a justification'}: say why it does not apply to this device.`,
        };
      });
  },
};
