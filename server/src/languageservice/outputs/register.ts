/**
 * The central record the guidelines ask for: one line per device made under the exemption, with
 * its users, locations and asset reference, where its declaration is published, when the market
 * was last scanned and how many problems its dossier still has. Kept in git as CSV, it is the
 * trust's register, regenerated from the dossiers rather than typed twice.
 */
import type { Dossier } from '../model/dossier';
import type { DossierDiagnostic } from '../service';
import { toCsv } from './csv';
import { dossierFacts } from './facts';
import { mdCell } from './markdown';
import { countProblems, type PathDisplay } from './problems';

export interface RegisterEntry {
  /** The dossier's index, as the caller displays paths. */
  file: string;
  name: string | null;
  code: string | null;
  version: string | null;
  classification: string | null;
  status: string | null;
  institution: string | null;
  users: string[];
  locations: string[];
  asset: string | null;
  declarationUrl: string | null;
  /** ISO date (or month) of the first date in the market-scan section. */
  lastMarketScan: string | null;
  errors: number;
  warnings: number;
}

export function registerEntry(dossier: Dossier, diagnostics: readonly DossierDiagnostic[], display: PathDisplay): RegisterEntry {
  const facts = dossierFacts(dossier);
  const counts = countProblems(diagnostics);
  return {
    file: display(dossier.index.path),
    name: facts.name ?? null,
    code: facts.code ?? null,
    version: facts.version ?? null,
    classification: facts.classification ?? null,
    status: facts.status ?? null,
    institution: facts.institutionName ?? null,
    users: facts.users,
    locations: facts.locations,
    asset: facts.asset ?? null,
    declarationUrl: facts.declarationUrl ?? null,
    lastMarketScan: facts.lastMarketScan?.iso ?? null,
    errors: counts.errors,
    warnings: counts.warnings,
  };
}

/** Columns of the CSV and Markdown register, in order, with how each is read from an entry. */
const COLUMNS: [string, (entry: RegisterEntry) => string | number][] = [
  ['Device name', (e) => e.name ?? ''],
  ['Product code', (e) => e.code ?? ''],
  ['Version', (e) => e.version ?? ''],
  ['Classification', (e) => e.classification ?? ''],
  ['Status', (e) => e.status ?? ''],
  ['Institution', (e) => e.institution ?? ''],
  ['Users', (e) => e.users.join('; ')],
  ['Locations', (e) => e.locations.join('; ')],
  ['Asset reference', (e) => e.asset ?? ''],
  ['Declaration URL', (e) => e.declarationUrl ?? ''],
  ['Last market scan', (e) => e.lastMarketScan ?? ''],
  ['Errors', (e) => e.errors],
  ['Warnings', (e) => e.warnings],
  ['Dossier', (e) => e.file],
];

export const REGISTER_HEADER = COLUMNS.map(([title]) => title);

export function renderRegisterCsv(entries: readonly RegisterEntry[]): string {
  return toCsv(REGISTER_HEADER, entries.map((entry) => COLUMNS.map(([, read]) => read(entry))));
}

export function renderRegisterJson(entries: readonly RegisterEntry[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}

export function renderRegisterMarkdown(entries: readonly RegisterEntry[]): string {
  const lines = [
    '# Register of devices made under the Health Institution Exemption',
    '',
    `| ${REGISTER_HEADER.join(' | ')} |`,
    `| ${REGISTER_HEADER.map(() => '---').join(' | ')} |`,
    ...entries.map((entry) => `| ${COLUMNS.map(([, read]) => mdCell(String(read(entry)))).join(' | ')} |`),
    '',
  ];
  return lines.join('\n');
}
