/**
 * Workspace trust (VS Code's "Restricted Mode"). The server runs no workspace code, and the
 * catalogue and templates are data, so an untrusted folder is still checked; but a setting that
 * points outside the workspace could make the server read files the folder's author chose, so
 * in an untrusted workspace such settings are ignored. The client says whether the workspace is
 * trusted in `initializationOptions.workspaceTrusted`; editors without the notion do not send it,
 * and their settings are the user's own, so its absence means trusted.
 */
import * as path from 'node:path';
import type { HieDossierSettings } from '../../../shared/src/settings';
import { staysInside } from '../languageservice/model/dossier';
import type { FileSystemHost } from '../languageservice/workspace/host';

export function isWorkspaceTrusted(initializationOptions: unknown): boolean {
  const options = (typeof initializationOptions === 'object' && initializationOptions !== null ? initializationOptions : {}) as { workspaceTrusted?: unknown };
  return options.workspaceTrusted !== false;
}

export interface TrustedSettings {
  settings: HieDossierSettings;
  /** What was ignored, for the log. */
  ignored: string[];
}

/**
 * The settings to use: unchanged when trusted; otherwise without the template folders that
 * resolve outside a workspace folder (relative ones are resolved against each of them, as the
 * features do, and symbolic links are followed). Without a workspace folder, none is kept.
 */
export function applyWorkspaceTrust(settings: HieDossierSettings, trusted: boolean, workspaceRoots: readonly string[], host: FileSystemHost): TrustedSettings {
  if (trusted) return { settings, ignored: [] };
  const inside = (folder: string): boolean =>
    workspaceRoots.length > 0 && workspaceRoots.every((root) => staysInside(host, root, path.resolve(root, folder)));
  const kept = settings.templateFolders.filter(inside);
  const ignored = settings.templateFolders.filter((folder) => !inside(folder)).map((folder) => `hieDossier.templateFolders: ${folder}`);
  return { settings: { ...settings, templateFolders: kept }, ignored };
}
