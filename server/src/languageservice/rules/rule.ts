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

/**
 * What a rule reads, so the service can reuse its findings while those parts are unchanged:
 * the index frontmatter and the parts it lists; the checklist tables; the headings that open
 * catalogue sections and their text; the links and what they resolve to; the whole text.
 */
export type Facet = 'frontmatter' | 'checklist' | 'sections' | 'links' | 'text';

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line, for --help, settings descriptions and SARIF rule metadata. */
  description: string;
  /**
   * The facets the rule reads, including those that hold the places it reports at. Without
   * it the rule runs on every check.
   */
  dependsOn?: readonly Facet[];
  check(context: RuleContext): Finding[];
}
