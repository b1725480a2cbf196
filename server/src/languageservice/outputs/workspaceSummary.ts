/** One dossier as the VS Code tree view and overview page show it (see protocol.ts). */
import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import type { Dossier } from '../model/dossier';
import type { DossierDiagnostic } from '../service';
import { erCoverage } from './coverage';
import { deviceTitle, dossierFacts } from './facts';
import { countProblems } from './problems';
import { STATUS_UNSPECIFIED, type DossierSummary, type ProblemSummary } from './protocol';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;

export function problemSummaries(diagnostics: readonly DossierDiagnostic[], uriOf: (path: string) => string): ProblemSummary[] {
  return [...diagnostics]
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.path.localeCompare(b.path) || a.range.start.line - b.range.start.line)
    .map((d) => ({ uri: uriOf(d.path), line: d.range.start.line, character: d.range.start.character, severity: d.severity, rule: d.rule, message: d.message }));
}

export function summariseDossier(
  dossier: Dossier,
  catalogue: CatalogueIndex,
  diagnostics: readonly DossierDiagnostic[],
  uriOf: (path: string) => string,
  relativePath: string,
): DossierSummary {
  const facts = dossierFacts(dossier);
  const counts = countProblems(diagnostics);
  return {
    uri: uriOf(dossier.index.path),
    relativePath,
    name: deviceTitle(facts, dossier.index.path),
    code: facts.code ?? null,
    version: facts.version ?? null,
    classification: facts.classification ?? null,
    status: facts.status ?? STATUS_UNSPECIFIED,
    errors: counts.errors,
    warnings: counts.warnings,
    coverage: erCoverage(dossier, catalogue),
    problems: problemSummaries(diagnostics, uriOf),
  };
}
