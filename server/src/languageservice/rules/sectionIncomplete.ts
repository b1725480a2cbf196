import type { SectionElement } from '../../../../shared/src/catalogue-types';
import { fieldAt, scalarText } from '../model/frontmatterFields';
import { sectionText, type FileModel, type SectionOccurrence } from '../model/fileModel';
import type { Dossier } from '../model/dossier';
import { unfilledPrompt } from './placeholderUnfilled';
import type { Finding, Rule } from './rule';

const compiled = new Map<string, RegExp>();
function pattern(source: string): RegExp {
  let regex = compiled.get(source);
  if (!regex) {
    regex = new RegExp(source, 'iu');
    compiled.set(source, regex);
  }
  return regex;
}

export function elementPresent(element: SectionElement, text: string, dossier: Dossier): boolean {
  const fm = dossier.index.parsed.frontmatter;
  if (fm && element.orFrontmatter?.some((path) => (scalarText(fieldAt(fm, path.split('.'))?.node) ?? '').trim() !== '')) return true;
  return element.recognisedBy.allOf.every((group) => group.some((source) => pattern(source).test(text)));
}

export const sectionIncomplete: Rule = {
  id: 'section-incomplete',
  defaultSeverity: 'warning',
  description: 'A section lacks one of its required elements.',
  dependsOn: ['sections', 'frontmatter'],
  check({ dossier, catalogue }) {
    const occurrences = new Map<string, { file: FileModel; section: SectionOccurrence }[]>();
    for (const file of dossier.files) {
      for (const section of file.sections) {
        if (!section.sectionId) continue;
        const list = occurrences.get(section.sectionId) ?? [];
        list.push({ file, section });
        occurrences.set(section.sectionId, list);
      }
    }
    const findings: Finding[] = [];
    for (const [id, found] of occurrences) {
      const spec = catalogue.sections.get(id)!;
      // All headings that open the section count together (it may be split over parts).
      const text = found.map(({ file, section }) => sectionText(file, section)).join('\n');
      const first = found[0]!;
      for (const element of spec.elements) {
        if (elementPresent(element, text, dossier)) continue;
        // An inserted prompt still waiting for its answer is reported by placeholder-unfilled.
        const prompt = unfilledPrompt(element.prompt);
        if (prompt && text.includes(prompt.line)) continue;
        findings.push({
          file: first.file,
          range: first.section.heading.textRange,
          target: id,
          message: `"${first.section.heading.text}" does not state ${element.description}: add it to this section.`,
        });
      }
    }
    return findings;
  },
};
