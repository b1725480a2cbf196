/**
 * Everything the rules and features need to know about one Markdown file, derived from its
 * parsed blocks: headings with their GitHub anchors, the catalogue sections they open, links
 * (reference links resolved) and HTML comments.
 */
import GithubSlugger from 'github-slugger';
import { LineIndex } from '../text/lineIndex';
import type { BlockModel, CommentModel, HeadingModel, LinkModel, OffsetRange, ParsedMarkdown } from './types';
import type { SectionMatcher } from './sectionMatcher';
import { readErTable, type ErTable } from './erTable';
import { hasDeviceMapping } from './frontmatterFields';

export interface SectionOccurrence {
  heading: HeadingModel;
  /** Catalogue section id, when the heading names one. */
  sectionId: string | undefined;
  /** Index of the heading block and the first block after the section (subsections included). */
  firstBlock: number;
  endBlock: number;
  /** From the heading to the end of the section. */
  range: OffsetRange;
}

export interface FileModel {
  path: string;
  text: string;
  parsed: ParsedMarkdown;
  lines: LineIndex;
  isIndex: boolean;
  headings: HeadingModel[];
  /** GitHub-style anchor of each heading, in the same order. */
  slugs: string[];
  sections: SectionOccurrence[];
  links: LinkModel[];
  comments: CommentModel[];
  /** Checklist tables found inside essential-requirements sections. */
  erTables: ErTable[];
}

/**
 * The plain text of a section's blocks (heading included), for recognising required elements.
 * Link destinations are added: "the risk file is [here](evidence/risk-file.md)" says where it is.
 */
export function sectionText(file: FileModel, section: SectionOccurrence): string {
  const parts: string[] = [];
  for (let i = section.firstBlock; i < section.endBlock; i++) {
    const block = file.parsed.blocks[i]!;
    parts.push(block.links.length ? `${block.text} ${block.links.map((link) => link.url).join(' ')}` : block.text);
  }
  return parts.join('\n');
}

function resolveReferences(blocks: BlockModel[]): LinkModel[] {
  const definitions = new Map<string, string>();
  for (const block of blocks) for (const d of block.definitions) if (!definitions.has(d.identifier)) definitions.set(d.identifier, d.url);
  const links: LinkModel[] = [];
  for (const block of blocks) {
    for (const link of block.links) {
      if (link.kind !== 'reference') links.push(link);
      else {
        const url = definitions.get(link.url.slice(1, -1));
        if (url !== undefined) links.push({ ...link, url });
      }
    }
  }
  return links;
}

export function buildFileModel(path: string, parsed: ParsedMarkdown, matcher: SectionMatcher): FileModel {
  const { blocks } = parsed;
  const headings: HeadingModel[] = [];
  const headingBlocks: number[] = [];
  blocks.forEach((block, index) => {
    if (block.heading) {
      headings.push(block.heading);
      headingBlocks.push(index);
    }
  });
  const slugger = new GithubSlugger();
  const slugs = headings.map((heading) => slugger.slug(heading.text));

  const sections: SectionOccurrence[] = headings.map((heading, i) => {
    const firstBlock = headingBlocks[i]!;
    let next = i + 1;
    while (next < headings.length && headings[next]!.depth > heading.depth) next++;
    const endBlock = next < headings.length ? headingBlocks[next]! : blocks.length;
    const lastBlock = blocks[endBlock - 1] ?? blocks[firstBlock]!;
    return { heading, sectionId: matcher.match(heading.text), firstBlock, endBlock, range: { start: heading.range.start, end: lastBlock.range.end } };
  });

  const erTables: ErTable[] = [];
  const seenTables = new Set<number>();
  for (const section of sections) {
    if (section.sectionId !== 'essential-requirements') continue;
    for (let i = section.firstBlock; i < section.endBlock; i++) {
      const table = blocks[i]!.table;
      if (!table || seenTables.has(i)) continue;
      seenTables.add(i);
      const erTable = readErTable(table, parsed.text);
      if (erTable) erTables.push(erTable);
    }
  }

  return {
    path,
    text: parsed.text,
    parsed,
    lines: new LineIndex(parsed.text),
    isIndex: hasDeviceMapping(parsed.frontmatter),
    headings,
    slugs,
    sections,
    links: resolveReferences(blocks),
    comments: blocks.flatMap((block) => block.comments),
    erTables,
  };
}
