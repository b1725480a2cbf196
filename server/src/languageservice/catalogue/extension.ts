/**
 * A team's catalogue extension: the YAML file named by `catalogue:` in `.hie-dossier.yaml`. It may
 * add sections, add required elements to existing sections and add local standards:
 *
 *   sections:
 *     - id: software-safety-case          # a new section id
 *       name: Software safety case        # the heading the quick fix writes
 *       aliases: [safety case]            # other headings that open it (optional)
 *       after: risk-management            # where it goes in the section order (optional)
 *       requiredWhen: clinical-investigation   # optional, as in the built-in catalogue
 *       elements:                          # as in shared/catalogue/sections.yaml
 *         - { id: hazard-log, description: where the hazard log is kept,
 *             recognisedBy: { allOf: [['hazard log']] }, prompt: 'Hazard log: ${1:location}' }
 *   elements:                              # extra required elements of existing sections
 *     qms:
 *       - { id: certificate, description: the QMS certificate number, recognisedBy: …, prompt: … }
 *   standards:                             # local standards, cited like any other
 *     - { id: DCB0129, title: Clinical risk management …, current: DCB0129:2018, replaces: [], supports: ['1'] }
 *
 * Every item is checked on its own (schema, then cross-references): a bad item is reported and
 * left out, and the rest of the extension still applies. The built-in catalogue is never changed.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, type Document, type Node as YamlNode } from 'yaml';
import { parseYamlDocument } from '../parse/yamlDocument';
import baseSchema from '../../../../shared/catalogue/catalogue.schema.json';
import type { Catalogue, SectionElement, SectionSpec, Standard } from '../../../../shared/src/catalogue-types';
import type { OffsetRange } from '../model/types';
import { normaliseHeading } from '../model/sectionMatcher';
import { CatalogueIndex, normaliseStandard } from './catalogueIndex';

export interface ExtensionProblem {
  range: OffsetRange;
  severity: 'error' | 'warning';
  message: string;
}

export interface MergedCatalogue {
  catalogue: Catalogue;
  problems: ExtensionProblem[];
}

const BASE_ID = (baseSchema as { $id: string }).$id;
const ref = (definition: string): { $ref: string } => ({ $ref: `${BASE_ID}#/definitions/${definition}` });

const SECTION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'elements'],
  properties: {
    id: ref('slug'),
    name: ref('text'),
    aliases: { type: 'array', uniqueItems: true, items: ref('text') },
    after: ref('slug'),
    requiredWhen: ref('frontmatterPath'),
    elements: { type: 'array', items: ref('element') },
    sources: { type: 'array', uniqueItems: true, items: ref('sourceId') },
  },
};

const STANDARD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'current'],
  properties: {
    id: ref('text'),
    title: ref('text'),
    current: ref('text'),
    replaces: { type: 'array', uniqueItems: true, items: ref('text') },
    supports: { type: 'array', uniqueItems: true, items: ref('erNumber') },
    sources: { type: 'array', uniqueItems: true, items: ref('sourceId') },
  },
};

const TOP_LEVEL_KEYS = ['sections', 'elements', 'standards'];

interface Validators {
  section: ValidateFunction;
  element: ValidateFunction;
  standard: ValidateFunction;
}

let validators: Validators | undefined;

function getValidators(): Validators {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addSchema(baseSchema);
    validators = { section: ajv.compile(SECTION_SCHEMA), element: ajv.compile(ref('element')), standard: ajv.compile(STANDARD_SCHEMA) };
  }
  return validators;
}

function nodeRange(node: unknown, fallback: OffsetRange): OffsetRange {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? { start: range[0], end: Math.max(range[1], range[0] + 1) } : fallback;
}

/** The YAML node at a path of keys and indexes, for pointing a problem at it. */
function nodeAt(doc: Document.Parsed, path: (string | number)[]): unknown {
  return path.length === 0 ? doc.contents : doc.getIn(path, true);
}

function keyNodeOf(doc: Document.Parsed, path: (string | number)[], key: string): unknown {
  const map = nodeAt(doc, path);
  if (!isMap(map)) return undefined;
  return map.items.find((pair) => (pair.key as { value?: unknown } | null)?.value === key)?.key;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const where = error.instancePath ? `\`${error.instancePath.slice(1).split('/').map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i > 0 ? '.' : ''}${s}`)).join('')}\` ` : '';
  if (error.keyword === 'additionalProperties') return `unknown property \`${String(params['additionalProperty'])}\``;
  if (error.keyword === 'required') return `${where}missing \`${String(params['missingProperty'])}\``;
  if (error.keyword === 'pattern' && error.instancePath.endsWith('/id')) return `${where}must be lower case words joined by hyphens`;
  return `${where}${error.message ?? 'is invalid'}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Ordinary YAML turns `supports: [1, 2]` into numbers; ER numbers are text. */
function erNumbersAsText(value: unknown): unknown {
  if (!isRecord(value) || !Array.isArray(value['supports'])) return value;
  return { ...value, supports: value['supports'].map((item: unknown) => (typeof item === 'number' ? String(item) : item)) };
}

function invalidPatterns(element: SectionElement): string[] {
  const bad: string[] = [];
  for (const group of element.recognisedBy.allOf) {
    for (const pattern of group) {
      try {
        new RegExp(pattern, 'iu');
      } catch (error) {
        bad.push(`${JSON.stringify(pattern)} is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }
  return bad;
}

/**
 * Merges a catalogue extension into the base catalogue. Pure: never throws, never changes `base`;
 * `path` names the file in messages. Problems carry offsets into `extensionText`.
 */
export function mergeCatalogue(base: Catalogue, extensionText: string, path: string): MergedCatalogue {
  const problems: ExtensionProblem[] = [];
  const whole: OffsetRange = { start: 0, end: Math.min(1, extensionText.length) };
  const fileName = path.split(/[\\/]/).pop() ?? path;
  // Linear duplicate-key check: the yaml package's own is quadratic on a hostile file.
  const doc = parseYamlDocument(extensionText, { strict: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({ range: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1) }, severity: 'error', message: `The catalogue extension ${fileName} is not valid YAML, so none of it is used: ${error.message.split('\n')[0]}` });
    }
    return { catalogue: base, problems };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    problems.push({ range: whole, severity: 'error', message: `The catalogue extension ${fileName} cannot be read, so none of it is used: ${error instanceof Error ? error.message : String(error)}` });
    return { catalogue: base, problems };
  }
  if (data === null || data === undefined) return { catalogue: base, problems };
  if (!isRecord(data)) {
    problems.push({ range: nodeRange(doc.contents, whole), severity: 'error', message: `The catalogue extension ${fileName} must be a mapping with \`sections\`, \`elements\` or \`standards\`, so none of it is used.` });
    return { catalogue: base, problems };
  }
  for (const key of Object.keys(data)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      problems.push({ range: nodeRange(keyNodeOf(doc, [], key), whole), severity: 'warning', message: `Unknown key \`${key}\` ignored: a catalogue extension has ${TOP_LEVEL_KEYS.map((k) => `\`${k}\``).join(', ')}.` });
    }
  }

  const check = getValidators();
  const report = (path: (string | number)[], message: string, severity: 'error' | 'warning' = 'error', node?: unknown): void => {
    problems.push({ range: nodeRange(node ?? nodeAt(doc, path), whole), severity, message });
  };
  const schemaProblems = (validate: ValidateFunction, value: unknown, path: (string | number)[], label: string): boolean => {
    if (validate(value)) return false;
    for (const error of validate.errors ?? []) {
      const inner = error.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const params = error.params as Record<string, unknown>;
      const node =
        error.keyword === 'additionalProperties' ? keyNodeOf(doc, [...path, ...inner], String(params['additionalProperty'])) : nodeAt(doc, [...path, ...inner]);
      report([...path, ...inner], `${label}: ${describe(error)}; it is left out.`, 'error', node ?? nodeAt(doc, path));
    }
    return true;
  };

  const sections: SectionSpec[] = base.sections.map((section) => ({ ...section, elements: [...section.elements] }));
  const headingOwner = new Map<string, string>();
  for (const section of sections) for (const heading of [section.name, ...section.aliases]) headingOwner.set(normaliseHeading(heading), section.id);

  // Extra sections.
  const extraSections = data['sections'];
  if (extraSections !== undefined && !Array.isArray(extraSections)) report(['sections'], '`sections` must be a list of sections; it is ignored.');
  (Array.isArray(extraSections) ? extraSections : []).forEach((raw: unknown, index) => {
    const path = ['sections', index];
    const label = `Section ${isRecord(raw) && typeof raw['id'] === 'string' ? `\`${raw['id']}\`` : `#${index + 1}`}`;
    if (schemaProblems(check.section, raw, path, label)) return;
    const item = raw as { id: string; name: string; aliases?: string[]; after?: string; requiredWhen?: string; elements: SectionElement[]; sources?: string[] };
    if (sections.some((s) => s.id === item.id)) {
      report([...path, 'id'], `${label} already exists: add elements to it under \`elements: ${item.id}:\` instead; it is left out.`);
      return;
    }
    for (const heading of [item.name, ...(item.aliases ?? [])]) {
      const owner = headingOwner.get(normaliseHeading(heading));
      if (owner !== undefined) {
        report([...path], `${label}: the heading "${heading}" already opens section \`${owner}\`; it is left out.`);
        return;
      }
    }
    const elementIds = new Set<string>();
    for (const [e, element] of item.elements.entries()) {
      const bad = invalidPatterns(element);
      if (bad.length > 0) {
        report([...path, 'elements', e, 'recognisedBy'], `${label}, element \`${element.id}\`: ${bad.join('; ')}; the section is left out.`);
        return;
      }
      if (elementIds.has(element.id)) {
        report([...path, 'elements', e, 'id'], `${label}: element \`${element.id}\` appears twice; the section is left out.`);
        return;
      }
      elementIds.add(element.id);
    }
    const spec: SectionSpec = { id: item.id, name: item.name, aliases: item.aliases ?? [], elements: item.elements, sources: item.sources ?? [] };
    if (item.requiredWhen !== undefined) spec.requiredWhen = item.requiredWhen;
    let at = sections.length;
    if (item.after !== undefined) {
      const previous = sections.findIndex((s) => s.id === item.after);
      if (previous < 0) report([...path, 'after'], `${label}: \`after: ${item.after}\` is not a section id; the section goes last.`, 'warning');
      else at = previous + 1;
    }
    sections.splice(at, 0, spec);
    for (const heading of [spec.name, ...spec.aliases]) headingOwner.set(normaliseHeading(heading), spec.id);
  });

  // Extra required elements of existing (or just added) sections.
  const extraElements = data['elements'];
  if (extraElements !== undefined && !isRecord(extraElements)) report(['elements'], '`elements` must map section ids to lists of elements; it is ignored.');
  for (const [sectionId, list] of Object.entries(isRecord(extraElements) ? extraElements : {})) {
    const section = sections.find((s) => s.id === sectionId);
    if (!section) {
      report(['elements', sectionId], `\`${sectionId}\` is not a section id (known: ${sections.map((s) => s.id).join(', ')}); its elements are left out.`, 'error', keyNodeOf(doc, ['elements'], sectionId));
      continue;
    }
    if (!Array.isArray(list)) {
      report(['elements', sectionId], `The elements of \`${sectionId}\` must be a list; they are left out.`);
      continue;
    }
    list.forEach((raw: unknown, index) => {
      const path = ['elements', sectionId, index];
      const label = `Element ${isRecord(raw) && typeof raw['id'] === 'string' ? `\`${raw['id']}\`` : `#${index + 1}`} of \`${sectionId}\``;
      if (schemaProblems(check.element, raw, path, label)) return;
      const element = raw as SectionElement;
      const bad = invalidPatterns(element);
      if (bad.length > 0) {
        report([...path, 'recognisedBy'], `${label}: ${bad.join('; ')}; it is left out.`);
        return;
      }
      if (section.elements.some((e) => e.id === element.id)) {
        report([...path, 'id'], `${label} already exists in that section; it is left out.`);
        return;
      }
      section.elements.push(element);
    });
  }

  // Local standards.
  const standards: Standard[] = [...base.standards];
  const editions = new Set(base.standards.flatMap((s) => [s.current, ...s.replaces].map(normaliseStandard)));
  const erNumbers = new Set(base.essentialRequirements.map((er) => er.number));
  const extraStandards = data['standards'];
  if (extraStandards !== undefined && !Array.isArray(extraStandards)) report(['standards'], '`standards` must be a list of standards; it is ignored.');
  (Array.isArray(extraStandards) ? extraStandards : []).forEach((raw: unknown, index) => {
    const path = ['standards', index];
    const value = erNumbersAsText(raw);
    const label = `Standard ${isRecord(value) && typeof value['id'] === 'string' ? `\`${value['id']}\`` : `#${index + 1}`}`;
    if (schemaProblems(check.standard, value, path, label)) return;
    const item = value as { id: string; title: string; current: string; replaces?: string[]; supports?: string[]; sources?: string[] };
    if (standards.some((s) => s.id === item.id)) {
      report([...path, 'id'], `${label} is already in the catalogue; it is left out.`);
      return;
    }
    const own = [item.current, ...(item.replaces ?? [])];
    const taken = own.find((edition) => editions.has(normaliseStandard(edition)));
    if (taken !== undefined) {
      report([...path], `${label}: the edition ${taken} is already in the catalogue; it is left out.`);
      return;
    }
    if ((item.replaces ?? []).some((edition) => normaliseStandard(edition) === normaliseStandard(item.current))) {
      report([...path, 'replaces'], `${label}: the current edition is also listed as replaced; it is left out.`);
      return;
    }
    const unknown = (item.supports ?? []).filter((number) => !erNumbers.has(number));
    if (unknown.length > 0) {
      report([...path, 'supports'], `${label}: ${unknown.map((n) => `ER ${n}`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in Annex I; it is left out.`);
      return;
    }
    for (const edition of own) editions.add(normaliseStandard(edition));
    standards.push({ id: item.id, title: item.title, current: item.current, replaces: item.replaces ?? [], supports: item.supports ?? [], sources: item.sources ?? [] });
  });

  return { catalogue: { ...base, sections, standards }, problems };
}

export interface ResolvedExtension {
  catalogue: CatalogueIndex;
  problems: ExtensionProblem[];
}

/**
 * Merged catalogues, one per extension file, rebuilt only when the file's text changes, so a
 * check costs one read and a string comparison.
 */
export class CatalogueExtensions {
  private readonly cache = new Map<string, { text: string; resolved: ResolvedExtension }>();

  constructor(private readonly base: CatalogueIndex) {}

  resolve(path: string, text: string): ResolvedExtension {
    const cached = this.cache.get(path);
    if (cached && cached.text === text) return cached.resolved;
    const merged = mergeCatalogue(this.base.catalogue, text, path);
    const unchanged = merged.catalogue === this.base.catalogue;
    const resolved = { catalogue: unchanged ? this.base : new CatalogueIndex(merged.catalogue), problems: merged.problems };
    this.cache.set(path, { text, resolved });
    return resolved;
  }
}
