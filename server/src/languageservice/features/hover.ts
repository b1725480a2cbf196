/**
 * Hovers: an ER number (checklist cell or prose) shows the requirement, whether it applies to
 * this device and how the dossier addresses it; a standard citation shows its title and current
 * edition; a characteristic in the frontmatter shows the ERs it makes applicable.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { normaliseStandard } from '../catalogue/catalogueIndex';
import { fieldAt, sequenceItems } from '../model/frontmatterFields';
import type { OffsetRange } from '../model/types';
import type { FeatureContext } from './context';
import { describeCharacteristic, describeEr, describeStandard, erStatus } from './describe';
import { erMentionAt, standardCitationAt } from './locate';

export function hoverAt(context: FeatureContext, position: Position): Hover | null {
  const { file, catalogue, dossier } = context;
  const offset = file.lines.offsetAt(position);
  const hover = (value: string, range: OffsetRange): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: file.lines.rangeOf(range.start, range.end) });

  const characteristic = characteristicAt(context, offset);
  if (characteristic) return hover(describeCharacteristic(catalogue, characteristic.id), characteristic.range);

  const mention = erMentionAt(file, offset);
  if (mention) {
    const known = catalogue.ers.has(mention.number);
    const options = dossier && known ? { characteristics: dossier.characteristics, status: erStatus(catalogue, dossier, mention.number, file) } : {};
    return hover(describeEr(catalogue, mention.number, options), mention.range);
  }

  const citation = standardCitationAt(file, offset);
  if (citation) {
    const normalised = normaliseStandard(citation.text);
    const edition = catalogue.editions.get(normalised);
    // A citation without an edition ("ISO 14971") names the standard itself.
    const standard = edition?.standard ?? catalogue.standards.get(normalised);
    if (standard) return hover(describeStandard(standard, edition), citation.range);
  }
  return null;
}

/** A word of `device.characteristics` in the index's frontmatter. */
function characteristicAt(context: FeatureContext, offset: number): { id: string; range: OffsetRange } | undefined {
  const fm = context.file.parsed.frontmatter;
  if (!fm || !context.file.isIndex) return undefined;
  const field = fieldAt(fm, ['device', 'characteristics']);
  const item = (field ? sequenceItems(fm, field.node) : undefined)?.find((candidate) => candidate.range.start <= offset && offset <= candidate.range.end);
  return item?.text ? { id: item.text, range: item.range } : undefined;
}
