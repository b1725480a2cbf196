/** What every rule module exports, and what it is given. Rules are pure: model in, findings out. */
import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import type { Dossier } from '../model/dossier';
import type { FileModel } from '../model/fileModel';
import type { OffsetRange } from '../model/types';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Finding {
  file: FileModel;
  range: OffsetRange;
  message: string;
  /** The catalogue item concerned: an ER number or a section id. */
  target?: string;
}

export type LinkStatus =
  | { kind: 'ok' }
  | { kind: 'external' }
  | { kind: 'missing-file'; path: string }
  | { kind: 'missing-anchor'; path: string; anchor: string }
  | { kind: 'outside'; path: string };

/** Answers questions about link targets; backed by the injected file system. */
export interface LinkResolver {
  check(from: FileModel, url: string): LinkStatus;
}

export interface RuleContext {
  dossier: Dossier;
  catalogue: CatalogueIndex;
  links: LinkResolver;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line, for --help, settings descriptions and SARIF rule metadata. */
  description: string;
  check(context: RuleContext): Finding[];
}
