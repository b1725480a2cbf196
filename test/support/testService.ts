/** Builds the language service over an in-memory workspace rooted at /ws, with the built-in catalogue. */
import { builtinCatalogueDirectory, loadCatalogueFromDirectory } from '../../server/src/languageservice/catalogue/loadCatalogue';
import type { Catalogue } from '../../shared/src/catalogue-types';
import { DossierService, type CheckSettings, type DossierDiagnostic } from '../../server/src/languageservice/service';
import { MemoryHost } from './memoryHost';

export const WORKSPACE = '/ws';

let catalogue: Catalogue | undefined;
export function builtinCatalogue(): Catalogue {
  return (catalogue ??= loadCatalogueFromDirectory(builtinCatalogueDirectory()));
}

export function createTestService(files: Record<string, string>): { service: DossierService; host: MemoryHost } {
  const host = new MemoryHost(files);
  const service = new DossierService({ catalogue: builtinCatalogue(), host, workspaceRootOf: () => WORKSPACE });
  return { service, host };
}

/** Checks one file of an in-memory workspace and returns the diagnostics of every file. */
export function check(files: Record<string, string>, file = `${WORKSPACE}/index.md`, settings: CheckSettings = {}): DossierDiagnostic[] {
  const { service } = createTestService(files);
  return [...service.check(file, settings).diagnostics.values()].flat();
}

export function rulesOf(diagnostics: DossierDiagnostic[]): string[] {
  return diagnostics.map((d) => d.rule);
}
