import { sectionText } from '../model/fileModel';
import { promptLead, templateToPlain } from '../templates/snippetSyntax';
import type { Finding, Rule } from './rule';

/**
 * A prompt line inserted by a quick fix or template ("Date of the last market scan: YYYY-MM-DD")
 * whose placeholder was never replaced. The prompt stands in for the missing element, so
 * section-incomplete gives way to this warning until the author writes the answer.
 */
export function unfilledPrompt(prompt: string): { line: string; placeholder: string } | undefined {
  const line = templateToPlain(prompt).trim();
  const lead = promptLead(prompt);
  const placeholder = line.startsWith(lead) ? line.slice(lead.length).trim() : '';
  return placeholder ? { line, placeholder } : undefined;
}

export const placeholderUnfilled: Rule = {
  id: 'placeholder-unfilled',
  defaultSeverity: 'warning',
  description: 'A prompt line from a template or quick fix still holds its placeholder.',
  dependsOn: ['sections', 'text'],
  check({ dossier, catalogue }) {
    const findings: Finding[] = [];
    for (const file of dossier.files) {
      for (const section of file.sections) {
        const spec = section.sectionId ? catalogue.sections.get(section.sectionId) : undefined;
        if (!spec) continue;
        const text = sectionText(file, section);
        for (const element of spec.elements) {
          const prompt = unfilledPrompt(element.prompt);
          if (!prompt || !text.includes(prompt.line)) continue;
          const source = file.text.slice(section.range.start, section.range.end);
          const at = source.indexOf(prompt.line);
          if (at < 0) continue;
          const start = section.range.start + at + prompt.line.length - prompt.placeholder.length;
          findings.push({
            file,
            range: { start, end: start + prompt.placeholder.length },
            target: spec.id,
            message: `The placeholder "${prompt.placeholder}" is still here: replace it with ${element.description}.`,
          });
        }
      }
    }
    return findings;
  },
};
