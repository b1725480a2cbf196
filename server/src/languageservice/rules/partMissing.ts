import type { PartProblem } from '../model/dossier';
import type { Rule } from './rule';

const EXPLANATION: Record<PartProblem, string> = {
  'not-a-path': 'is not a file path',
  missing: 'does not exist',
  directory: 'is a folder, not a Markdown file',
  outside: 'is outside the workspace, so it is not read',
  self: 'is the index itself',
  duplicate: 'is listed twice',
  unreadable: 'cannot be read',
};

export const partMissing: Rule = {
  id: 'part-missing',
  defaultSeverity: 'error',
  description: 'A file listed in `parts` does not exist (or cannot be used as a part).',
  dependsOn: ['frontmatter'],
  check({ dossier }) {
    return dossier.parts
      .filter((part) => part.problem !== undefined)
      .map((part) => ({
        file: dossier.index,
        range: part.range,
        message: `Part \`${part.written ?? ''}\` ${EXPLANATION[part.problem!]}: correct the path in \`parts\` or remove the entry.`,
      }));
  },
};
