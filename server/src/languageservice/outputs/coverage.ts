/**
 * How far a dossier's checklist covers the essential requirements, counted in sub-requirements
 * (leaf ERs), so that a group row for ER 11 counts once for each of its sub-requirements and
 * dossiers with group rows and with leaf rows compare fairly.
 */
import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import { checklistOf } from '../model/checklist';
import type { Dossier } from '../model/dossier';
import { citesEvidence, isRealJustification } from '../rules/justification';

export interface ErCoverage {
  /** Sub-requirements in the catalogue. */
  total: number;
  /** Marked Yes or Partly, or without a row (or a readable status) but applicable to the device's characteristics, or a general requirement wrongly marked No. */
  applicable: number;
  /** Applicable and marked Yes or Partly with evidence or a standard. */
  addressed: number;
  /** Marked No. */
  excluded: number;
  /** Marked No without a justification that gives a reason. */
  unjustified: number;
  /** Without any row, neither their own nor a group's. */
  missing: number;
  /** With a row whose Applies cell is neither Yes, No nor Partly. */
  unclear: number;
}

export function erCoverage(dossier: Dossier, catalogue: CatalogueIndex): ErCoverage {
  const checklist = checklistOf(dossier, catalogue);
  const coverage: ErCoverage = { total: 0, applicable: 0, addressed: 0, excluded: 0, unjustified: 0, missing: 0, unclear: 0 };
  const leaves = catalogue.topLevel.flatMap((er) => catalogue.leavesOf(er.number));
  for (const leaf of leaves) {
    coverage.total++;
    const row = checklist.addressing(leaf.number);
    const applicableByCatalogue = catalogue.isApplicable(leaf.number, dossier.characteristics);
    if (!row) {
      coverage.missing++;
      if (applicableByCatalogue) coverage.applicable++;
    } else if (row.applies === 'yes' || row.applies === 'partly') {
      coverage.applicable++;
      if (citesEvidence(row)) coverage.addressed++;
    } else if (row.applies === 'no') {
      if (!leaf.excludable) {
        // A general requirement cannot be excluded: it stays applicable, and unaddressed.
        coverage.applicable++;
        continue;
      }
      coverage.excluded++;
      if (!isRealJustification(row.justificationCell?.text ?? '')) coverage.unjustified++;
    } else {
      coverage.unclear++;
      if (applicableByCatalogue) coverage.applicable++;
    }
  }
  return coverage;
}
