import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import type { ErRow } from '../model/erTable';

/**
 * Whether a justification states a reason. Placeholders ("N/A", "-", "TBD", "not applicable")
 * and phrases with fewer than two words of substance ("does not apply to this device") are
 * not reasons; "the device is not sterile" is.
 */
const PLACEHOLDER = /^(-+|—|–|\?+|\.+|…|x|n\/?a\.?|tbd|tbc|todo|none|nil|not applicable|see above|see below)$/i;

const FILLER = new Set(
  ('not n a na n/a applicable inapplicable relevant irrelevant apply applies applied does do doesn t don ' +
    'needed need required require necessary tbd tbc todo to be confirmed determined done later see above below same as ' +
    'none nil nothing here this that the it is are for of er requirement requirements yes no ok okay pending etc in our case ' +
    'at all any so').split(' '),
);

export function isRealJustification(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed || PLACEHOLDER.test(trimmed)) return false;
  const words = trimmed.toLowerCase().split(/[^\p{L}\p{N}/-]+/u).filter(Boolean);
  const substantive = words.filter((word) => !FILLER.has(word) && !FILLER.has(word.replace(/[/-]/g, '')));
  return substantive.length >= 2;
}

/** A checklist row marked No, for an ER that may be excluded, without a real reason: the exclusion-unjustified rule's test. */
export function isUnjustifiedExclusion(row: ErRow, catalogue: CatalogueIndex): boolean {
  return row.applies === 'no' && row.number !== undefined && catalogue.ers.get(row.number)?.excludable !== false && !isRealJustification(row.justificationCell?.text ?? '');
}

/** What the evidence-missing rule asks of a Yes or Partly row: a link or text in Evidence, or a standard. */
export function citesEvidence(row: ErRow): boolean {
  const evidence = row.evidenceCell;
  const hasEvidence = evidence !== undefined && (evidence.links.length > 0 || !isEmptyCell(evidence.text));
  const hasStandard = row.standardsCell !== undefined && !isEmptyCell(row.standardsCell.text);
  return hasEvidence || hasStandard;
}

/** Cell text that holds nothing (empty or a placeholder). */
export function isEmptyCell(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || PLACEHOLDER.test(trimmed);
}
