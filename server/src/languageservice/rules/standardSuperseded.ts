import { normaliseStandard } from '../catalogue/catalogueIndex';
import type { Finding, Rule } from './rule';

/** A standard citation: "ISO 14971:2007", "BS EN ISO 13485:2016", "IEC 60601-1:2005+A1:2012", "EN 1041:2008". */
export const STANDARD_CITATION = /\b(?:BS\s+)?(?:EN\s+)?(?:ISO|IEC|EN)(?:\s*\/\s*(?:IEC|ISO|TR|TS))?\s+\d+(?:-\d+)*(?:\s*:\s*\d{4}(?:\s*\+\s*A\d+\s*:\s*\d{4})*)?/g;

export const standardSuperseded: Rule = {
  id: 'standard-superseded',
  defaultSeverity: 'warning',
  description: 'A cited standard edition has been replaced by a newer one.',
  dependsOn: ['text'],
  check({ dossier, catalogue }) {
    const findings: Finding[] = [];
    for (const file of dossier.files) {
      for (const block of file.parsed.blocks) {
        if (block.kind === 'code') continue;
        const source = file.text.slice(block.range.start, block.range.end);
        STANDARD_CITATION.lastIndex = 0;
        for (let match = STANDARD_CITATION.exec(source); match; match = STANDARD_CITATION.exec(source)) {
          const edition = catalogue.editions.get(normaliseStandard(match[0]));
          if (!edition || edition.current) continue;
          const start = block.range.start + match.index;
          findings.push({
            file,
            range: { start, end: start + match[0].length },
            target: edition.standard.id,
            message: `${match[0].trim()} has been replaced by ${edition.standard.current}: cite the current edition (and check the evidence against it).`,
          });
        }
      }
    }
    return findings;
  },
};
