/** Turns one top-level mdast node into the compact BlockModel that rules and features read. */
import type { Nodes, RootContent, Table, TableRow, Heading } from 'mdast';
import type { BlockKind, BlockModel, CommentModel, LinkModel, OffsetRange, TableCellModel, TableModel, TableRowModel } from '../model/types';
import { plainText } from './plainText';

function rangeOf(node: Nodes, base: number): OffsetRange {
  return { start: (node.position?.start.offset ?? 0) + base, end: (node.position?.end.offset ?? 0) + base };
}

const BLOCK_KINDS: Record<string, BlockKind> = {
  heading: 'heading',
  paragraph: 'paragraph',
  table: 'table',
  list: 'list',
  blockquote: 'blockquote',
  code: 'code',
  html: 'html',
  thematicBreak: 'thematicBreak',
  definition: 'definition',
};

/**
 * Finds where a link's destination is written, so a broken-link diagnostic underlines the path
 * rather than the whole link. Falls back to the whole link for forms we do not locate.
 */
function destinationRange(source: string, link: OffsetRange, afterText: number): OffsetRange {
  const open = source.indexOf('](', afterText);
  if (open < 0 || open >= link.end) return link;
  let start = open + 2;
  while (start < link.end && (source[start] === ' ' || source[start] === '\t')) start++;
  if (source[start] === '<') {
    const close = source.indexOf('>', start);
    return close > start && close < link.end ? { start: start + 1, end: close } : link;
  }
  let end = start;
  let depth = 0;
  while (end < link.end) {
    const ch = source[end]!;
    if (ch === '\\') {
      end += 2;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) break;
      depth--;
    } else if (/\s/.test(ch)) break;
    end++;
  }
  return end > start ? { start, end: Math.min(end, link.end) } : link;
}

type Definitions = BlockModel['definitions'];

/**
 * Collects links, comments and definitions below `node`. Some nodes come without a position
 * (GFM e-mail autolinks inside brackets): they take the range of their nearest positioned
 * ancestor (`enclosing`), which is the same whether the block was parsed alone or with the
 * whole document.
 */
function collectInline(node: Nodes, source: string, base: number, links: LinkModel[], comments: CommentModel[], definitions: Definitions = [], enclosing?: OffsetRange): void {
  const own = node.position || !enclosing ? rangeOf(node, base) : enclosing;
  if (node.type === 'link' || node.type === 'image') {
    const range = own;
    const lastChild = node.type === 'link' ? node.children[node.children.length - 1] : undefined;
    const afterText = lastChild?.position ? lastChild.position.end.offset! + base : range.start + 1;
    // Autolinks (<https://…>, bare URLs) have no `](`; their destination is the link itself.
    links.push({ url: node.url, range, urlRange: destinationRange(source, range, afterText), kind: node.type });
  } else if (node.type === 'linkReference' || node.type === 'imageReference') {
    const range = own;
    links.push({ url: `[${node.identifier}]`, range, urlRange: range, kind: 'reference' });
  } else if (node.type === 'html') {
    collectComments(source, own, comments);
  } else if (node.type === 'definition') {
    // Definitions inside quotes and lists count for the whole document too.
    definitions.push({ identifier: node.identifier, url: node.url });
  }
  if ('children' in node) for (const child of node.children as Nodes[]) collectInline(child, source, base, links, comments, definitions, own);
}

const COMMENT = /<!--([\s\S]*?)-->/g;

function collectComments(source: string, range: OffsetRange, comments: CommentModel[]): void {
  const slice = source.slice(range.start, range.end);
  COMMENT.lastIndex = 0;
  for (let match = COMMENT.exec(slice); match; match = COMMENT.exec(slice)) {
    comments.push({ body: match[1]!.trim(), range: { start: range.start + match.index, end: range.start + match.index + match[0].length } });
  }
}

/** A cell's range without its pipes and padding; an empty cell is an empty range between its pipes. */
function cellRange(source: string, raw: OffsetRange): OffsetRange {
  let start = raw.start;
  let end = raw.end;
  while (start < end && (source[start] === '|' || source[start] === ' ' || source[start] === '\t')) start++;
  while (end > start && (source[end - 1] === ' ' || source[end - 1] === '\t' || (source[end - 1] === '|' && source[end - 2] !== '\\'))) end--;
  return { start, end };
}

function rowModel(row: TableRow, source: string, base: number): TableRowModel {
  const cells: TableCellModel[] = row.children.map((cell) => {
    const links: LinkModel[] = [];
    collectInline(cell, source, base, links, []);
    return { text: plainText(cell).trim(), range: cellRange(source, rangeOf(cell, base)), links };
  });
  return { cells, range: rangeOf(row, base) };
}

function tableModel(table: Table, source: string, base: number): TableModel {
  const [header, ...rows] = table.children;
  return {
    header: header ? rowModel(header, source, base) : { cells: [], range: rangeOf(table, base) },
    rows: rows.map((row) => rowModel(row, source, base)),
    range: rangeOf(table, base),
  };
}

function headingModel(heading: Heading, base: number): NonNullable<BlockModel['heading']> {
  const range = rangeOf(heading, base);
  const first = heading.children[0];
  const last = heading.children[heading.children.length - 1];
  const textRange =
    first?.position && last?.position
      ? { start: first.position.start.offset! + base, end: last.position.end.offset! + base }
      : { start: range.end, end: range.end };
  return { depth: heading.depth, text: plainText(heading).trim(), range, textRange };
}

export function blockFromNode(node: RootContent, source: string, base: number): BlockModel {
  const range = rangeOf(node, base);
  const links: LinkModel[] = [];
  const comments: CommentModel[] = [];
  const definitions: Definitions = [];
  collectInline(node, source, base, links, comments, definitions);
  const block: BlockModel = { kind: BLOCK_KINDS[node.type] ?? 'other', range, text: plainText(node), links, comments, definitions };
  if (node.type === 'heading') block.heading = headingModel(node, base);
  if (node.type === 'table') block.table = tableModel(node, source, base);
  return block;
}

function shiftRange(range: OffsetRange, delta: number): OffsetRange {
  return { start: range.start + delta, end: range.end + delta };
}

function shiftLink(link: LinkModel, delta: number): LinkModel {
  return { ...link, range: shiftRange(link.range, delta), urlRange: shiftRange(link.urlRange, delta) };
}

function shiftRow(row: TableRowModel, delta: number): TableRowModel {
  return {
    range: shiftRange(row.range, delta),
    cells: row.cells.map((cell) => ({ text: cell.text, range: shiftRange(cell.range, delta), links: cell.links.map((l) => shiftLink(l, delta)) })),
  };
}

/** Moves a block by `delta` offsets: what an edit before it does. Text and structure are shared. */
export function shiftBlock(block: BlockModel, delta: number): BlockModel {
  if (delta === 0) return block;
  const shifted: BlockModel = {
    ...block,
    range: shiftRange(block.range, delta),
    links: block.links.map((l) => shiftLink(l, delta)),
    comments: block.comments.map((c) => ({ body: c.body, range: shiftRange(c.range, delta) })),
  };
  if (block.heading) {
    shifted.heading = { ...block.heading, range: shiftRange(block.heading.range, delta), textRange: shiftRange(block.heading.textRange, delta) };
  }
  if (block.table) {
    shifted.table = {
      header: shiftRow(block.table.header, delta),
      rows: block.table.rows.map((r) => shiftRow(r, delta)),
      range: shiftRange(block.table.range, delta),
    };
  }
  return shifted;
}
