/**
 * Diagnostics per file, kept per dossier that produced them, so a part shared by two dossiers
 * shows both sets, and a file dropped from a dossier is cleared.
 */
import type { DossierDiagnostic } from '../languageservice/service';

export class DiagnosticsStore {
  private readonly byFile = new Map<string, Map<string, DossierDiagnostic[]>>();
  private readonly filesOf = new Map<string, Set<string>>();

  /** Replaces what `owner` (an index path) reported; returns every file whose diagnostics changed. */
  replace(owner: string, diagnostics: Map<string, DossierDiagnostic[]>): Set<string> {
    const touched = new Set<string>(this.filesOf.get(owner) ?? []);
    for (const file of touched) this.byFile.get(file)?.delete(owner);
    const files = new Set<string>();
    for (const [file, list] of diagnostics) {
      files.add(file);
      touched.add(file);
      let owners = this.byFile.get(file);
      if (!owners) this.byFile.set(file, (owners = new Map()));
      owners.set(owner, list);
    }
    this.filesOf.set(owner, files);
    return touched;
  }

  remove(owner: string): Set<string> {
    return this.replace(owner, new Map());
  }

  get(file: string): DossierDiagnostic[] {
    return [...(this.byFile.get(file)?.values() ?? [])].flat();
  }

  owners(): string[] {
    return [...this.filesOf.keys()];
  }

  /** Owners whose last check reported on `file` (an index's parts, for instance). */
  ownersOf(file: string): string[] {
    return [...(this.byFile.get(file)?.keys() ?? [])];
  }
}
