/** Where new content goes: sections in the catalogue's order, prompts at the end of a section. */
import type { FileModel, SectionOccurrence } from '../../model/fileModel';
import { lineAfter, lineOf } from './text';
import type { FixContext } from './types';

export interface Placement {
  file: FileModel;
  /** Insert before this line (past the last line means at the end). */
  beforeLine: number;
  /** Heading depth for a new section, matching its neighbour's. */
  depth: number;
}

const DEFAULT_DEPTH = 2;

/**
 * Where a missing section goes: after the last section present that comes earlier in the
 * catalogue's order; else before the first present one that comes later; else at the end of
 * the index.
 */
export function sectionPlacement(context: FixContext, sectionId: string): Placement {
  const order = context.catalogue.catalogue.sections.map((section) => section.id);
  const wanted = order.indexOf(sectionId) < 0 ? order.length : order.indexOf(sectionId);
  const files = context.dossier?.files ?? [context.file];
  const present = files.flatMap((file) =>
    file.sections.filter((s) => s.sectionId !== undefined && order.includes(s.sectionId)).map((section) => ({ file, section, rank: order.indexOf(section.sectionId!) })),
  );
  let anchor: (typeof present)[number] | undefined;
  for (const candidate of present) if (candidate.rank < wanted && (!anchor || candidate.rank >= anchor.rank)) anchor = candidate;
  if (anchor) return { file: anchor.file, beforeLine: lineAfter(anchor.file, anchor.section.range.end), depth: anchor.section.heading.depth };
  let later: (typeof present)[number] | undefined;
  for (const candidate of present) if (candidate.rank > wanted && (!later || candidate.rank < later.rank)) later = candidate;
  if (later) return { file: later.file, beforeLine: lineOf(later.file, later.section.heading.range.start), depth: later.section.heading.depth };
  const index = context.dossier?.index ?? context.file;
  return { file: index, beforeLine: index.lines.lineCount + 1, depth: DEFAULT_DEPTH };
}

/** The line before which a section's own text ends: its first subsection, or the end of the section. */
export function endOfSectionText(file: FileModel, section: SectionOccurrence): number {
  for (let i = section.firstBlock + 1; i < section.endBlock; i++) {
    const block = file.parsed.blocks[i]!;
    if (block.heading) return lineOf(file, block.range.start);
  }
  return lineAfter(file, section.range.end);
}
