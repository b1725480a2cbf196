/** Builds the language service on the real file system with the built-in catalogue. */
import { builtinCatalogueDirectory, loadCatalogueFromDirectory } from '../languageservice/catalogue/loadCatalogue';
import { DossierService } from '../languageservice/service';
import { nodeFileSystem } from './nodeFileSystem';

export function createNodeService(workspaceRootOf: (path: string) => string): DossierService {
  const catalogue = loadCatalogueFromDirectory(builtinCatalogueDirectory());
  return new DossierService({ catalogue, host: nodeFileSystem, workspaceRootOf });
}
