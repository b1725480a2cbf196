/** What the quick-fix families share: the request context they read and the proposals they return. */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { CatalogueIndex } from '../../catalogue/catalogueIndex';
import type { Dossier } from '../../model/dossier';
import type { FileModel } from '../../model/fileModel';
import type { OffsetRange } from '../../model/types';
import type { DossierService } from '../../service';
import type { TemplateLibrary } from '../../templates/templateLibrary';

export const QUICK_FIX_KIND = 'quickfix';
export const FIX_ALL_KIND = 'source.fixAll.hieDossier';

/** One text replacement, as UTF-16 offsets into the current text of `path`. */
export interface FileEdit {
  path: string;
  range: OffsetRange;
  /** The text to insert, with every placeholder at its default. */
  text: string;
  /** The same text in snippet syntax, for clients that accept snippet edits. */
  snippet?: string;
}

/** A diagnostic of ours from the request, with what the server attached to it. */
export interface IncomingDiagnostic {
  lsp: Diagnostic;
  rule: string;
  target: string | undefined;
  /** The diagnostic's range as offsets into the requested file's current text. */
  range: OffsetRange;
}

export interface FixContext {
  service: DossierService;
  /** The catalogue that applies to the file (built-in, or extended by the team). */
  catalogue: CatalogueIndex;
  path: string;
  file: FileModel;
  dossier: Dossier | undefined;
  /** The team's templates (read on first use). */
  library(): TemplateLibrary | undefined;
  /** The model of another file of the workspace (a part, an evidence file). */
  fileModel(path: string): FileModel | undefined;
}

export interface FixProposal {
  /** Identifies the proposal among those for the same diagnostic, so resolve can find it again. */
  id: string;
  title: string;
  isPreferred?: boolean;
  /** Deterministic and safe without a human looking: may run in "Fix all" on save. */
  autoFix?: boolean;
  /** The edit is costly (or one of many): computed at codeAction/resolve. */
  lazy?: boolean;
  /** Proposals with the same `groupKey` are one action fixing every diagnostic they came from ("Add all N missing ERs"). */
  groupKey?: string;
  edits(): FileEdit[];
}

/** A family of fixes: the proposals for one diagnostic of its rule (none when it no longer applies). */
export type FixProvider = (context: FixContext, diagnostic: IncomingDiagnostic) => FixProposal[];
