/**
 * The one settings contract shared by the client (which reads VS Code settings under
 * `hieDossier.*`) and the server (which receives them through workspace/configuration).
 * package.json's `contributes.configuration` documents the same keys.
 */

export type SeverityName = 'error' | 'warning' | 'info' | 'hint' | 'off';

export const SEVERITY_NAMES: readonly SeverityName[] = ['error', 'warning', 'info', 'hint', 'off'];

export interface HieDossierSettings {
  /** Turns checking off without uninstalling. */
  enable: boolean;
  /** Per-rule severity overrides; these win over `.hie-dossier.yaml`. */
  rules: Record<string, SeverityName>;
  /** Milliseconds to wait after the last keystroke before checking. */
  debounceMs: number;
  /** Dossiers larger than this (in kilobytes) are not parsed; a diagnostic says so. */
  maxFileSizeKb: number;
  /** Folders (relative to the workspace) holding the team's section templates. */
  templateFolders: string[];
  /** Check the dossiers of the whole workspace when the server starts. */
  checkWorkspaceOnStart: boolean;
}

export const DEFAULT_SETTINGS: HieDossierSettings = {
  enable: true,
  rules: {},
  debounceMs: 200,
  maxFileSizeKb: 4096,
  templateFolders: [],
  checkWorkspaceOnStart: true,
};

export const SETTINGS_SECTION = 'hieDossier';

/** Accepts whatever the editor sent and keeps only well-typed values, so a bad setting never breaks the server. */
export function normaliseSettings(raw: unknown): HieDossierSettings {
  const input = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, SeverityName> = {};
  if (typeof input.rules === 'object' && input.rules !== null) {
    for (const [rule, severity] of Object.entries(input.rules as Record<string, unknown>)) {
      if (typeof severity === 'string' && (SEVERITY_NAMES as readonly string[]).includes(severity)) {
        rules[rule] = severity as SeverityName;
      }
    }
  }
  const number = (value: unknown, fallback: number, min: number): number =>
    typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
  return {
    enable: typeof input.enable === 'boolean' ? input.enable : DEFAULT_SETTINGS.enable,
    rules,
    debounceMs: number(input.debounceMs, DEFAULT_SETTINGS.debounceMs, 0),
    maxFileSizeKb: number(input.maxFileSizeKb, DEFAULT_SETTINGS.maxFileSizeKb, 1),
    templateFolders: Array.isArray(input.templateFolders)
      ? input.templateFolders.filter((folder): folder is string => typeof folder === 'string')
      : DEFAULT_SETTINGS.templateFolders,
    checkWorkspaceOnStart:
      typeof input.checkWorkspaceOnStart === 'boolean' ? input.checkWorkspaceOnStart : DEFAULT_SETTINGS.checkWorkspaceOnStart,
  };
}
