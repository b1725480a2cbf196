/** Where diagnostics about something absent sit: on the index, at the narrowest place that names it. */
import { fieldAt } from '../model/frontmatterFields';
import type { FileModel } from '../model/fileModel';
import type { Dossier } from '../model/dossier';
import type { OffsetRange } from '../model/types';

/** The `device` key of the index's frontmatter (every index has one). */
export function deviceKeyRange(index: FileModel): OffsetRange {
  const fm = index.parsed.frontmatter;
  const device = fm ? fieldAt(fm, ['device']) : undefined;
  return device?.keyRange ?? openingFenceRange(index);
}

/** The opening `---` of the frontmatter. */
export function openingFenceRange(index: FileModel): OffsetRange {
  const start = index.parsed.frontmatter?.range.start ?? index.parsed.bomLength;
  return { start, end: start + 3 };
}

/** The `parts` entry that brought a file into the dossier, or the device key for the index itself. */
export function entryPointOf(dossier: Dossier, file: FileModel): OffsetRange {
  if (file === dossier.index) return deviceKeyRange(dossier.index);
  return dossier.parts.find((part) => part.file === file)?.range ?? deviceKeyRange(dossier.index);
}
