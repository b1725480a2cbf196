/**
 * Completions for a dossier: frontmatter keys and values, checklist cells (ER numbers, Applies,
 * standards), link destinations and anchors, headings of missing sections, and rule names in
 * suppression comments. Which kind applies is decided by what is at the cursor (locate.ts).
 */
import * as path from 'node:path';
import { isMap, isScalar } from 'yaml';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  TextEdit,
  type CompletionItem,
  type CompletionList,
  type Position,
} from 'vscode-languageserver-types';
import { checklistOf } from '../model/checklist';
import type { FileModel } from '../model/fileModel';
import type { OffsetRange } from '../model/types';
import { frontmatterFlag } from '../model/dossier';
import { FRONTMATTER_FIELDS } from '../rules/frontmatterInvalid';
import { RULES, SERVICE_RULES } from '../rules';
import { isInside } from '../workspace/paths';
import type { FeatureContext } from './context';
import { describeCharacteristic, describeEr, describeStandard, erStatus } from './describe';
import { siblingKeys, destinationSpotAt, directiveSpotAt, frontmatterSpotAt, headingSpotAt, tableSpotAt, type DestinationSpot, type FrontmatterSpot, type HeadingSpot, type TableSpot } from './locate';
import { escapeSnippetText, expandSnippet, highestTabStop, shiftTabStops } from './snippetText';

export interface CompletionOptions {
  /** The client inserts snippets (tab stops, choices); else plain text with the defaults. */
  snippetSupport: boolean;
  /**
   * The whole section (its heading at `depth`, then its body) in snippet syntax with `\n` line
   * breaks: the team's template or the built-in one. Without it, or when it has none, the heading
   * is followed by one prompt line per required element of the catalogue.
   */
  sectionSnippet?: (sectionId: string, depth: number) => string | undefined;
}

const DEFAULT_OPTIONS: CompletionOptions = { snippetSupport: true };

type FieldSpec = (typeof FRONTMATTER_FIELDS)[number];

/** Builds items whose edits replace one range, as snippets or as plain text. */
class ItemFactory {
  constructor(
    private readonly file: FileModel,
    private readonly options: CompletionOptions,
  ) {}

  item(label: string, range: OffsetRange, newText: string, extra: Omit<CompletionItem, 'label' | 'textEdit'> & { snippet?: boolean } = {}): CompletionItem {
    const { snippet, ...rest } = extra;
    const useSnippet = Boolean(snippet) && this.options.snippetSupport;
    const text = snippet && !useSnippet ? expandSnippet(newText) : newText;
    const item: CompletionItem = { label, ...rest, textEdit: TextEdit.replace(this.file.lines.rangeOf(range.start, range.end), text) };
    if (useSnippet) item.insertTextFormat = InsertTextFormat.Snippet;
    return item;
  }
}

const markdown = (value: string): CompletionItem['documentation'] => ({ kind: MarkupKind.Markdown, value });
const sortKey = (rank: number, index: number): string => `${rank}-${String(index).padStart(4, '0')}`;

export function completionsAt(context: FeatureContext, position: Position, options: CompletionOptions = DEFAULT_OPTIONS): CompletionList {
  const { file } = context;
  const offset = file.lines.offsetAt(position);
  const items = new ItemFactory(file, options);
  const list = (found: CompletionItem[]): CompletionList => ({ isIncomplete: false, items: found });

  const directive = directiveSpotAt(file, offset);
  if (directive) return list(directive.kind === 'rule' ? ruleItems(items, directive.range, directive.listed) : directiveItems(items, directive.range, directive.yaml));

  const frontmatter = frontmatterSpotAt(file, offset);
  if (frontmatter) return list(looksLikeDossierFrontmatter(file) ? frontmatterItems(context, items, frontmatter) : []);

  const destination = destinationSpotAt(file, offset);
  if (destination) return list(destinationItems(context, items, destination, offset));

  const cell = tableSpotAt(file, offset);
  if (cell) return list(cell.erTable && cell.rowKind === 'body' ? cellItems(context, items, cell, offset) : []);

  const heading = headingSpotAt(file, offset);
  if (heading) return list(headingItems(context, items, heading, options));
  return list([]);
}

// ---------------------------------------------------------------------------------------------
// Suppression comments

function ruleItems(items: ItemFactory, range: OffsetRange, listed: string[]): CompletionItem[] {
  const rules = [...RULES, ...Object.values(SERVICE_RULES)];
  return rules
    .filter((rule) => !listed.includes(rule.id))
    .map((rule, index) => items.item(rule.id, range, rule.id, { kind: CompletionItemKind.Value, detail: rule.description, sortText: sortKey(0, index) }));
}

const HTML_DIRECTIVES: [string, string][] = [
  ['hie-disable-next-line', 'Silences the rules named after it (all rules when none) on the next line.'],
  ['hie-disable', 'Silences the rules named after it (all rules when none) until a matching hie-enable, or to the end of the file.'],
  ['hie-enable', 'Ends a hie-disable region for the rules named after it.'],
  ['hie-disable-file', 'Silences the rules named after it (all rules when none) in the whole file.'],
];

function directiveItems(items: ItemFactory, range: OffsetRange, yaml: boolean): CompletionItem[] {
  return HTML_DIRECTIVES.filter(([name]) => !yaml || name === 'hie-disable-next-line' || name === 'hie-disable-file').map(([name, about], index) =>
    items.item(name, range, `${name} `, { kind: CompletionItemKind.Keyword, detail: about, sortText: sortKey(0, index), command: { title: 'Rule names', command: 'editor.action.triggerSuggest' } }),
  );
}

// ---------------------------------------------------------------------------------------------
// Frontmatter

const KNOWN_ROOT_KEYS = new Set(FRONTMATTER_FIELDS.map((spec) => spec.path[0]!));

/** A dossier's frontmatter, or one that is being started (no keys foreign to the format). */
function looksLikeDossierFrontmatter(file: FileModel): boolean {
  if (file.isIndex) return true;
  const contents = file.parsed.frontmatter?.yaml.contents;
  if (!isMap(contents)) return true;
  return contents.items.every((pair) => !isScalar(pair.key) || KNOWN_ROOT_KEYS.has(String(pair.key.value)));
}

function valueSnippet(spec: FieldSpec): string {
  const type = spec.type;
  if (type === 'list') return '[$0]';
  if (type === 'boolean') return '${1|false,true|}';
  if (typeof type === 'object') return `\${1|${type.oneOf.join(',')}|}`;
  return '$0';
}

function fieldDocumentation(spec: FieldSpec): string {
  const type = spec.type;
  const values = typeof type === 'object' ? ` One of ${type.oneOf.map((v) => `\`${v}\``).join(', ')}.` : type === 'boolean' ? ' `true` or `false`.' : type === 'list' ? ' A list, e.g. `[a, b]`.' : '';
  return `**${spec.path.join('.')}** (${spec.required ? 'required' : 'optional'}): ${spec.about}.${values}`;
}

function frontmatterItems(context: FeatureContext, items: ItemFactory, spot: FrontmatterSpot): CompletionItem[] {
  const { file } = context;
  const cursorLine = file.lines.positionAt(spot.range.start).line;
  if (spot.kind === 'key') {
    const present = siblingKeys(file, cursorLine, spot.indent.length);
    const depth = spot.parent.length;
    const specs = FRONTMATTER_FIELDS.filter((spec) => spec.path.length > depth && spot.parent.every((key, i) => spec.path[i] === key));
    const eol = file.lines.eol;
    const seen = new Set<string>();
    const found: CompletionItem[] = [];
    specs.forEach((spec, index) => {
      const key = spec.path[depth]!;
      if (present.has(key) || seen.has(key)) return;
      seen.add(key);
      const isMapping = spec.path.length > depth + 1;
      const required = isMapping ? specs.some((s) => s.path[depth] === key && s.required) : spec.required;
      const children = specs.filter((s) => s.path[depth] === key).map((s) => s.path[depth + 1]);
      found.push(
        items.item(key, spot.range, isMapping ? `${key}:${eol}${spot.indent}  $0` : `${key}: ${valueSnippet(spec)}`, {
          kind: isMapping ? CompletionItemKind.Module : CompletionItemKind.Property,
          detail: isMapping ? `mapping: ${children.join(', ')}` : spec.about,
          documentation: markdown(isMapping ? `**${[...spot.parent, key].join('.')}** (${required ? 'required' : 'optional'}): a mapping with ${children.map((c) => `\`${c}\``).join(', ')}.` : fieldDocumentation(spec)),
          sortText: sortKey(required ? 0 : 1, index),
          snippet: true,
          ...(isMapping || typeof spec.type === 'object' || spec.type === 'boolean' ? { command: { title: 'Suggest values', command: 'editor.action.triggerSuggest' } } : {}),
        }),
      );
    });
    return found;
  }

  const name = spot.path.join('.');
  const spec = FRONTMATTER_FIELDS.find((s) => s.path.join('.') === name);
  if (!spec) return [];
  // Outside brackets, a list value is inserted as a whole flow sequence.
  const wrap = (text: string): string => (spec.type === 'list' && !spot.inSequence ? `[${text}]` : text);
  if (name === 'device.characteristics') {
    return context.catalogue.catalogue.characteristics
      .filter((c) => !spot.listed.includes(c.id))
      .map((c, index) =>
        items.item(c.id, spot.range, wrap(c.id), {
          kind: CompletionItemKind.EnumMember,
          detail: c.description.trim(),
          documentation: markdown(describeCharacteristic(context.catalogue, c.id)),
          sortText: sortKey(0, index),
        }),
      );
  }
  if (name === 'parts') return partItems(context, items, spot, wrap);
  const values = typeof spec.type === 'object' ? spec.type.oneOf : spec.type === 'boolean' ? ['false', 'true'] : [];
  return values.map((value, index) =>
    items.item(value, spot.range, value, { kind: CompletionItemKind.EnumMember, documentation: markdown(fieldDocumentation(spec)), sortText: sortKey(0, index) }),
  );
}

const SKIPPED_FOLDERS = new Set(['node_modules']);
const MARKDOWN_FILE = /\.(md|markdown)$/i;
const MAX_PART_CANDIDATES = 500;

/** Markdown files below the index's folder (a few levels deep), relative to the index. */
function markdownFilesNear(context: FeatureContext, index: FileModel): string[] {
  const root = path.dirname(index.path);
  const found: string[] = [];
  const walk = (folder: string, depth: number): void => {
    for (const entry of [...context.host.list(folder)].sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= MAX_PART_CANDIDATES || entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.kind === 'directory' && depth < 3 && !SKIPPED_FOLDERS.has(entry.name)) walk(full, depth + 1);
      else if (entry.kind === 'file' && MARKDOWN_FILE.test(entry.name) && full !== index.path) found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root, 0);
  return found;
}

function partItems(context: FeatureContext, items: ItemFactory, spot: Extract<FrontmatterSpot, { kind: 'value' }>, wrap: (text: string) => string): CompletionItem[] {
  const listed = new Set(spot.listed.map((p) => path.posix.normalize(p)));
  return markdownFilesNear(context, context.file)
    .filter((relative) => !listed.has(relative))
    .map((relative, index) => items.item(relative, spot.range, wrap(relative), { kind: CompletionItemKind.File, sortText: sortKey(relative.includes('/') ? 1 : 0, index) }));
}

// ---------------------------------------------------------------------------------------------
// Link destinations

function encodePathSegment(name: string): string {
  return name.replace(/[ ()<>%#?]/g, (ch) => encodeURIComponent(ch));
}

function destinationItems(context: FeatureContext, items: ItemFactory, spot: DestinationSpot, offset: number): CompletionItem[] {
  const { file, host, workspaceRoot } = context;
  const typed = spot.typed;
  const hash = typed.indexOf('#');
  const rest = file.text.slice(offset, spot.end);

  if (hash >= 0) {
    const written = decodeSafely(typed.slice(0, hash));
    const target = written === '' ? file.path : written.startsWith('/') ? path.join(workspaceRoot, written) : path.resolve(path.dirname(file.path), written);
    const range = { start: spot.start + hash + 1, end: spot.end };
    return anchorItems(context, items, target, range, '');
  }

  const slash = typed.lastIndexOf('/');
  const folderPart = typed.slice(0, slash + 1);
  const folder = folderPart.startsWith('/') ? path.join(workspaceRoot, decodeSafely(folderPart)) : path.resolve(path.dirname(file.path), decodeSafely(folderPart) || '.');
  if (!isInside(workspaceRoot, folder)) return [];
  const segmentEnd = offset + (/^[^/#]*/.exec(rest)![0].length);
  const range = { start: spot.start + slash + 1, end: segmentEnd };
  const found: CompletionItem[] = [];
  const entries = host.list(folder).filter((entry) => !entry.name.startsWith('.'));
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'directory' ? -1 : 1));
  entries.forEach((entry, index) => {
    const encoded = encodePathSegment(entry.name);
    if (entry.kind === 'directory') {
      found.push(items.item(`${entry.name}/`, range, `${encoded}/`, { kind: CompletionItemKind.Folder, sortText: sortKey(1, index), command: { title: 'Files', command: 'editor.action.triggerSuggest' } }));
    } else {
      found.push(items.item(entry.name, range, encoded, { kind: CompletionItemKind.File, sortText: sortKey(MARKDOWN_FILE.test(entry.name) ? 0 : 2, index) }));
    }
  });
  const segment = typed.slice(slash + 1);
  if (folder !== workspaceRoot && isInside(workspaceRoot, path.dirname(folder)) && (segment === '' || segment.startsWith('.'))) {
    found.push(items.item('../', range, '../', { kind: CompletionItemKind.Folder, sortText: sortKey(3, 0), command: { title: 'Files', command: 'editor.action.triggerSuggest' } }));
  }
  // Headings of this file, for a link within it.
  if (typed === '') found.push(...anchorItems(context, items, file.path, { start: spot.start, end: spot.end }, '#'));
  return found;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function anchorItems(context: FeatureContext, items: ItemFactory, target: string, range: OffsetRange, prefix: string): CompletionItem[] {
  if (!MARKDOWN_FILE.test(target) || !isInside(context.workspaceRoot, target)) return [];
  const model = target === context.file.path ? context.file : context.fileModel(target);
  if (!model) return [];
  return model.slugs.map((slug, index) =>
    items.item(`${prefix}${slug}`, range, `${prefix}${slug}`, {
      kind: CompletionItemKind.Reference,
      detail: `${'#'.repeat(model.headings[index]!.depth)} ${model.headings[index]!.text}`,
      sortText: sortKey(prefix ? 4 : 0, index),
      filterText: `${prefix}${slug}`,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Checklist cells

function cellItems(context: FeatureContext, items: ItemFactory, cell: TableSpot, offset: number): CompletionItem[] {
  switch (cell.column) {
    case 'er':
      return erItems(context, items, cell, offset);
    case 'applies':
      return appliesItems(context, items, cell);
    case 'standards':
      return standardItems(context, items, cell, offset);
    default:
      return [];
  }
}

function erItems(context: FeatureContext, items: ItemFactory, cell: TableSpot, offset: number): CompletionItem[] {
  const { catalogue, dossier, file } = context;
  const typed = file.text.slice(cell.cellRange.start, offset);
  const prefix = /^ER\s?/i.exec(typed)?.[0] ?? '';
  const checklist = dossier ? checklistOf(dossier, catalogue) : undefined;
  const hasRowAtOrBelow = (number: string): boolean => Boolean(checklist?.rowFor.has(number)) || catalogue.childrenOf(number).some((kid) => hasRowAtOrBelow(kid.number));
  // "Not yet in the table": no row addresses it and none of its sub-requirements has a row.
  const absent = (number: string): boolean => !checklist || (!checklist.addressing(number) && !hasRowAtOrBelow(number));
  return catalogue.catalogue.essentialRequirements.map((er, index) => {
    const missing = absent(er.number);
    return items.item(er.number, cell.cellRange, `${prefix}${er.number}`, {
      kind: CompletionItemKind.Constant,
      labelDetails: { description: er.title },
      detail: `${er.title}${missing ? '' : ' (already in the checklist)'}`,
      documentation: markdown(
        describeEr(catalogue, er.number, dossier ? { characteristics: dossier.characteristics, status: erStatus(catalogue, dossier, er.number, file) } : {}),
      ),
      filterText: `${prefix}${er.number} ${er.title}`,
      sortText: sortKey(missing ? 0 : 1, index),
    });
  });
}

const APPLIES_VALUES: { value: string; about: string }[] = [
  { value: 'Yes', about: 'The requirement applies: cite the standards or methods used and link the evidence.' },
  { value: 'Partly', about: 'The requirement applies in part: cite the evidence and say in the justification which part does not apply.' },
  { value: 'No', about: 'The requirement does not apply: the justification must say why, for this device.' },
];

function appliesItems(context: FeatureContext, items: ItemFactory, cell: TableSpot): CompletionItem[] {
  const { catalogue, dossier } = context;
  const number = cell.row?.number;
  const er = number ? catalogue.ers.get(number) : undefined;
  const applicable = er && dossier ? catalogue.isApplicable(er.number, dossier.characteristics) : undefined;
  return APPLIES_VALUES.filter(({ value }) => !(value === 'No' && er?.excludable === false)).map(({ value, about }, index) => {
    // Put first what the device's characteristics suggest.
    const suggested = applicable === undefined ? index === 0 : applicable ? value === 'Yes' : value === 'No';
    const item = items.item(value, cell.cellRange, value, {
      kind: CompletionItemKind.EnumMember,
      detail: about,
      sortText: sortKey(suggested ? 0 : 1, index),
      ...(er ? { documentation: markdown(describeEr(catalogue, er.number, dossier ? { characteristics: dossier.characteristics } : {})) } : {}),
    });
    if (suggested) item.preselect = true;
    return item;
  });
}

function standardItems(context: FeatureContext, items: ItemFactory, cell: TableSpot, offset: number): CompletionItem[] {
  const { catalogue, file } = context;
  // The cell is a list ("ISO 14971:2019; IEC 62304:2006+A1:2015"): complete the item at the cursor.
  const cellStart = Math.min(cell.cellRange.start, offset);
  const before = file.text.slice(cellStart, offset);
  const after = file.text.slice(offset, cell.cellRange.end);
  const itemStart = cellStart + Math.max(before.lastIndexOf(';'), before.lastIndexOf(',')) + 1;
  // The citation starts at its first letter or digit (after padding, or an emoji the author put there).
  const typedItem = file.text.slice(itemStart, offset);
  const firstWord = typedItem.search(/[A-Za-z0-9]/);
  const leading = firstWord < 0 ? typedItem.length : firstWord;
  const nextSeparator = after.search(/[;,]/);
  const itemEnd = nextSeparator < 0 ? cell.cellRange.end : offset + after.slice(0, nextSeparator).trimEnd().length;
  const range = { start: itemStart + leading, end: Math.max(itemEnd, offset) };
  const cited = new Set((cell.row?.standardsCell?.text ?? '').split(/[;,]/).map((s) => s.trim()).filter((s) => s !== file.text.slice(range.start, range.end).trim()));
  const typical = new Set((cell.row?.number ? catalogue.ers.get(cell.row.number)?.standards : undefined) ?? []);
  return catalogue.catalogue.standards
    .filter((standard) => !cited.has(standard.current))
    .map((standard, index) =>
      items.item(standard.current, range, standard.current, {
        kind: CompletionItemKind.Reference,
        labelDetails: { description: standard.title },
        detail: standard.title,
        documentation: markdown(describeStandard(standard)),
        filterText: `${standard.current} ${standard.title}`,
        sortText: sortKey(typical.has(standard.id) ? 0 : 1, index),
      }),
    );
}

// ---------------------------------------------------------------------------------------------
// Headings of missing sections

function headingItems(context: FeatureContext, items: ItemFactory, spot: HeadingSpot, options: CompletionOptions): CompletionItem[] {
  const { catalogue, dossier, file } = context;
  if (!dossier) return [];
  const present = new Set(
    dossier.files.flatMap((f) => f.sections.filter((s) => !(f === file && file.lines.positionAt(s.heading.range.start).line === spot.line)).map((s) => s.sectionId)),
  );
  const required = new Set(catalogue.requiredSections((flag) => frontmatterFlag(dossier.index, flag)).map((s) => s.id));
  const eol = file.lines.eol;
  return catalogue.catalogue.sections
    .filter((section) => !present.has(section.id))
    .map((section, index) => {
      const heading = `${spot.marks} ${section.name}`;
      const template = options.sectionSnippet?.(section.id, spot.marks.length);
      const newText = template !== undefined ? template.replace(/\r?\n/g, eol) : `${escapeSnippetText(heading)}${eol}${eol}${sectionBody(section.id, context, eol)}`;
      return items.item(section.name, spot.range, newText, {
        kind: CompletionItemKind.Module,
        detail: required.has(section.id) ? 'Required section, not yet in the dossier' : `Needed only when \`${section.requiredWhen}: true\``,
        documentation: markdown(section.elements.length > 0 ? `Must contain:\n\n${section.elements.map((e) => `- ${e.description}`).join('\n')}` : 'Holds the essential requirements checklist table.'),
        filterText: heading,
        sortText: sortKey(required.has(section.id) ? 0 : 1, index),
        snippet: true,
      });
    });
}

/** What follows the built-in heading: the checklist's header, or one prompt line per required element. */
function sectionBody(sectionId: string, context: FeatureContext, eol: string): string {
  const section = context.catalogue.sections.get(sectionId)!;
  if (sectionId === 'essential-requirements') {
    return ['| ER | Applies | Standards | Evidence | Justification |', '| --- | --- | --- | --- | --- |'].join(eol);
  }
  let used = 0;
  const lines = section.elements.map((element) => {
    const line = `- ${shiftTabStops(element.prompt, used)}`;
    used = Math.max(used, highestTabStop(line));
    return line;
  });
  return lines.join(eol);
}
