import { frontmatterFlag } from '../model/dossier';
import { deviceKeyRange } from './anchors';
import type { Rule } from './rule';

export const sectionMissing: Rule = {
  id: 'section-missing',
  defaultSeverity: 'error',
  description: 'A required section of the dossier is absent.',
  dependsOn: ['sections', 'frontmatter'],
  check({ dossier, catalogue }) {
    const present = new Set(dossier.files.flatMap((file) => file.sections.map((s) => s.sectionId)));
    return catalogue
      .requiredSections((path) => frontmatterFlag(dossier.index, path))
      .filter((section) => !present.has(section.id))
      .map((section) => ({
        file: dossier.index,
        range: deviceKeyRange(dossier.index),
        target: section.id,
        message: `The dossier has no "${section.name}" section${section.requiredWhen ? ` (required because \`${section.requiredWhen}: true\`)` : ''}: add a heading "${section.name}" covering ${section.elements.map((e) => e.description).join('; ') || 'its content'}.`,
      }));
  },
};
