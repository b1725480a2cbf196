/**
 * A code lens over the checklist (the first ER table's header) summing up the dossier:
 * "47 of 52 applicable ERs addressed, 2 exclusions unjustified".
 */
import type { CodeLens } from 'vscode-languageserver-types';
import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import { checklistOf } from '../model/checklist';
import type { Dossier } from '../model/dossier';
import { isUnjustifiedExclusion } from '../rules/justification';
import { erCoverage } from '../outputs/coverage';
import type { FeatureContext } from './context';

export interface ChecklistSummary {
  /** Applicable sub-requirements marked Yes or Partly with evidence or a standard. */
  addressed: number;
  /** Sub-requirements that apply to this device (the same count as the tree view and overview). */
  applicable: number;
  /** Sub-requirements without any row. */
  missing: number;
  /** Rows marked No without a real justification (the exclusion-unjustified rule's test). */
  unjustified: number;
}

/** The figures of the overview and the tree view (erCoverage), so all three agree. */
export function checklistSummary(dossier: Dossier, catalogue: CatalogueIndex): ChecklistSummary {
  const checklist = checklistOf(dossier, catalogue);
  const coverage = erCoverage(dossier, catalogue);
  const unjustified = checklist.rows.filter((row) => isUnjustifiedExclusion(row, catalogue)).length;
  return { addressed: coverage.addressed, applicable: coverage.applicable, missing: coverage.missing, unjustified };
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

export function summaryTitle(summary: ChecklistSummary): string {
  const parts = [`${summary.addressed} of ${summary.applicable} applicable ERs addressed`, `${plural(summary.unjustified, 'exclusion', 'exclusions')} unjustified`];
  if (summary.missing > 0) parts.push(`${plural(summary.missing, 'ER', 'ERs')} without a row`);
  return parts.join(', ');
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
