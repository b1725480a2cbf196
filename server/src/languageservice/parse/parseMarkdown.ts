/**
 * Full and incremental parsing of a Markdown document into top-level blocks.
 *
 * A full parse of a large text goes in chunks (see parseMarkdownInSlices), which is faster
 * than one pass and lets a caller yield between chunks. After an edit, only a window of top-level
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

/**
 * Parses text[start, end) (plus optional trailing definitions) and maps nodes to document
 * offsets. Returns undefined when the region does not parse on its own: when its last block
 * runs on into the appended definitions (an unclosed fence or HTML block swallows them).
 */
function parseRegion(text: string, start: number, end: number, trailer = ''): ParsedRegion | undefined {
  const bom = start === 0 ? bomLengthOf(text) : 0;
  const regionStart = start + bom;
  const regionText = text.slice(regionStart, end);
  // Frontmatter exists only at the top of the document: a region further down gets a leading
  // blank line (which changes nothing else), so a `---` line opening it is not taken for YAML.
  const lead = start === 0 ? '' : '\n';
  const tree = parseMarkdownTree(`${lead}${regionText}${trailer ? `\n\n${trailer}` : ''}`);
  const base = regionStart - lead.length;
  const regionEnd = lead.length + regionText.length;
  const region: ParsedRegion = { blocks: [] };
  for (const node of tree.children as RootContent[]) {
    const nodeStart = node.position?.start.offset ?? 0;
    if (nodeStart >= regionEnd) break; // an appended definition
    if ((node.position?.end.offset ?? 0) > regionEnd) return undefined;
    if (node.type === 'yaml') {
      region.frontmatter = parseFrontmatter(text, { start: base + nodeStart, end: base + (node.position?.end.offset ?? 0) });
      continue;
    }
    region.blocks.push(blockFromNode(node, text, base));
  }
  return region;
}

/** One remark pass over the whole text. */
export function parseMarkdownInOnePass(text: string): ParsedMarkdown {
  const region = parseRegion(text, 0, text.length)!;
  const parsed: ParsedMarkdown = { text, bomLength: bomLengthOf(text), blocks: region.blocks };
  if (region.frontmatter) parsed.frontmatter = region.frontmatter;
  return parsed;
}

export function parseMarkdown(text: string): ParsedMarkdown {
  const slices = parseMarkdownInSlices(text);
  for (;;) {
    const step = slices.next();
    if (step.done) return step.value;
  }
}

/** About this many characters per chunk: 10 to 30 ms of parsing each, and 15 to 20% faster than one pass over a large text (micromark slows down on long event lists). */
export const PARSE_CHUNK_CHARS = 16 * 1024;
/** Link reference definitions and footnotes change how text anywhere parses; they need "]:". */
const MAY_DEFINE = /\]:/;

/** The offset just after the first line break at or after `offset` (the text's end if none). */
function lineEndAfter(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) return i + 1;
    if (code === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length;
}

/** The end of the frontmatter's closing fence line, when the text opens with a fence and has one. */
function frontmatterEnd(text: string): number | undefined {
  const open = OPENING_FENCE.exec(text);
  if (!open) return undefined;
  for (let line = open[0].length; line < text.length; ) {
    const next = lineEndAfter(text, line);
    if (FENCE_LINE.test(text.slice(line, next))) return next;
    line = next;
  }
  return undefined;
}

/**
 * A full parse in chunks of whole lines, yielding after each chunk. The last block of a chunk
 * may continue in the next one (a paragraph, a list, a fence), so it is dropped and the next
 * chunk starts on its first line; every block before it was closed by a line inside the chunk,
 * so it is what a single pass gives. The first chunk holds the whole frontmatter (cut, it would
 * parse as Markdown). A text that may define links (which would change how earlier chunks
 * parse), or that opens a frontmatter fence and never closes it, is parsed in one pass. The
 * result equals parseMarkdownInOnePass(text).
 */
export function* parseMarkdownInSlices(text: string, chunkChars = PARSE_CHUNK_CHARS): Generator<void, ParsedMarkdown, void> {
  if (text.length <= chunkChars * 1.5 || MAY_DEFINE.test(text)) return parseMarkdownInOnePass(text);
  const yamlEnd = frontmatterEnd(text);
  // An opening fence that never closes changes how lists parse in the whole document (a quirk
  // of micromark-extension-frontmatter), which later chunks would not see.
  if (yamlEnd === undefined && OPENING_FENCE.test(text)) return parseMarkdownInOnePass(text);
  const parsed: ParsedMarkdown = { text, bomLength: bomLengthOf(text), blocks: [] };
  let start = 0;
  let size = chunkChars;
  for (;;) {
    const end = lineEndAfter(text, start === 0 ? Math.max(size, yamlEnd ?? 0) : start + size);
    const region = parseRegion(text, start, end);
    if (!region) return parseMarkdownInOnePass(text);
    if (start === 0) {
      // A fence line that micromark does not take for the end of the frontmatter: no guessing.
      if (yamlEnd !== undefined && !region.frontmatter) return parseMarkdownInOnePass(text);
      if (region.frontmatter) parsed.frontmatter = region.frontmatter;
    }
    if (end >= text.length) {
      parsed.blocks.push(...region.blocks);
      return parsed;
    }
    if (region.blocks.length < 2) {
      size *= 2; // one block longer than a chunk
      continue;
    }
    const last = region.blocks.length - 1;
    for (let i = 0; i < last; i++) parsed.blocks.push(region.blocks[i]!);
    start = lineStartBefore(text, region.blocks[last]!.range.start);
    size = chunkChars;
    yield;
  }
}

/** The single changed region between two texts, found from their common prefix and suffix. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * Chunk sizes for finding the common prefix and suffix: comparing slices runs as a memory
 * compare, about five times faster than comparing a megabyte character by character.
 */
const COMPARE_CHUNKS = [4096, 128];

export function diffTexts(before: string, after: string): TextChange {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  for (const chunk of COMPARE_CHUNKS) {
    while (start + chunk <= limit && before.slice(start, start + chunk) === after.slice(start, start + chunk)) start += chunk;
  }
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  for (const chunk of COMPARE_CHUNKS) {
    while (oldEnd - chunk >= start && newEnd - chunk >= start && before.slice(oldEnd - chunk, oldEnd) === after.slice(newEnd - chunk, newEnd)) {
      oldEnd -= chunk;
      newEnd -= chunk;
    }
  }
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
  // An opening fence without frontmatter: a `---` line typed anywhere below may close it.
  if (!previous.frontmatter && OPENING_FENCE.test(text)) return parseMarkdown(text);
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
    if (!region || region.frontmatter) return parseMarkdown(text);
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
const OPENING_FENCE = /^\uFEFF?---[ \t]*(?:\r\n|\r|\n)/;
/** A whole line (with its break) that closes the frontmatter. */
const FENCE_LINE = /^---[ \t]*(?:\r\n|\r|\n)?$/;

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
