/**
 * The dossier language service: the one entry point shared by the language server and the CLI.
 * It owns a cache of parsed files (re-parsed incrementally when their text changes), reads
 * everything else through the injected FileSystemHost, and turns rule findings into diagnostics
 * with severities from `.hie-dossier.yaml` and the editor's settings.
 */
import type { Catalogue } from '../../../shared/src/catalogue-types';
import type { SeverityName } from '../../../shared/src/settings';
import { CatalogueIndex } from './catalogue/catalogueIndex';
import { findProjectConfig, parseProjectConfig, type ProjectConfig } from './config/projectConfig';
import { suppressionFilter } from './config/suppressions';
import { assembleDossier, type Dossier } from './model/dossier';
import { buildFileModel, type FileModel } from './model/fileModel';
import { parseMarkdown, reparseMarkdown } from './parse/parseMarkdown';
import { ALL_RULE_IDS, RULES, SERVICE_RULES } from './rules';
import type { Finding, Severity } from './rules/rule';
import { LineIndex, type Range } from './text/lineIndex';
import type { FileSystemHost } from './workspace/host';
import { createLinkResolver } from './workspace/linkResolver';

export interface DossierDiagnostic {
  path: string;
  range: Range;
  severity: Severity;
  rule: string;
  target?: string;
  message: string;
}

export interface ServiceOptions {
  catalogue: Catalogue;
  host: FileSystemHost;
  /** The workspace folder a file belongs to: links and parts may not leave it. */
  workspaceRootOf(path: string): string;
}

export interface CheckSettings {
  /** Editor overrides; they win over `.hie-dossier.yaml`. */
  ruleOverrides?: Record<string, SeverityName>;
  /** An explicit configuration file (CLI `--config`), used instead of looking for one. */
  configFile?: string;
  maxFileSizeKb?: number;
}

export interface CheckResult {
  /** Diagnostics per file: the index, each readable part, and the configuration file. Clean files map to []. */
  diagnostics: Map<string, DossierDiagnostic[]>;
  dossier?: Dossier;
}

interface CachedFile {
  text: string;
  model: FileModel;
}

const DEFAULT_MAX_FILE_SIZE_KB = 4096;
/** A cheap look at the start of a file: only text that opens with frontmatter can be an index. */
const OPENS_WITH_FRONTMATTER = /^\uFEFF?---[ \t]*\r?\n/;

export class DossierService {
  readonly catalogue: CatalogueIndex;
  private readonly host: FileSystemHost;
  private readonly rootOf: (path: string) => string;
  private readonly overlays = new Map<string, string>();
  private readonly files = new Map<string, CachedFile>();
  private readonly configs = new Map<string, ProjectConfig>();
  /** Part path → the index that listed it at its last check. */
  private readonly partOwners = new Map<string, string>();

  constructor(options: ServiceOptions) {
    this.catalogue = new CatalogueIndex(options.catalogue);
    this.host = options.host;
    this.rootOf = options.workspaceRootOf;
  }

  /** The editor's text of an open document, which wins over the disk. */
  setOverlay(path: string, text: string): void {
    this.overlays.set(path, text);
  }

  removeOverlay(path: string): void {
    this.overlays.delete(path);
  }

  isOpen(path: string): boolean {
    return this.overlays.has(path);
  }

  /** Forgets a file's parse (when it was deleted or changed on disk). */
  forget(path: string): void {
    this.files.delete(path);
    this.configs.delete(path);
  }

  textOf(path: string): string | undefined {
    return this.overlays.get(path) ?? this.host.readText(path);
  }

  /** The model of a file at its current text, re-parsing only what changed since the last call. */
  fileModel(path: string, text = this.textOf(path)): FileModel | undefined {
    if (text === undefined) return undefined;
    const cached = this.files.get(path);
    if (cached && cached.text === text) return cached.model;
    const parsed = cached ? reparseMarkdown(cached.model.parsed, text) : parseMarkdown(text);
    const model = buildFileModel(path, parsed, this.catalogue.sectionMatcher);
    this.files.set(path, { text, model });
    return model;
  }

  /** Whether a text is a dossier index, reading no more than needed. */
  isIndexText(path: string, text: string): boolean {
    if (!OPENS_WITH_FRONTMATTER.test(text)) return false;
    return this.fileModel(path, text)?.isIndex ?? false;
  }

  projectConfig(path: string, explicit?: string): ProjectConfig {
    const configPath = explicit ?? findProjectConfig(this.host, path);
    if (!configPath) return { rules: {}, templates: [], problems: [] };
    const text = this.overlays.get(configPath) ?? this.host.readText(configPath);
    const cached = this.configs.get(configPath);
    if (cached && cached.text === text) return cached;
    const config: ProjectConfig =
      text === undefined
        ? { path: configPath, rules: {}, templates: [], problems: [{ range: { start: 0, end: 0 }, severity: 'error', message: `Configuration file ${configPath} cannot be read: using the default settings.` }] }
        : parseProjectConfig(configPath, text, ALL_RULE_IDS);
    if (text !== undefined) config.text = text;
    this.configs.set(configPath, config);
    return config;
  }

  check(path: string, settings: CheckSettings = {}): CheckResult {
    const diagnostics = new Map<string, DossierDiagnostic[]>([[path, []]]);
    const text = this.textOf(path);
    const config = this.projectConfig(path, settings.configFile);
    const severityOf = (rule: string, fallback: Severity): Severity | undefined => {
      const chosen = settings.ruleOverrides?.[rule] ?? config.rules[rule] ?? fallback;
      return chosen === 'off' ? undefined : chosen;
    };
    this.reportConfig(config, diagnostics, severityOf);
    if (text === undefined) return { diagnostics };
    if (!OPENS_WITH_FRONTMATTER.test(text)) return { diagnostics };

    const limitKb = settings.maxFileSizeKb ?? DEFAULT_MAX_FILE_SIZE_KB;
    if (text.length > limitKb * 1024) {
      const severity = severityOf(SERVICE_RULES.fileTooLarge.id, SERVICE_RULES.fileTooLarge.defaultSeverity);
      if (severity && /^\uFEFF?---[ \t]*\r?\n(?:(?!^---)[^])*?^device\s*:/m.test(text.slice(0, 65536))) {
        diagnostics.get(path)!.push({
          path,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
          severity,
          rule: SERVICE_RULES.fileTooLarge.id,
          message: `This dossier is ${Math.round(text.length / 1024)} KB, more than the ${limitKb} KB limit, so it was not checked: split it into parts or raise hieDossier.maxFileSizeKb.`,
        });
      }
      return { diagnostics };
    }

    const index = this.fileModel(path, text);
    if (!index?.isIndex) return { diagnostics };
    const root = this.rootOf(path);
    const dossier = assembleDossier(index, this.host, (part) => {
      const partText = this.textOf(part);
      return partText !== undefined && partText.length <= limitKb * 1024 ? this.fileModel(part, partText) : undefined;
    }, root);
    for (const file of dossier.files) diagnostics.set(file.path, []);
    for (const part of dossier.parts) if (part.path) this.partOwners.set(part.path, path);

    const links = createLinkResolver(
      this.host,
      root,
      (target) => this.fileModel(target)?.slugs,
      (target) => this.overlays.has(target),
    );
    const context = { dossier, catalogue: this.catalogue, links };
    const filters = new Map(dossier.files.map((file) => [file, suppressionFilter(file)]));
    for (const rule of RULES) {
      const severity = severityOf(rule.id, rule.defaultSeverity);
      if (!severity) continue;
      let findings: Finding[];
      try {
        findings = rule.check(context);
      } catch (error) {
        // One faulty rule must not take the others (or the server) down with it.
        findings = [{ file: index, range: { start: 0, end: 3 }, message: `Internal error in rule ${rule.id}: ${error instanceof Error ? error.message : String(error)}` }];
      }
      for (const finding of findings) {
        if (filters.get(finding.file)?.(rule.id, finding.range.start)) continue;
        const list = diagnostics.get(finding.file.path) ?? [];
        list.push({
          path: finding.file.path,
          range: finding.file.lines.rangeOf(finding.range.start, finding.range.end),
          severity,
          rule: rule.id,
          ...(finding.target !== undefined ? { target: finding.target } : {}),
          message: finding.message,
        });
        diagnostics.set(finding.file.path, list);
      }
    }
    for (const list of diagnostics.values()) list.sort(compareDiagnostics);
    return { diagnostics, dossier };
  }

  /** The index whose last check listed `path` as a part, if any. */
  ownerOf(path: string): string | undefined {
    return this.partOwners.get(path);
  }

  /**
   * What a feature (completion, hover, code action…) needs for a position in `path`: the file's
   * model and, when the file is an index or a known part, the whole dossier.
   */
  contextFor(path: string): { file?: FileModel; dossier?: Dossier } {
    const file = this.fileModel(path);
    if (!file) return {};
    const indexPath = file.isIndex ? path : this.partOwners.get(path);
    const index = indexPath === path ? file : indexPath ? this.fileModel(indexPath) : undefined;
    if (!index?.isIndex) return { file };
    const dossier = assembleDossier(index, this.host, (part) => this.fileModel(part), this.rootOf(index.path));
    return { file, dossier };
  }

  get fileSystem(): FileSystemHost {
    return this.host;
  }

  workspaceRootOf(path: string): string {
    return this.rootOf(path);
  }

  private reportConfig(config: ProjectConfig, diagnostics: Map<string, DossierDiagnostic[]>, severityOf: (rule: string, fallback: Severity) => Severity | undefined): void {
    if (!config.path) return;
    const lines = new LineIndex(config.text ?? '');
    const list = config.problems.flatMap((problem) => {
      const severity = severityOf(SERVICE_RULES.configInvalid.id, problem.severity);
      return severity
        ? [{ path: config.path!, range: lines.rangeOf(problem.range.start, problem.range.end), severity, rule: SERVICE_RULES.configInvalid.id, message: problem.message }]
        : [];
    });
    diagnostics.set(config.path, list);
  }
}

function compareDiagnostics(a: DossierDiagnostic, b: DossierDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule);
}
