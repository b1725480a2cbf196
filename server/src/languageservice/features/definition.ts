/**
 * Go to definition: from an ER mention to the checklist row that addresses it (in the index or a
 * part), from a link to its file or heading, and from a `parts` entry to the part.
 */
import { Location, Range, type Position } from 'vscode-languageserver-types';
import { checklistOf } from '../model/checklist';
import type { FeatureContext } from './context';
import { resolveLinkTarget } from './linkTarget';
import { erMentionAt, linkAt } from './locate';

const START_OF_FILE = Range.create(0, 0, 0, 0);

export function definitionAt(context: FeatureContext, position: Position): Location[] {
  const { file, dossier, catalogue } = context;
  const offset = file.lines.offsetAt(position);

  const link = linkAt(file, offset);
  if (link) {
    const target = resolveLinkTarget(context, file, link.url);
    if (!target) return [];
    const range = target.heading && target.model ? target.model.lines.rangeOf(target.heading.range.start, target.heading.range.end) : START_OF_FILE;
    return [Location.create(context.uriOf(target.path), range)];
  }

  if (dossier && file === dossier.index) {
    const part = dossier.parts.find((candidate) => candidate.range.start <= offset && offset <= candidate.range.end);
    if (part) return part.file ? [Location.create(context.uriOf(part.file.path), START_OF_FILE)] : [];
  }

  const mention = erMentionAt(file, offset);
  if (mention && dossier) {
    const row = checklistOf(dossier, catalogue).addressing(mention.number);
    if (row) return [Location.create(context.uriOf(row.file.path), row.file.lines.rangeOf(row.row.range.start, row.row.range.end))];
  }
  return [];
}
