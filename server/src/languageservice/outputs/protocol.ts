/**
 * The custom LSP requests behind the VS Code views, shared by the server (which answers them)
 * and the client (which shows the answers). Plain data only, so any editor can use them.
 */
import type { ErCoverage } from './coverage';

/** `hieDossier/workspaceSummary`: every dossier the server can find, with its problems and coverage. */
export const WORKSPACE_SUMMARY_REQUEST = 'hieDossier/workspaceSummary';

export interface WorkspaceSummaryParams {
  /** Folders to search (URIs); without them, the workspace folders the client reports. */
  folders?: string[];
}

export interface ProblemSummary {
  uri: string;
  /** Zero-based, UTF-16 code units, as in LSP. */
  line: number;
  character: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  rule: string;
  message: string;
}

export interface DossierSummary {
  /** The index file. */
  uri: string;
  /** Relative to its workspace folder, for display. */
  relativePath: string;
  /** The device name, or the file name when the frontmatter has none. */
  name: string;
  code: string | null;
  version: string | null;
  classification: string | null;
  /** The frontmatter `status`, or `unspecified`. */
  status: string;
  errors: number;
  warnings: number;
  coverage: ErCoverage;
  /** Every diagnostic of the dossier's files, errors first. */
  problems: ProblemSummary[];
}

export interface WorkspaceSummary {
  /** False when checking is turned off (`hieDossier.enable`). */
  enabled: boolean;
  dossiers: DossierSummary[];
}

/** `hieDossier/declaration`: the public declaration of the dossier a document belongs to. */
export const DECLARATION_REQUEST = 'hieDossier/declaration';

export interface DeclarationParams {
  uri: string;
  /** `html` (default) or `md`. */
  format?: 'html' | 'md';
  /**
   * `never`: refuse while the dossier has errors (content is null); `always`: mark it DRAFT;
   * `whenBlocked` (default): mark it DRAFT only when the dossier has errors.
   */
  draft?: 'never' | 'always' | 'whenBlocked';
  /** For HTML shown in a webview: the nonce its Content-Security-Policy allows for the style sheet. */
  nonce?: string;
}

export interface DeclarationResult {
  /** The dossier's index, or null when the document belongs to no dossier. */
  indexUri: string | null;
  title: string;
  content: string | null;
  draft: boolean;
  /** Error-level problems of the dossier. */
  blockers: ProblemSummary[];
}

export const STATUS_UNSPECIFIED = 'unspecified';
