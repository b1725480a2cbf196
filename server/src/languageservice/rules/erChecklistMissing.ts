import { checklistOf } from '../model/checklist';
import { deviceKeyRange } from './anchors';
import type { Rule } from './rule';

export const erChecklistMissing: Rule = {
  id: 'er-checklist-missing',
  defaultSeverity: 'error',
  description: 'The dossier has no essential requirements checklist table.',
  dependsOn: ['checklist', 'sections', 'frontmatter'],
  check({ dossier, catalogue }) {
    if (checklistOf(dossier, catalogue).tables.length > 0) return [];
    const section = dossier.files
      .flatMap((file) => file.sections.map((s) => ({ file, s })))
      .find(({ s }) => s.sectionId === 'essential-requirements');
    const message =
      'No essential requirements checklist: under the "Essential requirements" heading, add a table with the columns ER, Applies, Standards, Evidence and Justification and one row per ER of Annex I.';
    return [section ? { file: section.file, range: section.s.heading.textRange, message } : { file: dossier.index, range: deviceKeyRange(dossier.index), message }];
  },
};
