import { fieldAt, sequenceItems } from '../model/frontmatterFields';
import { nearest } from './nearest';
import type { Rule } from './rule';

export const characteristicUnknown: Rule = {
  id: 'characteristic-unknown',
  defaultSeverity: 'warning',
  description: 'A word in `device.characteristics` is not in the catalogue vocabulary.',
  dependsOn: ['frontmatter'],
  check({ dossier, catalogue }) {
    const fm = dossier.index.parsed.frontmatter!;
    const field = fieldAt(fm, ['device', 'characteristics']);
    const items = field ? sequenceItems(fm, field.node) : undefined;
    return (items ?? [])
      .filter((item) => item.text !== undefined && !catalogue.characteristics.has(item.text))
      .map((item) => {
        const suggestion = nearest(item.text!, catalogue.characteristics);
        return {
          file: dossier.index,
          range: item.range,
          target: item.text!,
          message: `Unknown characteristic \`${item.text}\`${suggestion ? `: did you mean \`${suggestion}\`?` : '.'} Use a word from the catalogue vocabulary (${[...catalogue.characteristics].join(', ')}).`,
        };
      });
  },
};
