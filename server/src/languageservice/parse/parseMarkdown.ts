/**
 * Full and incremental parsing of a Markdown document into top-level blocks.
 *
 * A full parse runs remark once over the whole text. After an edit, only a window of top-level
 * blocks around the edit is parsed again: the window grows forward until the last block it
 * re-parses comes out exactly as before (same kind, same place), which shows the edit did not
 * change how the rest of the document parses (an unclosed fence or HTML comment fails that
 * check and pulls the following blocks in). Link reference definitions outside the window are
 * appended to it, so `[text][ref]` parses as it does in the whole document.
 */
import type { RootContent } from 'mdast';
import type { BlockModel, FrontmatterModel, ParsedMarkdown } from '../model/types';
import { blockFromNode, shiftBlock } from './blockModel';
import { parseFrontmatter } from './frontmatter';
import { parseMarkdownTree } from './markdownTree';

interface ParsedRegion {
  frontmatter?: FrontmatterModel;
  blocks: BlockModel[];
}

function bomLengthOf(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** Parses text[start, end) (plus optional trailing definitions) and maps nodes to document offsets. */
function parseRegion(text: string, start: number, end: number, trailer = ''): ParsedRegion {
  const bom = start === 0 ? bomLengthOf(text) : 0;
  const regionStart = start + bom;
  const regionText = text.slice(regionStart, end);
  const tree = parseMarkdownTree(trailer ? `${regionText}\n\n${trailer}` : regionText);
  const region: ParsedRegion = { blocks: [] };
  for (const node of tree.children as RootContent[]) {
    const nodeStart = node.position?.start.offset ?? 0;
    if (nodeStart >= regionText.length) break; // an appended definition
    if (node.type === 'yaml') {
      region.frontmatter = parseFrontmatter(text, { start: regionStart + nodeStart, end: regionStart + (node.position?.end.offset ?? 0) });
      continue;
    }
    region.blocks.push(blockFromNode(node, text, regionStart));
  }
  return region;
}

export function parseMarkdown(text: string): ParsedMarkdown {
  const region = parseRegion(text, 0, text.length);
  const parsed: ParsedMarkdown = { text, bomLength: bomLengthOf(text), blocks: region.blocks };
  if (region.frontmatter) parsed.frontmatter = region.frontmatter;
  return parsed;
}

/** The single changed region between two texts, found from their common prefix and suffix. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export function diffTexts(before: string, after: string): TextChange {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

function definitionSource(previous: ParsedMarkdown, blocks: BlockModel[]): string {
  return blocks
    .filter((block) => block.definitions.length > 0)
    .map((block) => previous.text.slice(block.range.start, block.range.end))
    .join('\n\n');
}

function identifiersOf(blocks: BlockModel[]): string {
  return blocks
    .flatMap((block) => block.definitions.map((d) => d.identifier))
    .sort()
    .join('\u0000');
}

/** Re-parses only what an edit touched; the result equals `parseMarkdown(text)`. */
export function reparseMarkdown(previous: ParsedMarkdown, text: string): ParsedMarkdown {
  if (previous.text === text) return previous;
  const change = diffTexts(previous.text, text);
  const delta = change.newEnd - change.oldEnd;
  // A change to the BOM or near the top can create or remove the frontmatter: start again.
  if (change.start < previous.bomLength + 4 || bomLengthOf(text) !== previous.bomLength) return parseMarkdown(text);
  if (previous.frontmatter && change.start <= previous.frontmatter.range.end + 1) {
    return reparseInsideFrontmatter(previous, text, change) ?? parseMarkdown(text);
  }

  const blocks = previous.blocks;
  // First block of the window: the one before the block holding the edit start.
  let first = 0;
  while (first + 1 < blocks.length && blocks[first + 1]!.range.start <= change.start) first++;
  first = Math.max(0, first - 1);
  // The sentinel: the first block starting after the edit; it must re-parse unchanged.
  let sentinel = first;
  while (sentinel < blocks.length && blocks[sentinel]!.range.start <= change.oldEnd) sentinel++;

  // Start at a line start: indentation decides what a line is (indented code, list continuation).
  const windowStart = first === 0 ? (previous.frontmatter?.range.end ?? 0) : lineStartBefore(previous.text, blocks[first]!.range.start);
  for (;;) {
    const oldWindowEnd = sentinel < blocks.length ? blocks[sentinel]!.range.end : previous.text.length;
    const outside = [...blocks.slice(0, first), ...blocks.slice(sentinel + 1)];
    const trailer = definitionSource(previous, outside);
    const region = parseRegion(text, windowStart, oldWindowEnd + delta, trailer);
    const newBlocks = region.blocks;
    if (sentinel < blocks.length) {
      const expected = blocks[sentinel]!;
      const last = newBlocks[newBlocks.length - 1];
      const settled = last && last.kind === expected.kind && last.range.start === expected.range.start + delta && last.range.end === expected.range.end + delta;
      if (!settled) {
        sentinel++;
        continue;
      }
    }
    const windowOld = blocks.slice(first, Math.min(sentinel + 1, blocks.length));
    // New or removed definitions change how links elsewhere parse: only a full parse is right then.
    if (identifiersOf(windowOld) !== identifiersOf(newBlocks)) return parseMarkdown(text);
    const after = blocks.slice(sentinel + 1).map((block) => shiftBlock(block, delta));
    const result: ParsedMarkdown = { text, bomLength: previous.bomLength, blocks: [...blocks.slice(0, first), ...newBlocks, ...after] };
    if (previous.frontmatter) result.frontmatter = previous.frontmatter;
    return result;
  }
}

function lineStartBefore(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return start;
}

const CLOSING_FENCE_LINE = /^---[ \t]*$/m;

/**
 * An edit strictly inside the YAML (fences untouched, no new `---` line) changes only the
 * frontmatter: parse the YAML again and move the blocks after it.
 */
function reparseInsideFrontmatter(previous: ParsedMarkdown, text: string, change: TextChange): ParsedMarkdown | undefined {
  const frontmatter = previous.frontmatter!;
  const { contentRange } = frontmatter;
  if (change.start < contentRange.start || change.oldEnd > contentRange.end) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const newContentEnd = contentRange.end + delta;
  if (newContentEnd > 0 && text[newContentEnd - 1] !== '\n') return undefined;
  if (CLOSING_FENCE_LINE.test(text.slice(contentRange.start, newContentEnd))) return undefined;
  const rest = text.slice(newContentEnd, frontmatter.range.end + delta);
  if (rest !== previous.text.slice(contentRange.end, frontmatter.range.end)) return undefined;
  return {
    text,
    bomLength: previous.bomLength,
    frontmatter: parseFrontmatter(text, { start: frontmatter.range.start, end: frontmatter.range.end + delta }),
    blocks: previous.blocks.map((block) => shiftBlock(block, delta)),
  };
}
