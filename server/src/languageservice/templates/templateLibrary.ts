/**
 * A team's library of section templates: folders (from `hieDossier.templateFolders` and from
 * `templates:` in `.hie-dossier.yaml`) holding
 *
 * - Markdown files named by section id (`market-scan.md`), in template syntax (`${1:placeholder}`
 *   marks a placeholder; everything else is literal), and
 * - VS Code snippet files (`*.code-snippets`, JSON with comments) whose snippet names or prefixes
 *   are section ids.
 *
 * The first folder that has a template for a section wins. Files are read through the
 * FileSystemHost, so the library works the same on disk and in tests; nothing is written.
 */
import * as path from 'node:path';
import { distance } from 'fastest-levenshtein';
import type { OffsetRange } from '../model/types';
import type { FileSystemHost } from '../workspace/host';
import { templateToSnippet } from './snippetSyntax';

export interface SectionTemplate {
  sectionId: string;
  /** The template in VS Code snippet syntax. */
  snippet: string;
  /** The file it came from. */
  file: string;
}

export interface LibraryProblem {
  range: OffsetRange;
  severity: 'error' | 'warning';
  message: string;
}

export interface LibraryFile {
  path: string;
  text: string;
  problems: LibraryProblem[];
}

export interface TemplateLibrary {
  templates: Map<string, SectionTemplate>;
  /** Every snippet file read, and every Markdown file with a problem. */
  files: LibraryFile[];
}

export const SNIPPET_FILE = /\.code-snippets$/i;
const MARKDOWN_FILE = /\.md$/i;

/** Blanks out `//` and `/* *\/` comments and trailing commas, keeping every offset in place. */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') {
        out += ' ';
        i++;
      }
      i--;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      out += text.slice(i, end).replace(/[^\r\n]/g, ' ');
      i = end - 1;
    } else out += ch;
  }
  return blankTrailingCommas(out);
}

/** A comma followed only by blanks before `}` or `]` (outside strings) is a trailing comma. */
function blankTrailingCommas(text: string): string {
  const chars = text.split('');
  let inString = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === ',') {
      let next = i + 1;
      while (next < chars.length && /\s/.test(chars[next]!)) next++;
      if (chars[next] === '}' || chars[next] === ']') chars[i] = ' ';
    }
  }
  return chars.join('');
}

function jsonErrorRange(error: unknown, text: string): OffsetRange {
  const at = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  const start = at ? Math.min(Number(at[1]), Math.max(0, text.length - 1)) : 0;
  return { start, end: Math.min(text.length, start + 1) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

function nameRange(text: string, name: string): OffsetRange {
  const at = text.indexOf(JSON.stringify(name));
  return at < 0 ? { start: 0, end: Math.min(1, text.length) } : { start: at, end: at + JSON.stringify(name).length };
}

/**
 * Reads a `.code-snippets` file: the snippets whose name or a prefix is a known section id become
 * templates; other snippets are the team's own business and are left alone.
 */
export function parseSnippetFile(file: string, text: string, sectionIds: ReadonlySet<string>): { templates: SectionTemplate[]; problems: LibraryProblem[] } {
  const problems: LibraryProblem[] = [];
  const templates: SectionTemplate[] = [];
  const name = path.basename(file);
  let data: unknown;
  try {
    const stripped = stripJsonComments(text.replace(/^\uFEFF/, ' '));
    data = stripped.trim() === '' ? {} : JSON.parse(stripped);
  } catch (error) {
    problems.push({ range: jsonErrorRange(error, text), severity: 'error', message: `The snippet file ${name} is not valid JSON, so its templates are not used: ${error instanceof Error ? error.message : String(error)}` });
    return { templates, problems };
  }
  if (!isRecord(data)) {
    problems.push({ range: { start: 0, end: Math.min(1, text.length) }, severity: 'error', message: `The snippet file ${name} must be a JSON object of named snippets, so its templates are not used.` });
    return { templates, problems };
  }
  for (const [snippetName, snippet] of Object.entries(data)) {
    const prefixes = isRecord(snippet) ? (stringList(snippet['prefix']) ?? []) : [];
    const sectionId = [snippetName, ...prefixes].find((candidate) => sectionIds.has(candidate));
    if (!sectionId) continue;
    const body = isRecord(snippet) ? stringList(snippet['body']) : undefined;
    if (!body) {
      problems.push({ range: nameRange(text, snippetName), severity: 'error', message: `The snippet "${snippetName}" (section ${sectionId}) needs a \`body\`: a string or a list of lines. It is not used.` });
      continue;
    }
    templates.push({ sectionId, snippet: body.join('\n'), file });
  }
  return { templates, problems };
}

/** A Markdown template's name is its section id; a name close to one is probably a typo. */
function markdownNameProblem(file: string, text: string, sectionIds: ReadonlySet<string>): LibraryProblem | undefined {
  const id = path.basename(file).replace(MARKDOWN_FILE, '');
  if (sectionIds.has(id)) return undefined;
  const near = [...sectionIds].find((candidate) => distance(candidate, id) <= 2);
  return near === undefined
    ? undefined
    : { range: { start: 0, end: Math.min(1, text.length) }, severity: 'warning', message: `This template is named "${id}", which is not a section id: rename it ${near}.md to use it for the section ${near}.` };
}

export interface LoadOptions {
  /** Parsed snippet files by path and text, so a check does not re-parse unchanged files. */
  cache?: Map<string, { text: string; parsed: ReturnType<typeof parseSnippetFile> }>;
}

/** Loads the templates of the given folders (absolute paths, first wins) through the host. */
export function loadTemplateLibrary(host: FileSystemHost, folders: readonly string[], sectionIds: ReadonlySet<string>, options: LoadOptions = {}): TemplateLibrary {
  const templates = new Map<string, SectionTemplate>();
  const files: LibraryFile[] = [];
  const seenFolders = new Set<string>();
  for (const folder of folders) {
    if (seenFolders.has(folder)) continue;
    seenFolders.add(folder);
    const entries = host
      .list(folder)
      .filter((entry) => entry.kind === 'file')
      .map((entry) => entry.name)
      .sort();
    // Markdown files first: a file named by the section id is the most explicit choice.
    for (const name of entries.filter((n) => MARKDOWN_FILE.test(n))) {
      const file = path.join(folder, name);
      const text = host.readText(file);
      if (text === undefined) continue;
      const id = name.replace(MARKDOWN_FILE, '');
      if (sectionIds.has(id)) {
        if (!templates.has(id)) templates.set(id, { sectionId: id, snippet: templateToSnippet(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')), file });
        continue;
      }
      const problem = markdownNameProblem(file, text, sectionIds);
      if (problem) files.push({ path: file, text, problems: [problem] });
    }
    for (const name of entries.filter((n) => SNIPPET_FILE.test(n))) {
      const file = path.join(folder, name);
      const text = host.readText(file);
      if (text === undefined) continue;
      const cached = options.cache?.get(file);
      const parsed = cached && cached.text === text ? cached.parsed : parseSnippetFile(file, text, sectionIds);
      options.cache?.set(file, { text, parsed });
      files.push({ path: file, text, problems: parsed.problems });
      for (const template of parsed.templates) if (!templates.has(template.sectionId)) templates.set(template.sectionId, template);
    }
  }
  return { templates, files };
}

/** Folders from the `hieDossier.templateFolders` setting, which are relative to the workspace. */
export function settingsTemplateFolders(folders: readonly string[], workspaceRoot: string): string[] {
  return folders.map((folder) => path.resolve(workspaceRoot, folder));
}
