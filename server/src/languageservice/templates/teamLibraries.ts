/**
 * What a team adds through `.hie-dossier.yaml`: a catalogue extension (`catalogue:`) and section
 * templates (`templates:`). The service asks this module for the catalogue that applies to a
 * dossier and for the problems to report on the team's files; a bad file is reported on itself
 * and never stops the built-in catalogue or templates from working.
 */
import { CatalogueExtensions } from '../catalogue/extension';
import type { CatalogueIndex } from '../catalogue/catalogueIndex';
import type { ProjectConfig } from '../config/projectConfig';
import type { FileSystemHost } from '../workspace/host';
import type { OffsetRange } from '../model/types';
import type { SectionSpec } from '../../../../shared/src/catalogue-types';
import { builtinSectionTemplate } from './builtinTemplates';
import { loadTemplateLibrary, parseSnippetFile, type SectionTemplate, type TemplateLibrary } from './templateLibrary';

export interface TeamFileProblem {
  range: OffsetRange;
  severity: 'error' | 'warning';
  message: string;
}

/** A team file (extension, snippet file, template, or the configuration itself) and what is wrong with it. */
export interface TeamFileReport {
  path: string;
  text: string;
  problems: TeamFileProblem[];
}

export interface TeamResolution {
  catalogue: CatalogueIndex;
  /** Files to report on: the extension (even when clean, so fixing it clears it) and library files. */
  reports: TeamFileReport[];
}

/** Offsets of `key:` at the top level of a YAML text, to point at the setting a problem comes from. */
function topLevelKeyRange(text: string, key: string): OffsetRange {
  const match = new RegExp(`^${key}[ \\t]*:`, 'm').exec(text);
  return match ? { start: match.index, end: match.index + key.length } : { start: 0, end: Math.min(1, text.length) };
}

export class TeamLibraries {
  private readonly extensions: CatalogueExtensions;
  private readonly snippetCache = new Map<string, { text: string; parsed: ReturnType<typeof parseSnippetFile> }>();

  constructor(
    private readonly base: CatalogueIndex,
    private readonly host: FileSystemHost,
  ) {
    this.extensions = new CatalogueExtensions(base);
  }

  /** The catalogue for a project configuration, and the team files to report on. */
  resolve(config: ProjectConfig, readText: (path: string) => string | undefined): TeamResolution {
    const reports: TeamFileReport[] = [];
    const configProblems: TeamFileProblem[] = [];
    let catalogue = this.base;
    if (config.catalogue) {
      const text = readText(config.catalogue);
      if (text === undefined) {
        configProblems.push({
          range: topLevelKeyRange(config.text ?? '', 'catalogue'),
          severity: 'error',
          message: `The catalogue extension ${config.catalogue} cannot be read: the built-in catalogue is used without it.`,
        });
      } else {
        const resolved = this.extensions.resolve(config.catalogue, text);
        catalogue = resolved.catalogue;
        reports.push({ path: config.catalogue, text, problems: resolved.problems });
      }
    }
    if (config.templates.length > 0) {
      for (const folder of config.templates) {
        if (this.host.kind(folder) !== 'directory') {
          configProblems.push({ range: topLevelKeyRange(config.text ?? '', 'templates'), severity: 'warning', message: `The template folder ${folder} does not exist: the built-in templates are used instead.` });
        }
      }
      const library = this.library(config.templates, catalogue);
      for (const file of library.files) reports.push({ path: file.path, text: file.text, problems: file.problems });
    }
    if (configProblems.length > 0 && config.path) reports.push({ path: config.path, text: config.text ?? '', problems: configProblems });
    return { catalogue, reports };
  }

  /** The team's templates in `folders` (absolute, first wins), checked against the catalogue's section ids. */
  library(folders: readonly string[], catalogue: CatalogueIndex): TemplateLibrary {
    return loadTemplateLibrary(this.host, folders, new Set(catalogue.sections.keys()), { cache: this.snippetCache });
  }
}

/** The template for a section: the team's first, then the built-in one (completed from the catalogue). */
export function templateFor(spec: SectionSpec, library: TemplateLibrary | undefined): SectionTemplate {
  return library?.templates.get(spec.id) ?? builtinSectionTemplate(spec);
}
