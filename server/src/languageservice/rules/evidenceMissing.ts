import { checklistOf } from '../model/checklist';
import { erLabel } from './erLabels';
import { citesEvidence } from './justification';
import type { Rule } from './rule';

export const evidenceMissing: Rule = {
  id: 'evidence-missing',
  defaultSeverity: 'warning',
  description: 'An ER marked Yes or Partly cites neither evidence nor a standard.',
  dependsOn: ['checklist'],
  check({ dossier, catalogue }) {
    return checklistOf(dossier, catalogue)
      .rows.filter((row) => row.applies === 'yes' || row.applies === 'partly')
      .filter((row) => !citesEvidence(row))
      .map((row) => ({
        file: row.file,
        range: row.numberRange,
        ...(row.number ? { target: row.number } : {}),
        message: `${row.number && catalogue.ers.has(row.number) ? erLabel(catalogue, row.number) : 'This ER'} is marked ${row.applies === 'yes' ? 'Yes' : 'Partly'} but cites no evidence or standard: link the evidence (e.g. a test report) or name the standard followed.`,
      }));
  },
};
