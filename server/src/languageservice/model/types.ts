/**
 * The typed dossier model shared by every rule and feature. Ranges are UTF-16 offsets into the
 * document text (BOM included), converted to line/character only at the edges.
 */
import type { Document as YamlDocument } from 'yaml';

export interface OffsetRange {
  start: number;
  end: number;
}

export interface LinkModel {
  /** The destination as written, before decoding. */
  url: string;
  /** Range of the whole link (`[text](url)`). */
  range: OffsetRange;
  /** Range of the destination text where it can be found, else the whole link. */
  urlRange: OffsetRange;
  kind: 'link' | 'image' | 'reference';
}

export interface HeadingModel {
  depth: number;
  /** Plain text of the heading, without markers, trailing #s or code backticks. */
  text: string;
  range: OffsetRange;
  /** Range of the heading text (without `##`). */
  textRange: OffsetRange;
}

export interface TableCellModel {
  /** Plain text of the cell (escaped pipes unescaped, inline code kept as its content). */
  text: string;
  range: OffsetRange;
  links: LinkModel[];
}

export interface TableRowModel {
  cells: TableCellModel[];
  range: OffsetRange;
}

export interface TableModel {
  header: TableRowModel;
  rows: TableRowModel[];
  range: OffsetRange;
}

export interface CommentModel {
  /** Comment body between `<!--` and `-->`, trimmed. */
  body: string;
  range: OffsetRange;
}

export type BlockKind =
  | 'heading'
  | 'paragraph'
  | 'table'
  | 'list'
  | 'blockquote'
  | 'code'
  | 'html'
  | 'thematicBreak'
  | 'definition'
  | 'other';

/** One top-level Markdown block: the unit of incremental re-parsing. */
export interface BlockModel {
  kind: BlockKind;
  range: OffsetRange;
  /** Plain text, used for recognising section elements and patient identifiers. */
  text: string;
  heading?: HeadingModel;
  table?: TableModel;
  links: LinkModel[];
  comments: CommentModel[];
  /** Link reference definitions in the block (`[id]: url`), keyed by normalised identifier. */
  definitions: { identifier: string; url: string }[];
}

export interface FrontmatterModel {
  /** Range of the YAML text between the `---` fences. */
  contentRange: OffsetRange;
  /** Range of the whole block, fences included. */
  range: OffsetRange;
  /** The parsed YAML document (with source ranges relative to the document, see `offset`). */
  yaml: YamlDocument.Parsed;
  /** Add to yaml node ranges to get document offsets. */
  offset: number;
}

export interface ParsedMarkdown {
  text: string;
  /** Length of a leading byte order mark (0 or 1). */
  bomLength: number;
  frontmatter?: FrontmatterModel;
  blocks: BlockModel[];
}
