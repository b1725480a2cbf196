/**
 * A code lens over the checklist (the first ER table's header) summing up the dossier:
 * "47 of 52 ERs addressed, 2 exclusions unjustified".
 */
import type { CodeLens } from 'vscode-languageserver-types';
import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import { checklistOf } from '../model/checklist';
import type { Dossier } from '../model/dossier';
import { isRealJustification } from '../rules/justification';
import type { FeatureContext } from './context';

export interface ChecklistSummary {
  /** Leaf ERs whose addressing row says Yes, No or Partly. */
  addressed: number;
  /** Leaf ERs of the catalogue (groups are addressed through their sub-requirements). */
  total: number;
  /** Rows marked No without a real justification (the exclusion-unjustified rule's test). */
  unjustified: number;
}

export function checklistSummary(dossier: Dossier, catalogue: CatalogueIndex): ChecklistSummary {
  const checklist = checklistOf(dossier, catalogue);
  const leaves = catalogue.catalogue.essentialRequirements.filter((er) => !catalogue.isGroup(er.number));
  const addressed = leaves.filter((leaf) => checklist.addressing(leaf.number)?.applies !== undefined).length;
  const unjustified = checklist.rows.filter(
    (row) => row.applies === 'no' && row.number !== undefined && catalogue.ers.get(row.number)?.excludable !== false && !isRealJustification(row.justificationCell?.text ?? ''),
  ).length;
  return { addressed, total: leaves.length, unjustified };
}

export function summaryTitle(summary: ChecklistSummary): string {
  return `${summary.addressed} of ${summary.total} ERs addressed, ${summary.unjustified} ${summary.unjustified === 1 ? 'exclusion' : 'exclusions'} unjustified`;
}

/** The command a click on the lens runs: the Problems view, where each gap is listed. */
export const SHOW_PROBLEMS_COMMAND = 'workbench.actions.view.problems';

export function codeLenses(context: FeatureContext): CodeLens[] {
  const { dossier, catalogue, file } = context;
  if (!dossier) return [];
  const first = checklistOf(dossier, catalogue).tables[0];
  if (!first || first.file.path !== file.path) return [];
  const header = first.table.table.header.range;
  return [{ range: file.lines.rangeOf(header.start, header.end), command: { title: summaryTitle(checklistSummary(dossier, catalogue)), command: SHOW_PROBLEMS_COMMAND } }];
}
