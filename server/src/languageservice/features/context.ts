/**
 * What every editor feature (completion, hover, navigation) reads: the file at the cursor, its
 * dossier when it belongs to one, the catalogue, and the workspace. Built from the service so
 * features stay pure functions of this context and a position.
 */
import { URI } from 'vscode-uri';
import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import type { Dossier } from '../model/dossier';
import type { FileModel } from '../model/fileModel';
import type { DossierService } from '../service';
import type { FileSystemHost } from '../workspace/host';

export interface FeatureContext {
  file: FileModel;
  /** The dossier the file is the index or a known part of. */
  dossier: Dossier | undefined;
  catalogue: CatalogueIndex;
  host: FileSystemHost;
  /** Links and parts may not leave this folder. */
  workspaceRoot: string;
  /** The model of another file (a link target), with the editor's text when it is open. */
  fileModel(path: string): FileModel | undefined;
  /** The URI the editor knows a path by. */
  uriOf(path: string): string;
}

export function defaultUriOf(path: string): string {
  return URI.file(path).toString();
}

/** The feature context of `path`, or undefined when the file cannot be read. */
export function featureContextFor(service: DossierService, path: string, uriOf: (path: string) => string = defaultUriOf): FeatureContext | undefined {
  const { file, dossier } = service.contextFor(path);
  if (!file) return undefined;
  return {
    file,
    dossier,
    // A team's catalogue extension (extra sections, local standards) applies to its dossiers.
    catalogue: service.catalogueFor(dossier?.index.path ?? path),
    host: service.fileSystem,
    workspaceRoot: dossier?.workspaceRoot ?? service.workspaceRootOf(path),
    fileModel: (target) => service.fileModel(target),
    uriOf,
  };
}
