/**
 * The unit of work of `check`, the same in the main thread and in a worker: check one file on
 * a service whose file system notes every question asked, and return the diagnostics with
 * those notes (what the --cache entry is built on).
 */
import type { Catalogue } from '../../../shared/src/catalogue-types';
import { builtinCatalogueDirectory, loadCatalogueFromDirectory } from '../languageservice/catalogue/loadCatalogue';
import { DossierService, type CheckSettings } from '../languageservice/service';
import { cliWorkspaceRoot, nodeFileSystem } from '../node/nodeFileSystem';
import { RecordingHost, type FileResult } from './cache';

export interface CheckOptions {
  cwd: string;
  configFile?: string;
  maxFileSizeKb?: number;
}

export interface FileChecker {
  check(file: string): FileResult;
}

/** What a worker is started with. */
export interface WorkerSetup {
  options: CheckOptions;
  catalogue: Catalogue;
}

/** The built-in catalogue, loaded and validated (a tenth of a second or more). */
export function loadBuiltinCatalogue(): Catalogue {
  return loadCatalogueFromDirectory(builtinCatalogueDirectory());
}

/** A service for `check` and a function that checks one file with it. */
export function createFileChecker(options: CheckOptions, catalogue: Catalogue = loadBuiltinCatalogue()): FileChecker {
  const host = new RecordingHost(nodeFileSystem);
  const rootOf = (file: string): string => cliWorkspaceRoot(file, options.cwd);
  const service = new DossierService({ catalogue, host, workspaceRootOf: rootOf });
  const settings: CheckSettings = {
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(options.maxFileSizeKb ? { maxFileSizeKb: options.maxFileSizeKb } : {}),
  };
  return {
    check(file) {
      const { value, observations } = host.record(() => service.check(file, settings));
      return { diagnostics: [...value.diagnostics], observations, root: rootOf(file) };
    },
  };
}
