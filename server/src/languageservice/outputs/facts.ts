/**
 * What the outputs say about a dossier, read once from its frontmatter and sections: identity
 * of the device, the institution, and the central record fields. Values are the author's text,
 * unescaped; each renderer escapes for its own format.
 */
import { isSeq, type Node as YamlNode } from 'yaml';
import type { Dossier } from '../model/dossier';
import { sectionText, type FileModel, type SectionOccurrence } from '../model/fileModel';
import { fieldAt, scalarText } from '../model/frontmatterFields';
import { findFirstDate, type FoundDate } from './dates';

export interface DossierFacts {
  name: string | undefined;
  code: string | undefined;
  version: string | undefined;
  description: string | undefined;
  intendedPurpose: string | undefined;
  classification: string | undefined;
  traceability: string | undefined;
  characteristics: string[];
  institutionName: string | undefined;
  institutionAddress: string | undefined;
  declarationUrl: string | undefined;
  targetGroup: string | undefined;
  /** `draft`, `in-use`, `suspended`, `withdrawn`, or undefined when the frontmatter has none. */
  status: string | undefined;
  /** Central record: from the frontmatter, else from the labelled items of the records section. */
  users: string[];
  locations: string[];
  asset: string | undefined;
  /** The first date written in the market-scan section. */
  lastMarketScan: FoundDate | undefined;
}

function textAt(index: FileModel, path: string[]): string | undefined {
  const fm = index.parsed.frontmatter;
  const field = fm ? fieldAt(fm, path) : undefined;
  const text = scalarText(field?.node)?.trim();
  return text ? text : undefined;
}

/** A text field that may also be a list (`users: [a, b]` or `users: a`). */
function textsAt(index: FileModel, path: string[]): string[] | undefined {
  const fm = index.parsed.frontmatter;
  const node: YamlNode | undefined = fm ? fieldAt(fm, path)?.node : undefined;
  if (isSeq(node)) {
    const items = node.items.map((item) => scalarText(item as YamlNode)?.trim()).filter((text): text is string => Boolean(text));
    return items.length ? items : undefined;
  }
  const text = scalarText(node)?.trim();
  return text ? [text] : undefined;
}

function sectionsWithId(dossier: Dossier, id: string): { file: FileModel; section: SectionOccurrence }[] {
  return dossier.files.flatMap((file) => file.sections.filter((section) => section.sectionId === id).map((section) => ({ file, section })));
}

/** The plain text of every section with this id, in file order (index first, then the parts). */
export function sectionTexts(dossier: Dossier, id: string): string[] {
  return sectionsWithId(dossier, id).map(({ file, section }) => sectionText(file, section));
}

type RecordField = 'users' | 'locations' | 'asset';

/** Label words of a central record item ("Users:", "Locations:", "Asset and inventory reference:"). */
const RECORD_LABELS: [RecordField, RegExp][] = [
  ['users', /\busers?\b/i],
  ['locations', /\blocations?\b/i],
  ['asset', /\b(assets?|inventory)\b/i],
];

/**
 * Labelled items of the records section, read from the source so that list items stay apart:
 * "- **Users:** prescribers and nurses…" gives users = "prescribers and nurses…". A label is the
 * text before the first colon of an item or paragraph, at most a few words long.
 */
export function recordItems(dossier: Dossier): Partial<Record<RecordField, string>> {
  const found: Partial<Record<RecordField, string>> = {};
  for (const { file, section } of sectionsWithId(dossier, 'records')) {
    const source = file.text.slice(section.range.start, section.range.end);
    for (const chunk of sourceChunks(source)) {
      const plain = plainInline(chunk);
      const match = /^([^:.;]{1,60}):\s*(\S[^]*)$/.exec(plain);
      if (!match) continue;
      const [, label, value] = match;
      for (const [field, words] of RECORD_LABELS) {
        if (found[field] === undefined && words.test(label!)) found[field] = value!.replace(/\s+/g, ' ').trim();
      }
    }
  }
  return found;
}

/** Paragraphs and list items of a Markdown source, each as one string (headings and tables skipped). */
function sourceChunks(source: string): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length) chunks.push(current.join(' '));
    current = [];
  };
  for (const line of source.split(/\r?\n/)) {
    if (/^\s*$/.test(line) || /^\s{0,3}(#|\||```|~~~)/.test(line)) {
      flush();
      continue;
    }
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      current.push(item[1]!);
    } else current.push(line.trim());
  }
  flush();
  return chunks;
}

/** Markdown inline source to plain text: emphasis and code marks dropped, links reduced to their text. */
function plainInline(source: string): string {
  return source
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/(\*\*|__|\*|_|`)(?=\S)([^]*?\S)\1/g, '$2')
    .replace(/<!--[^]*?-->/g, '')
    .trim();
}

export function dossierFacts(dossier: Dossier): DossierFacts {
  const index = dossier.index;
  const records = recordItems(dossier);
  const scanDates = sectionTexts(dossier, 'market-scan').map(findFirstDate).filter((date): date is FoundDate => date !== undefined);
  const publicDeclaration = sectionTexts(dossier, 'public-declaration').join('\n');
  const publishedAt = /\bhttps?:\/\/[^\s<>()"']+[^\s<>()"'.,;:]/i.exec(publicDeclaration)?.[0];
  return {
    name: textAt(index, ['device', 'name']),
    code: textAt(index, ['device', 'code']),
    version: textAt(index, ['device', 'version']),
    description: textAt(index, ['device', 'description']),
    intendedPurpose: textAt(index, ['device', 'intended-purpose']),
    classification: textAt(index, ['device', 'classification']),
    traceability: textAt(index, ['device', 'traceability']),
    characteristics: [...dossier.characteristics],
    institutionName: textAt(index, ['institution', 'name']),
    institutionAddress: textAt(index, ['institution', 'address']),
    declarationUrl: textAt(index, ['institution', 'declaration-url']) ?? publishedAt,
    targetGroup: textAt(index, ['target-group']),
    status: textAt(index, ['status']),
    users: textsAt(index, ['users']) ?? (records.users ? [records.users] : []),
    locations: textsAt(index, ['locations']) ?? (records.locations ? [records.locations] : []),
    asset: textAt(index, ['asset']) ?? records.asset,
    lastMarketScan: scanDates[0],
  };
}

/** "Paediatric Gentamicin Dose Calculator" or, without a name, the file name. */
export function deviceTitle(facts: DossierFacts, path: string): string {
  return facts.name ?? path.split(/[\\/]/).pop() ?? path;
}
