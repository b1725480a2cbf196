/**
 * Loads the requirement catalogue (shared/catalogue/*.yaml): parses the five YAML files, validates
 * the combined object against catalogue.schema.json and checks the cross-references the schema
 * cannot express. Regulatory content lives in the YAML files; this module only reads it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import schema from '../../../../shared/catalogue/catalogue.schema.json';
import type { Catalogue } from '../../../../shared/src/catalogue-types';

export const CATALOGUE_FILES = [
  'essential-requirements.yaml',
  'sections.yaml',
  'characteristics.yaml',
  'standards.yaml',
  'sources.yaml',
] as const;

type CatalogueFile = (typeof CATALOGUE_FILES)[number];
type CatalogueKey = keyof Catalogue;

/** The single top-level key each file holds. */
const FILE_KEYS: Record<CatalogueFile, CatalogueKey> = {
  'essential-requirements.yaml': 'essentialRequirements',
  'sections.yaml': 'sections',
  'characteristics.yaml': 'characteristics',
  'standards.yaml': 'standards',
  'sources.yaml': 'sources',
};

const KEY_FILES: Record<CatalogueKey, CatalogueFile> = {
  essentialRequirements: 'essential-requirements.yaml',
  sections: 'sections.yaml',
  characteristics: 'characteristics.yaml',
  standards: 'standards.yaml',
  sources: 'sources.yaml',
};

/** Guards against alias bombs in a catalogue supplied by a user. */
const MAX_ALIAS_COUNT = 1000;

let validator: ValidateFunction<Catalogue> | undefined;

function getValidator(): ValidateFunction<Catalogue> {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    validator = ajv.compile<Catalogue>(schema);
  }
  return validator;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** First line of a (possibly multi-line) message, so that every problem stays on one line. */
function oneLine(message: string): string {
  return message
    .split(/\r?\n/, 1)[0]!
    .trim()
    .replace(/:$/, '');
}

/**
 * Parses and checks the catalogue files (file name -> YAML text). Pure: no file system access.
 * Returns the catalogue only when there is no problem at all; never throws.
 */
export function parseCatalogue(files: Record<string, string>): { catalogue: Catalogue | undefined; problems: string[] } {
  const problems: string[] = [];
  try {
    const parts: Partial<Record<CatalogueKey, unknown>> = {};
    for (const file of CATALOGUE_FILES) {
      const key = FILE_KEYS[file];
      const text = files[file];
      if (text === undefined) {
        problems.push(`${file}: file is missing`);
        continue;
      }
      const value = parseFile(file, key, text, problems);
      if (value !== undefined) parts[key] = value;
    }

    const validate = getValidator();
    if (!validate(parts)) {
      for (const error of validate.errors ?? []) {
        // A part that did not parse is already reported; do not report it again as "required".
        if (error.instancePath === '' && error.keyword === 'required') continue;
        problems.push(describeSchemaError(error, parts));
      }
    }
    if (problems.length > 0) return { catalogue: undefined, problems };

    const catalogue = parts as Catalogue;
    checkCrossReferences(catalogue, problems);
    return problems.length > 0 ? { catalogue: undefined, problems } : { catalogue, problems };
  } catch (error) {
    problems.push(`catalogue: unexpected error while loading: ${oneLine(errorMessage(error))}`);
    return { catalogue: undefined, problems };
  }
}

function parseFile(file: CatalogueFile, key: CatalogueKey, text: string, problems: string[]): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) problems.push(`${file}: YAML error: ${oneLine(error.message)}`);
    return undefined;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    problems.push(`${file}: YAML error: ${oneLine(errorMessage(error))}`);
    return undefined;
  }
  if (!isRecord(data)) {
    problems.push(`${file}: must be a mapping with the single top-level key "${key}"`);
    return undefined;
  }
  for (const other of Object.keys(data)) {
    if (other !== key) problems.push(`${file}: unexpected top-level key "${other}" (the file holds only "${key}")`);
  }
  if (!(key in data)) {
    problems.push(`${file}: missing the top-level key "${key}"`);
    return undefined;
  }
  return data[key];
}

/** Names the item an instance path points into: "ER 7.1", "section qms, element qms-scope". */
function itemLabel(key: CatalogueKey, item: unknown, index: number, rest: string[]): string {
  const record = isRecord(item) ? item : {};
  const field = key === 'essentialRequirements' ? 'number' : 'id';
  const name = typeof record[field] === 'string' ? (record[field] as string) : `#${index + 1}`;
  const kind = { essentialRequirements: 'ER', sections: 'section', characteristics: 'characteristic', standards: 'standard', sources: 'source' }[key];
  let label = `${kind} ${name}`;
  if (key === 'sections' && rest[0] === 'elements' && rest[1] !== undefined) {
    const elements = Array.isArray(record['elements']) ? record['elements'] : [];
    const element: unknown = elements[Number(rest[1])];
    const id = isRecord(element) && typeof element['id'] === 'string' ? element['id'] : `#${Number(rest[1]) + 1}`;
    label += `, element ${id}`;
  }
  return label;
}

function describeSchemaError(error: ErrorObject, parts: Partial<Record<CatalogueKey, unknown>>): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let detail = error.message ?? 'is invalid';
  const params: Record<string, unknown> = error.params;
  if (error.keyword === 'additionalProperty' || error.keyword === 'additionalProperties') {
    detail = `unknown property "${String(params['additionalProperty'])}"`;
  } else if (error.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
    detail = `must be one of ${params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`;
  }
  const key = segments[0] as CatalogueKey | undefined;
  if (!key || !(key in KEY_FILES)) return `catalogue: ${detail}`;
  const file = KEY_FILES[key];
  if (segments.length < 2) return `${file}: "${key}" ${detail}`;
  const index = Number(segments[1]);
  const list = parts[key];
  const item: unknown = Array.isArray(list) ? list[index] : undefined;
  const rest = segments.slice(2);
  const label = itemLabel(key, item, index, rest);
  const field = rest.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
  return `${file}: ${label}: ${field ? `${field} ` : ''}${detail}`;
}

/** Normalises a heading the way the section matcher does (case, punctuation, spaces). */
function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function reportDuplicates(file: string, kind: string, ids: string[], problems: string[]): void {
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const id of ids) {
    if (seen.has(id) && !reported.has(id)) {
      problems.push(`${file}: ${kind} ${id}: duplicate ${kind === 'ER' ? 'number' : 'id'}`);
      reported.add(id);
    }
    seen.add(id);
  }
}

function checkCrossReferences(catalogue: Catalogue, problems: string[]): void {
  const erFile = KEY_FILES.essentialRequirements;
  const sectionFile = KEY_FILES.sections;
  const characteristicFile = KEY_FILES.characteristics;
  const standardFile = KEY_FILES.standards;
  const sourceFile = KEY_FILES.sources;

  reportDuplicates(erFile, 'ER', catalogue.essentialRequirements.map((er) => er.number), problems);
  reportDuplicates(sectionFile, 'section', catalogue.sections.map((s) => s.id), problems);
  reportDuplicates(characteristicFile, 'characteristic', catalogue.characteristics.map((c) => c.id), problems);
  reportDuplicates(standardFile, 'standard', catalogue.standards.map((s) => s.id), problems);
  reportDuplicates(sourceFile, 'source', catalogue.sources.map((s) => s.id), problems);

  const erIndex = new Map<string, number>();
  catalogue.essentialRequirements.forEach((er, i) => {
    if (!erIndex.has(er.number)) erIndex.set(er.number, i);
  });
  const characteristics = new Set(catalogue.characteristics.map((c) => c.id));
  const standards = new Set(catalogue.standards.map((s) => s.id));
  const sources = new Set(catalogue.sources.map((s) => s.id));

  const checkSources = (file: string, label: string, ids: string[]): void => {
    for (const id of ids) {
      if (!sources.has(id)) problems.push(`${file}: ${label}: source "${id}" is not in ${sourceFile}`);
    }
  };

  catalogue.essentialRequirements.forEach((er, i) => {
    const label = `ER ${er.number}`;
    if (er.parent !== undefined) {
      const parentIndex = erIndex.get(er.parent);
      if (er.parent === er.number) problems.push(`${erFile}: ${label}: is its own parent`);
      else if (parentIndex === undefined) problems.push(`${erFile}: ${label}: parent "${er.parent}" is not an ER number in the catalogue`);
      else if (parentIndex > i) problems.push(`${erFile}: ${label}: parent "${er.parent}" must come before it (Annex order)`);
    }
    for (const id of er.applicability.characteristics ?? []) {
      if (!characteristics.has(id)) problems.push(`${erFile}: ${label}: applicability names unknown characteristic "${id}" (not in ${characteristicFile})`);
    }
    if (!er.excludable && er.applicability.always !== true) {
      problems.push(`${erFile}: ${label}: is not excludable, so its applicability must be "always: true"`);
    }
    for (const id of er.standards ?? []) {
      if (!standards.has(id)) problems.push(`${erFile}: ${label}: standard "${id}" is not in ${standardFile}`);
    }
    checkSources(erFile, label, er.sources);
  });

  const headingOwners = new Map<string, string>();
  for (const section of catalogue.sections) {
    const label = `section ${section.id}`;
    reportDuplicates(sectionFile, `${label}, element`, section.elements.map((e) => e.id), problems);
    for (const heading of [section.name, ...section.aliases]) {
      const normal = normaliseHeading(heading);
      const owner = headingOwners.get(normal);
      if (owner !== undefined && owner !== section.id) {
        problems.push(`${sectionFile}: ${label}: heading "${heading}" also opens section ${owner}`);
      } else {
        headingOwners.set(normal, section.id);
      }
    }
    for (const element of section.elements) {
      element.recognisedBy.allOf.forEach((group, g) => {
        for (const pattern of group) {
          for (const flags of ['i', 'iu']) {
            try {
              new RegExp(pattern, flags);
            } catch (error) {
              problems.push(
                `${sectionFile}: ${label}, element ${element.id}: pattern ${JSON.stringify(pattern)} in group ${g + 1} is not a valid regular expression (flags "${flags}"): ${oneLine(errorMessage(error))}`,
              );
              break;
            }
          }
        }
      });
    }
    checkSources(sectionFile, label, section.sources);
  }

  for (const standard of catalogue.standards) {
    const label = `standard ${standard.id}`;
    for (const number of standard.supports) {
      if (!erIndex.has(number)) problems.push(`${standardFile}: ${label}: supports ER "${number}", which is not in ${erFile}`);
    }
    if (standard.replaces.includes(standard.current)) {
      problems.push(`${standardFile}: ${label}: the current edition "${standard.current}" is also listed as replaced`);
    }
    checkSources(standardFile, label, standard.sources);
  }
}

/** Reads the five catalogue files from `dir` and parses them; throws an Error listing every problem. */
export function loadCatalogueFromDirectory(dir: string): Catalogue {
  const files: Record<string, string> = {};
  const problems: string[] = [];
  for (const file of CATALOGUE_FILES) {
    const full = path.join(dir, file);
    try {
      files[file] = readFileSync(full, 'utf8');
    } catch (error) {
      problems.push(`${file}: cannot be read (${full}): ${oneLine(errorMessage(error))}`);
    }
  }
  const result = parseCatalogue(files);
  // A file that could not be read is reported once, with its path, not again as "missing".
  const unread = new Set(CATALOGUE_FILES.filter((f) => files[f] === undefined).map((f) => `${f}: file is missing`));
  problems.push(...result.problems.filter((p) => !unread.has(p)));
  if (problems.length > 0 || !result.catalogue) {
    throw new Error(`The requirement catalogue in ${dir} is invalid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
  return result.catalogue;
}

/**
 * Absolute path of this package's shared/catalogue folder. Walks up from this module's folder
 * (TypeScript sources, or dist/ in the esbuild bundle, which maps import.meta.url).
 */
export function builtinCatalogueDirectory(): string {
  const start = fileURLToPath(new URL('.', import.meta.url));
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'shared', 'catalogue');
    if (existsSync(path.join(candidate, 'essential-requirements.yaml'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find shared/catalogue/essential-requirements.yaml in ${start} or any folder above it`);
    dir = parent;
  }
}
