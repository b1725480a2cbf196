import { checklistOf } from '../model/checklist';
import { erLabel } from './erLabels';
import type { Rule } from './rule';

export const exclusionNotAllowed: Rule = {
  id: 'exclusion-not-allowed',
  defaultSeverity: 'error',
  description: 'A general requirement (1 to 6a), which applies to every device, is marked No.',
  dependsOn: ['checklist'],
  check({ dossier, catalogue }) {
    return checklistOf(dossier, catalogue)
      .rows.filter((row) => row.applies === 'no' && row.number !== undefined && catalogue.ers.get(row.number)?.excludable === false)
      .map((row) => ({
        file: row.file,
        range: row.appliesCell!.range,
        target: row.number!,
        message: `${erLabel(catalogue, row.number!)} is a general requirement that applies to every device and cannot be excluded: mark it Yes and give the evidence.`,
      }));
  },
};
