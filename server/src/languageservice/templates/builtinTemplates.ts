/**
 * The built-in section templates: shared/templates/<section-id>.md, data shipped with the
 * extension like the catalogue. They hold a heading and placeholder lines only (the catalogue's
 * prompts), never regulatory text. A team's library, when it has a template, wins over these.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SectionSpec } from '../../../../shared/src/catalogue-types';
import type { SectionTemplate } from './templateLibrary';
import { escapeSnippetText, promptLead, snippetToPlain, templateToSnippet } from './snippetSyntax';

/** Absolute path of shared/templates, found by walking up from this module (sources or dist/). */
export function builtinTemplateDirectory(): string | undefined {
  let dir = path.resolve(fileURLToPath(new URL('.', import.meta.url)));
  for (;;) {
    const candidate = path.join(dir, 'shared', 'templates');
    if (existsSync(path.join(candidate, 'market-scan.md'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

let builtins: Map<string, SectionTemplate> | undefined;

/** The built-in templates by section id (read once; an unreadable folder means none). */
export function builtinTemplates(): ReadonlyMap<string, SectionTemplate> {
  if (builtins) return builtins;
  builtins = new Map();
  const dir = builtinTemplateDirectory();
  if (!dir) return builtins;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.md')).sort()) {
    const file = path.join(dir, name);
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    const sectionId = name.slice(0, -'.md'.length);
    builtins.set(sectionId, { sectionId, snippet: templateToSnippet(text), file });
  }
  return builtins;
}

/** Renumbers the tab stops of a template-syntax text from `first` on, keeping repeated numbers linked. */
export function renumberTabStops(template: string, first: number): { text: string; next: number } {
  const map = new Map<string, number>();
  let next = first;
  const text = template.replace(/\$\{(\d+)([:|}])/g, (_match, stop: string, separator: string) => {
    if (!map.has(stop)) map.set(stop, next++);
    return `\${${map.get(stop)}${separator}`;
  });
  return { text, next };
}

/**
 * The built-in template of a section, in snippet syntax, completed with a prompt line for each
 * element the file does not cover (elements a team's catalogue extension added, or a whole section
 * it added, which has no file): the same shape as the files, heading then prompts.
 */
export function builtinSectionTemplate(spec: SectionSpec): SectionTemplate {
  const file = builtinTemplates().get(spec.id);
  let snippet = file?.snippet.replace(/\n+$/, '') ?? `## ${escapeSnippetText(spec.name)}`;
  let next = Math.max(0, ...[...snippet.matchAll(/\$\{(\d+)[:|}]/g)].map((m) => Number(m[1]))) + 1;
  const plain = snippetToPlain(snippet);
  for (const element of spec.elements) {
    if (plain.includes(promptLead(element.prompt))) continue;
    const renumbered = renumberTabStops(element.prompt, next);
    next = renumbered.next;
    snippet += `\n\n${templateToSnippet(renumbered.text)}`;
  }
  return { sectionId: spec.id, snippet: `${snippet}\n`, file: file?.file ?? 'built-in' };
}
