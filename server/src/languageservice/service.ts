/**
 * The dossier language service: the one entry point shared by the language server and the CLI.
 * It owns a cache of parsed files (re-parsed incrementally when their text changes), reads
 * everything else through the injected FileSystemHost, and turns rule findings into diagnostics
 * with severities from `.hie-dossier.yaml` and the editor's settings.
 */
import type { Catalogue } from '../../../shared/src/catalogue-types';
import type { SeverityName } from '../../../shared/src/settings';
import { CatalogueIndex } from './catalogue/catalogueIndex';
import { confineToWorkspace, findProjectConfig, parseProjectConfig, type ProjectConfig } from './config/projectConfig';
import { suppressionFilter } from './config/suppressions';
import { assembleDossier, staysInside, type Dossier } from './model/dossier';
import { buildFileModel, type FileModel } from './model/fileModel';
import type { ParsedMarkdown } from './model/types';
import { parseMarkdown, reparseMarkdown } from './parse/parseMarkdown';
import { memoisedHost, memoisedLinkResolver, RememberingSectionMatcher } from './incremental/memo';
import { RuleResultCache } from './incremental/ruleCache';
import { ALL_RULE_IDS, RULES, SERVICE_RULES } from './rules';
import type { SectionMatcher } from './model/sectionMatcher';
import { TeamLibraries, type TeamFileReport } from './templates/teamLibraries';
import type { Finding, Rule, Severity } from './rules/rule';
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
  /** The section matcher the model was built with (a team's catalogue extension has its own). */
  matcher: SectionMatcher;
}

const DEFAULT_MAX_FILE_SIZE_KB = 4096;
/** A cheap look at the start of a file: only text that opens with frontmatter can be an index. */
const OPENS_WITH_FRONTMATTER = /^\uFEFF?---[ \t]*\r?\n/;
/** Frontmatter with a `device` key, for files too large or too broken to parse. */
const DECLARES_DEVICE = /^\uFEFF?---[ \t]*\r?\n(?:(?!^---)[^])*?^device\s*:/m;
const MARKDOWN_PATH = /\.(md|markdown)$/i;

export class DossierService {
  readonly catalogue: CatalogueIndex;
  private readonly host: FileSystemHost;
  private readonly rootOf: (path: string) => string;
  private readonly overlays = new Map<string, string>();
  /** Files whose last parse failed, with the reason (see fileModel). */
  private readonly unparsable = new Map<string, string>();
  private readonly files = new Map<string, CachedFile>();
  private readonly configs = new Map<string, ProjectConfig>();
  /** Part path → the index that listed it at its last check. */
  private readonly partOwners = new Map<string, string>();
  /** Each dossier's last findings per rule, reused while what the rule reads is unchanged. */
  private readonly ruleResults = new RuleResultCache();
  private readonly sectionMatcher: RememberingSectionMatcher;
  /** Team catalogue extensions and template libraries named by `.hie-dossier.yaml`. */
  private readonly team: TeamLibraries;
  /** The catalogue each index was last checked with: another one invalidates its cached rule results. */
  private readonly checkedWith = new Map<string, CatalogueIndex>();

  constructor(options: ServiceOptions) {
    this.catalogue = new CatalogueIndex(options.catalogue);
    this.sectionMatcher = new RememberingSectionMatcher(options.catalogue.sections);
    this.team = new TeamLibraries(this.catalogue, options.host);
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
    this.ruleResults.forget(path);
  }

  textOf(path: string): string | undefined {
    return this.overlays.get(path) ?? this.host.readText(path);
  }

  /** The model of a file at its current text, re-parsing only what changed since the last call. */
  fileModel(path: string, text = this.textOf(path), matcher: SectionMatcher = this.sectionMatcher): FileModel | undefined {
    if (text === undefined) return undefined;
    const cached = this.files.get(path);
    if (cached && cached.text === text && cached.matcher === matcher) return cached.model;
    let model: FileModel;
    try {
      const parsed = cached?.text === text ? cached.model.parsed : cached ? reparseMarkdown(cached.model.parsed, text) : parseMarkdown(text);
      model = buildFileModel(path, parsed, matcher);
    } catch (error) {
      // The Markdown libraries recurse: thousands of nested `>` exhaust the stack. Such a file is
      // reported as unreadable (see check) instead of taking the server or the CLI down.
      this.files.delete(path);
      this.unparsable.set(path, error instanceof Error ? error.message : String(error));
      return undefined;
    }
    this.unparsable.delete(path);
    this.files.set(path, { text, model, matcher });
    return model;
  }

  /** Whether the file has a parse to start from, so that fileModel() re-parses only what changed. */
  hasParse(path: string): boolean {
    return this.files.has(path);
  }

  /**
   * Takes a parse made elsewhere, so fileModel() does not parse the text again: the server
   * parses large files in slices (parseMarkdownInSlices) to answer requests in between.
   */
  adoptParse(path: string, parsed: ParsedMarkdown): void {
    const matcher = this.matcherFor(this.catalogueFor(path));
    this.files.set(path, { text: parsed.text, model: buildFileModel(path, parsed, matcher), matcher });
    this.unparsable.delete(path);
  }

  /** Whether a text is a dossier index, reading no more than needed. */
  isIndexText(path: string, text: string): boolean {
    if (!OPENS_WITH_FRONTMATTER.test(text)) return false;
    // A large file is judged by a look at its frontmatter, not parsed: check() parses it only
    // when it is within the size limit, and otherwise reports it as too large.
    if (text.length > 1024 * 1024) return DECLARES_DEVICE.test(text.slice(0, 65536));
    return this.fileModel(path, text)?.isIndex ?? false;
  }

  projectConfig(path: string, explicit?: string): ProjectConfig {
    // Never above the workspace: a configuration outside it is not the workspace's to apply.
    const configPath = explicit ?? findProjectConfig(this.host, path, this.rootOf(path));
    if (!configPath) return { rules: {}, templates: [], problems: [] };
    const text = this.overlays.get(configPath) ?? this.host.readText(configPath);
    const cached = this.configs.get(configPath);
    if (cached && cached.text === text) return cached;
    const config: ProjectConfig =
      text === undefined
        ? { path: configPath, rules: {}, templates: [], problems: [{ range: { start: 0, end: 0 }, severity: 'error', message: `Configuration file ${configPath} cannot be read: using the default settings.` }] }
        : parseProjectConfig(configPath, text, ALL_RULE_IDS);
    if (text !== undefined) config.text = text;
    if (!explicit) {
      const root = this.rootOf(configPath);
      confineToWorkspace(config, (target) => staysInside(this.host, root, target));
    }
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
    const team = this.team.resolve(config, (file) => this.textOf(file));
    const catalogue = team.catalogue;
    const matcher = this.matcherFor(catalogue);
    if (text === undefined) {
      const reason = MARKDOWN_PATH.test(path) ? this.host.readError?.(path) : undefined;
      if (reason) this.reportUnreadable(path, `This file ${reason}, so it was not checked.`, diagnostics, severityOf);
      return { diagnostics };
    }
    if (!OPENS_WITH_FRONTMATTER.test(text)) return { diagnostics };

    const limitKb = settings.maxFileSizeKb ?? DEFAULT_MAX_FILE_SIZE_KB;
    if (text.length > limitKb * 1024) {
      const severity = severityOf(SERVICE_RULES.fileTooLarge.id, SERVICE_RULES.fileTooLarge.defaultSeverity);
      if (severity && DECLARES_DEVICE.test(text.slice(0, 65536))) {
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

    const index = this.fileModel(path, text, matcher);
    const failure = this.unparsable.get(path);
    if (!index && failure !== undefined && DECLARES_DEVICE.test(text.slice(0, 65536))) {
      this.reportUnreadable(path, `This dossier could not be parsed (${failure}), so it was not checked: look for very deeply nested quotes or lists.`, diagnostics, severityOf);
    }
    if (!index?.isIndex) return { diagnostics };
    for (const report of team.reports) this.reportTeamFile(report, diagnostics, severityOf);
    if (this.checkedWith.get(path) !== catalogue) this.ruleResults.forget(path);
    this.checkedWith.set(path, catalogue);
    const root = this.rootOf(path);
    // Within one check the disk is taken as fixed: each path is asked about once.
    const disk = memoisedHost(this.host);
    const readText = (file: string): string | undefined => this.overlays.get(file) ?? disk.readText(file);
    const dossier = assembleDossier(index, disk, (part) => {
      const partText = readText(part);
      return partText !== undefined && partText.length <= limitKb * 1024 ? this.fileModel(part, partText, matcher) : undefined;
    }, root);
    for (const file of dossier.files) diagnostics.set(file.path, []);
    for (const part of dossier.parts) if (part.path) this.partOwners.set(part.path, path);

    const links = memoisedLinkResolver(
      createLinkResolver(
        disk,
        root,
        (target) => this.fileModel(target, readText(target), matcher)?.slugs,
        (target) => this.overlays.has(target),
      ),
    );
    const context = { dossier, catalogue, links };
    const filters = new Map(dossier.files.map((file) => [file, suppressionFilter(file)]));
    const enabled = RULES.flatMap((rule) => {
      const severity = severityOf(rule.id, rule.defaultSeverity);
      return severity ? [{ rule, severity }] : [];
    });
    const runRule = (rule: Rule): Finding[] => {
      try {
        return rule.check(context);
      } catch (error) {
        // One faulty rule must not take the others (or the server) down with it.
        return [{ file: index, range: { start: 0, end: 3 }, message: `Internal error in rule ${rule.id}: ${error instanceof Error ? error.message : String(error)}` }];
      }
    };
    const findingsByRule = this.ruleResults.findings(context, enabled.map(({ rule }) => rule), runRule);
    for (const { rule, severity } of enabled) {
      for (const finding of findingsByRule.get(rule.id) ?? []) {
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
    const matcher = this.matcherFor(this.catalogueFor(path));
    const file = this.fileModel(path, undefined, matcher);
    if (!file) return {};
    const indexPath = file.isIndex ? path : this.partOwners.get(path);
    const index = indexPath === path ? file : indexPath ? this.fileModel(indexPath, undefined, matcher) : undefined;
    if (!index?.isIndex) return { file };
    const dossier = assembleDossier(index, this.host, (part) => this.fileModel(part, undefined, matcher), this.rootOf(index.path));
    return { file, dossier };
  }

  get fileSystem(): FileSystemHost {
    return this.host;
  }

  workspaceRootOf(path: string): string {
    return this.rootOf(path);
  }

  /**
   * The catalogue that applies to a file: the built-in one, extended by the team's file when its
   * `.hie-dossier.yaml` names one under `catalogue:`. Features should use it rather than `catalogue`.
   */
  catalogueFor(path: string, configFile?: string): CatalogueIndex {
    return this.team.resolve(this.projectConfig(path, configFile), (file) => this.textOf(file)).catalogue;
  }

  private matcherFor(catalogue: CatalogueIndex): SectionMatcher {
    return catalogue === this.catalogue ? this.sectionMatcher : catalogue.sectionMatcher;
  }

  /** Problems of a team file (catalogue extension, template library) as `config-invalid` diagnostics on that file. */
  private reportTeamFile(report: TeamFileReport, diagnostics: Map<string, DossierDiagnostic[]>, severityOf: (rule: string, fallback: Severity) => Severity | undefined): void {
    const lines = new LineIndex(report.text);
    const list = diagnostics.get(report.path) ?? [];
    for (const problem of report.problems) {
      const severity = severityOf(SERVICE_RULES.configInvalid.id, problem.severity);
      if (severity) list.push({ path: report.path, range: lines.rangeOf(problem.range.start, problem.range.end), severity, rule: SERVICE_RULES.configInvalid.id, message: problem.message });
    }
    diagnostics.set(report.path, list);
  }

  private reportUnreadable(path: string, message: string, diagnostics: Map<string, DossierDiagnostic[]>, severityOf: (rule: string, fallback: Severity) => Severity | undefined): void {
    const severity = severityOf(SERVICE_RULES.fileUnreadable.id, SERVICE_RULES.fileUnreadable.defaultSeverity);
    if (!severity) return;
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    diagnostics.get(path)!.push({ path, range, severity, rule: SERVICE_RULES.fileUnreadable.id, message });
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
