/** Diagnostics as the outputs show them: counted, and written as one line each. */
import type { DossierDiagnostic } from '../service';

export interface ProblemCounts {
  errors: number;
  warnings: number;
  /** Information and hints. */
  others: number;
}

export function countProblems(diagnostics: readonly DossierDiagnostic[]): ProblemCounts {
  const counts: ProblemCounts = { errors: 0, warnings: 0, others: 0 };
  for (const d of diagnostics) {
    if (d.severity === 'error') counts.errors++;
    else if (d.severity === 'warning') counts.warnings++;
    else counts.others++;
  }
  return counts;
}

/** The diagnostics that keep a declaration from being published. */
export function blockingProblems(diagnostics: readonly DossierDiagnostic[]): DossierDiagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** Turns a file path into what a reader should see (relative to the working folder, say). */
export type PathDisplay = (path: string) => string;

/** "examples/thumb-splint/index.md:89:3 error: ER 13.5 … [er-missing]" (1-based line and column). */
export function problemLine(d: DossierDiagnostic, display: PathDisplay): string {
  return `${display(d.path)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity}: ${d.message} [${d.rule}]`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
