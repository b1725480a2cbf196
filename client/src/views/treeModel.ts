/**
 * What the Explorer tree shows, without VS Code: dossiers grouped by device status, each with its
 * problem counts and ER coverage. Kept apart from the TreeDataProvider so it can be unit-tested.
 */
import type { ErCoverage } from '../../../server/src/languageservice/outputs/coverage';
import { STATUS_UNSPECIFIED, type DossierSummary } from '../../../server/src/languageservice/outputs/protocol';

export interface StatusGroup {
  status: string;
  label: string;
  dossiers: DossierSummary[];
}

/** Statuses of the format, in the order a device committee cares about them. */
const STATUS_ORDER = ['in-use', 'draft', 'suspended', 'withdrawn'];
const STATUS_LABELS: Record<string, string> = {
  'in-use': 'In use',
  draft: 'Draft',
  suspended: 'Suspended',
  withdrawn: 'Withdrawn',
  [STATUS_UNSPECIFIED]: 'Status not given',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? `Status "${status}"`;
}

function statusRank(status: string): number {
  const known = STATUS_ORDER.indexOf(status);
  if (known >= 0) return known;
  return status === STATUS_UNSPECIFIED ? STATUS_ORDER.length + 1 : STATUS_ORDER.length;
}

export function groupByStatus(dossiers: readonly DossierSummary[]): StatusGroup[] {
  const groups = new Map<string, DossierSummary[]>();
  for (const dossier of dossiers) groups.set(dossier.status, [...(groups.get(dossier.status) ?? []), dossier]);
  return [...groups]
    .sort(([a], [b]) => statusRank(a) - statusRank(b) || a.localeCompare(b))
    .map(([status, list]) => ({ status, label: statusLabel(status), dossiers: [...list].sort((a, b) => a.name.localeCompare(b.name)) }));
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "2 errors, 1 warning" or "no problems". */
export function problemText(dossier: Pick<DossierSummary, 'errors' | 'warnings'>): string {
  if (dossier.errors === 0 && dossier.warnings === 0) return 'no problems';
  return `${plural(dossier.errors, 'error')}, ${plural(dossier.warnings, 'warning')}`;
}

/** "ERs 30/32": applicable ERs addressed with evidence, of the applicable ones. */
export function coverageText(coverage: ErCoverage): string {
  return `ERs ${coverage.addressed}/${coverage.applicable}`;
}

/** Share of the applicable ERs addressed, 0 to 1 (1 when nothing applies). */
export function coverageRatio(coverage: ErCoverage): number {
  return coverage.applicable === 0 ? 1 : Math.min(1, coverage.addressed / coverage.applicable);
}

/** The grey text after a dossier's name in the tree: coverage first, as the sidebar cuts the end off. */
export function dossierDescription(dossier: DossierSummary): string {
  const coverage = coverageText(dossier.coverage);
  return dossier.errors === 0 && dossier.warnings === 0 ? coverage : `${coverage} · ${problemText(dossier)}`;
}

/** The hover text of a dossier item (Markdown, escaped by the caller's MarkdownString). */
export function dossierTooltipLines(dossier: DossierSummary): string[] {
  const { coverage } = dossier;
  return [
    dossier.name,
    [dossier.code, dossier.version ? `version ${dossier.version}` : undefined, dossier.classification ? `class ${dossier.classification}` : undefined].filter(Boolean).join(', '),
    `Status: ${statusLabel(dossier.status)}`,
    `Problems: ${problemText(dossier)}`,
    `Applicable ERs addressed with evidence: ${coverage.addressed} of ${coverage.applicable}`,
    `Excluded: ${coverage.excluded} (${coverage.unjustified} without a real justification); without a row: ${coverage.missing}`,
    dossier.relativePath,
  ].filter((line) => line !== '');
}

export type DossierHealth = 'error' | 'warning' | 'clean';

export function healthOf(dossier: Pick<DossierSummary, 'errors' | 'warnings'>): DossierHealth {
  return dossier.errors > 0 ? 'error' : dossier.warnings > 0 ? 'warning' : 'clean';
}
