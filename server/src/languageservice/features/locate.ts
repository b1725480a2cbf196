/**
 * "What is at this offset": the table cell and column, the link destination, the frontmatter key
 * or value, the ER mention, the standard citation or the suppression comment under the cursor.
 *
 * Completion runs on text the author is in the middle of typing (a row with one cell, a link
 * without its closing parenthesis, YAML that does not parse yet), so most of these look at the
 * line's text around the cursor and use the parsed model only for what is already well formed.
 */
import type { FileModel } from '../model/fileModel';
import type { ErColumn, ErRow, ErTable } from '../model/erTable';
import { findColumns } from '../model/erTable';
import type { BlockModel, LinkModel, OffsetRange, TableModel } from '../model/types';
import { STANDARD_CITATION } from '../rules/standardSuperseded';

export interface LineAt {
  /** Zero-based line number. */
  line: number;
  /** Offset of the line's first character. */
  start: number;
  /** The line's content, without its line break. */
  text: string;
  /** The cursor's position within `text`. */
  column: number;
}

export function lineAt(file: FileModel, offset: number): LineAt {
  const { line } = file.lines.positionAt(offset);
  const start = file.lines.lineStart(line);
  const text = file.lines.lineText(line);
  return { line, start, text, column: Math.min(offset - start, text.length) };
}

const contains = (range: OffsetRange, offset: number): boolean => range.start <= offset && offset <= range.end;

/** The top-level block holding an offset (its end included, where typing happens). */
export function blockAt(file: FileModel, offset: number): BlockModel | undefined {
  return file.parsed.blocks.find((block) => contains(block.range, offset));
}

export function inFrontmatter(file: FileModel, offset: number): boolean {
  const fm = file.parsed.frontmatter;
  return fm !== undefined && offset >= fm.contentRange.start && offset < fm.contentRange.end;
}

/** Inside a fenced or indented code block, where nothing is a dossier construct. */
export function inCode(file: FileModel, offset: number): boolean {
  return blockAt(file, offset)?.kind === 'code';
}

// ---------------------------------------------------------------------------------------------
// Tables

export interface TableSpot {
  table: TableModel;
  /** The checklist reading of the table, when it is an essential requirements checklist. */
  erTable: ErTable | undefined;
  rowKind: 'header' | 'delimiter' | 'body';
  /** The checklist row on the cursor's line (body rows of a checklist only). */
  row: ErRow | undefined;
  columnIndex: number;
  column: ErColumn | undefined;
  /** The cell's content on this line, trimmed, widened to include the cursor. */
  cellRange: OffsetRange;
  /** The cell's raw content on this line (between its pipes). */
  cellText: string;
  /** Offset of the cell's content start (after the pipe). */
  cellStart: number;
}

/** Offsets (within `text`) of the pipes that separate cells: not escaped, not inside code spans. */
function pipePositions(text: string): number[] {
  const pipes: number[] = [];
  let inCodeSpan = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '`') inCodeSpan = !inCodeSpan;
    else if (ch === '|' && !inCodeSpan) pipes.push(i);
  }
  return pipes;
}

export function tableSpotAt(file: FileModel, offset: number): TableSpot | undefined {
  const block = blockAt(file, offset);
  const table = block?.table;
  if (!table) return undefined;
  const at = lineAt(file, offset);
  const firstLine = file.lines.positionAt(table.range.start).line;
  const rowIndex = at.line - firstLine;
  const rowKind = rowIndex === 0 ? 'header' : rowIndex === 1 ? 'delimiter' : 'body';

  const pipes = pipePositions(at.text);
  const leadingPipe = /^\s*\|/.test(at.text);
  const before = pipes.filter((p) => p < at.column);
  const columnIndex = Math.max(0, before.length - (leadingPipe ? 1 : 0));
  const open = before.length > 0 ? before[before.length - 1]! + 1 : 0;
  const close = pipes.find((p) => p >= at.column) ?? at.text.length;
  const cellText = at.text.slice(open, close);
  // The content without padding; an empty cell is an empty range at the cursor.
  const blank = cellText.trim() === '';
  const contentStart = blank ? at.column : open + cellText.length - cellText.trimStart().length;
  const contentEnd = blank ? at.column : open + cellText.trimEnd().length;
  const cellRange = { start: at.start + Math.min(contentStart, at.column), end: at.start + Math.max(contentEnd, at.column) };

  const erTable = file.erTables.find((candidate) => candidate.table === table);
  const columns = erTable?.columns ?? findColumns(table.header);
  const column = (Object.keys(columns) as ErColumn[]).find((name) => columns[name] === columnIndex);
  const row = rowKind === 'body' ? erTable?.rows.find((candidate) => file.lines.positionAt(candidate.row.range.start).line === at.line) : undefined;
  return { table, erTable, rowKind, row, columnIndex, column: erTable ? column : undefined, cellRange, cellText, cellStart: at.start + open };
}

// ---------------------------------------------------------------------------------------------
// Links

export interface DestinationSpot {
  /** The destination from its start to the cursor. */
  typed: string;
  /** Offset where the destination starts (after `](` and an optional `<`). */
  start: number;
  /** Offset where the destination token ends (at or after the cursor). */
  end: number;
}

/** The link destination being typed after `](` on the cursor's line, complete or not. */
export function destinationSpotAt(file: FileModel, offset: number): DestinationSpot | undefined {
  const at = lineAt(file, offset);
  const before = at.text.slice(0, at.column);
  const open = before.lastIndexOf('](');
  if (open < 0) return undefined;
  let start = open + 2;
  if (before[start] === '<') start++;
  const typed = before.slice(start);
  if (/[\s)>]/.test(typed)) return undefined;
  const rest = /^[^\s)>]*/.exec(at.text.slice(at.column))![0];
  return { typed, start: at.start + start, end: at.start + at.column + rest.length };
}

/** The parsed link whose text or destination holds the offset. */
export function linkAt(file: FileModel, offset: number): LinkModel | undefined {
  return file.links.find((link) => contains(link.urlRange, offset)) ?? file.links.find((link) => contains(link.range, offset));
}

// ---------------------------------------------------------------------------------------------
// ER mentions and standard citations

export interface ErMention {
  /** The ER number, lower case ("12.1a"). */
  number: string;
  range: OffsetRange;
  /** Set when the mention is the ER cell of a checklist row. */
  row?: ErRow;
}

/** "ER 12.1a", "ERs 7.1", "ER7". The number stops before a sentence's full stop. */
const ER_MENTION = /\bERs?\s?(\d+(?:\.\d+)*[a-z]?)\b/g;

export function erMentionAt(file: FileModel, offset: number): ErMention | undefined {
  for (const table of file.erTables) {
    for (const row of table.rows) {
      if (!row.number || !contains(row.erCell.range, offset)) continue;
      // "ER 7.1" written in the cell, or the bare number; on the title, the whole cell names the ER.
      const written = mentionInLine(file, offset);
      if (written && written.number === row.number) return { ...written, row };
      return { number: row.number, range: contains(row.numberRange, offset) ? row.numberRange : row.erCell.range, row };
    }
  }
  if (inFrontmatter(file, offset) || inCode(file, offset)) return undefined;
  return mentionInLine(file, offset);
}

function mentionInLine(file: FileModel, offset: number): ErMention | undefined {
  const at = lineAt(file, offset);
  const pattern = new RegExp(ER_MENTION.source, 'g');
  for (let match = pattern.exec(at.text); match; match = pattern.exec(at.text)) {
    const range = { start: at.start + match.index, end: at.start + match.index + match[0].length };
    if (contains(range, offset)) return { number: match[1]!.toLowerCase(), range };
  }
  return undefined;
}

export interface CitationSpot {
  /** The citation as written ("BS EN ISO 14971:2007"). */
  text: string;
  range: OffsetRange;
}

export function standardCitationAt(file: FileModel, offset: number): CitationSpot | undefined {
  if (inCode(file, offset)) return undefined;
  const at = lineAt(file, offset);
  const pattern = new RegExp(STANDARD_CITATION.source, 'g');
  for (let match = pattern.exec(at.text); match; match = pattern.exec(at.text)) {
    const text = match[0].trimEnd();
    const range = { start: at.start + match.index, end: at.start + match.index + text.length };
    if (contains(range, offset)) return { text, range };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Frontmatter

export type FrontmatterSpot =
  | {
      kind: 'key';
      /** Path of the mapping the key goes into ([] for the top level). */
      parent: string[];
      /** The key typed so far, to be replaced. */
      range: OffsetRange;
      /** Indentation of the key's line. */
      indent: string;
    }
  | {
      kind: 'value';
      /** Path of the key whose value is at the cursor. */
      path: string[];
      /** The value (or list item) typed so far, to be replaced. */
      range: OffsetRange;
      /** Inside `[...]` or a `- item` line. */
      inSequence: boolean;
      /** Items already in the same flow sequence or block sequence. */
      listed: string[];
    };

const KEY_LINE = /^(\s*)([A-Za-z][\w-]*)\s*:(?:\s+(.*)|\s*)$/;
const BLANK_OR_COMMENT = /^\s*(#.*)?$/;

function indentOf(text: string): number {
  return /^\s*/.exec(text)![0].length;
}

/**
 * The mapping path that a line indented by `indent` (below `line`) belongs to, from the lines
 * above it; undefined when the line continues a scalar value instead.
 */
function ancestorsAbove(file: FileModel, line: number, indent: number, firstLine: number): string[] | undefined {
  const path: string[] = [];
  let current = indent;
  for (let l = line - 1; l >= firstLine && current > 0; l--) {
    const text = file.lines.lineText(l);
    if (BLANK_OR_COMMENT.test(text)) continue;
    const lineIndent = indentOf(text);
    if (lineIndent >= current) continue;
    const key = KEY_LINE.exec(text);
    if (/^\s*-/.test(text)) return undefined; // inside a sequence of mappings: not part of the format
    if (!key || (key[3] !== undefined && key[3].trim() !== '' && !key[3].trim().startsWith('#'))) return undefined;
    path.unshift(key[2]!);
    current = lineIndent;
  }
  return path;
}

/**
 * Keys written at the same indentation in the mapping around `line` (the line itself excluded):
 * read from the text, since the YAML may not parse while a key is being typed.
 */
export function siblingKeys(file: FileModel, line: number, indent: number): Set<string> {
  const fm = file.parsed.frontmatter;
  const keys = new Set<string>();
  if (!fm) return keys;
  const firstLine = file.lines.positionAt(fm.contentRange.start).line;
  const lastLine = file.lines.positionAt(fm.contentRange.end).line - 1;
  const visit = (l: number): boolean => {
    const text = file.lines.lineText(l);
    if (BLANK_OR_COMMENT.test(text)) return true;
    const lineIndent = indentOf(text);
    if (lineIndent < indent) return false;
    const key = KEY_LINE.exec(text);
    if (lineIndent === indent && key && !/^\s*-/.test(text)) keys.add(key[2]!);
    return true;
  };
  for (let l = line - 1; l >= firstLine && visit(l); l--);
  for (let l = line + 1; l <= lastLine && visit(l); l++);
  return keys;
}

/** Splits the items of a flow sequence's text ("a, b, c"), without brackets. */
function flowItems(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim().replace(/^['"]|['"]$/g, ''))
    .filter(Boolean);
}

export function frontmatterSpotAt(file: FileModel, offset: number): FrontmatterSpot | undefined {
  const fm = file.parsed.frontmatter;
  if (!fm || !inFrontmatter(file, offset)) return undefined;
  const firstLine = file.lines.positionAt(fm.contentRange.start).line;
  const at = lineAt(file, offset);
  const before = at.text.slice(0, at.column);
  if (/(^|\s)#/.test(before)) return undefined; // in a YAML comment

  const typingKey = /^(\s*)([A-Za-z][\w-]*)?$/.exec(before);
  if (typingKey && !/^[\w-]*\s*:/.test(at.text.slice(at.column))) {
    const parent = ancestorsAbove(file, at.line, typingKey[1]!.length, firstLine);
    if (!parent) return undefined;
    const rest = /^[\w-]*/.exec(at.text.slice(at.column))![0];
    return { kind: 'key', parent, range: { start: at.start + typingKey[1]!.length, end: at.start + at.column + rest.length }, indent: typingKey[1]! };
  }

  const keyLine = KEY_LINE.exec(before);
  if (keyLine) {
    const parent = ancestorsAbove(file, at.line, keyLine[1]!.length, firstLine);
    if (!parent) return undefined;
    const path = [...parent, keyLine[2]!];
    const valueStart = before.length - (keyLine[3] ?? '').length;
    const value = at.text.slice(valueStart);
    const bracket = value.indexOf('[');
    const closing = value.indexOf(']');
    const column = at.column - valueStart;
    if (bracket >= 0 && bracket < column && (closing < 0 || closing >= column)) {
      const inside = value.slice(bracket + 1, closing < 0 ? undefined : closing);
      const itemStart = Math.max(value.lastIndexOf(',', column - 1), bracket) + 1;
      const itemEndInValue = [value.indexOf(',', column), closing].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), value.length);
      const raw = value.slice(itemStart, itemEndInValue);
      const start = valueStart + itemStart + (raw.length - raw.trimStart().length);
      const end = valueStart + itemStart + raw.trimEnd().length;
      const typed = value.slice(itemStart, column).trim();
      return {
        kind: 'value',
        path,
        range: { start: at.start + Math.min(start, at.column), end: at.start + Math.max(end, at.column) },
        inSequence: true,
        listed: flowItems(inside).filter((item) => item !== typed),
      };
    }
    const trimmedEnd = valueStart + value.replace(/\s+#.*$/, '').trimEnd().length;
    return { kind: 'value', path, range: { start: at.start + valueStart, end: at.start + Math.max(trimmedEnd, at.column) }, inSequence: false, listed: [] };
  }

  const item = /^(\s*)-(\s*)(.*)$/.exec(before);
  if (item) {
    const itemIndent = item[1]!.length;
    // The owner: the nearest key line above with less indentation, or the same for `key:\n- a`.
    for (let l = at.line - 1; l >= firstLine; l--) {
      const text = file.lines.lineText(l);
      if (BLANK_OR_COMMENT.test(text) || (/^\s*-/.test(text) && indentOf(text) === itemIndent)) continue;
      const key = KEY_LINE.exec(text);
      if (!key || indentOf(text) > itemIndent || (key[3] ?? '').trim() !== '') return undefined;
      const parent = ancestorsAbove(file, l, indentOf(text), firstLine);
      if (!parent) return undefined;
      const listed: string[] = [];
      for (let m = l + 1; m < file.lines.lineCount && file.lines.lineStart(m) < fm.contentRange.end; m++) {
        if (m === at.line) continue;
        const sibling = /^(\s*)-\s*(.*?)\s*$/.exec(file.lines.lineText(m));
        if (!sibling || sibling[1]!.length !== itemIndent) break;
        if (sibling[2]) listed.push(sibling[2].replace(/^['"]|['"]$/g, ''));
      }
      const start = item[1]!.length + 1 + item[2]!.length;
      const end = start + at.text.slice(start).replace(/\s+#.*$/, '').trimEnd().length;
      return { kind: 'value', path: [...parent, key[2]!], range: { start: at.start + start, end: at.start + Math.max(end, at.column) }, inSequence: true, listed };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Suppression comments

export type DirectiveSpot =
  | { kind: 'directive'; range: OffsetRange; yaml: boolean }
  | { kind: 'rule'; range: OffsetRange; listed: string[] };

const HTML_DIRECTIVE = /^\s*hie-(disable-next-line|disable-file|disable|enable)\s+([^]*)$/;
const YAML_DIRECTIVE = /#\s*hie-(disable-next-line|disable-file)\s+([^#]*)$/;

/** Inside `<!-- hie-disable… RULE -->` (or `# hie-disable-next-line RULE` in the frontmatter). */
export function directiveSpotAt(file: FileModel, offset: number): DirectiveSpot | undefined {
  const at = lineAt(file, offset);
  const before = at.text.slice(0, at.column);
  const word = /[\w-]*$/.exec(before)![0];
  const after = /^[\w-]*/.exec(at.text.slice(at.column))![0];
  const range = { start: at.start + at.column - word.length, end: at.start + at.column + after.length };
  const listedIn = (list: string): string[] => list.split(/[\s,]+/).filter((rule) => rule && rule !== word);

  if (inFrontmatter(file, offset)) {
    const yaml = YAML_DIRECTIVE.exec(before);
    if (yaml) return { kind: 'rule', range, listed: listedIn(yaml[2]! + at.text.slice(at.column).replace(/#.*$/, '')) };
    if (/(^|\s)#\s*[\w-]*$/.test(before) && (word === '' || 'hie-'.startsWith(word.slice(0, 4)))) return { kind: 'directive', range, yaml: true };
    return undefined;
  }
  if (inCode(file, offset)) return undefined;
  const open = before.lastIndexOf('<!--');
  if (open < 0 || before.indexOf('-->', open) >= 0) return undefined;
  const body = before.slice(open + 4);
  const directive = HTML_DIRECTIVE.exec(body);
  if (directive) {
    const close = at.text.indexOf('-->', at.column);
    return { kind: 'rule', range, listed: listedIn(directive[2]! + at.text.slice(at.column, close < 0 ? undefined : close)) };
  }
  if (/^\s*[\w-]*$/.test(body) && (word === '' || 'hie-'.startsWith(word.slice(0, 4)))) return { kind: 'directive', range, yaml: false };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Headings

export interface HeadingSpot {
  /** The `#` marks typed. */
  marks: string;
  /** From the line start to the end of the line: what a completion replaces. */
  range: OffsetRange;
  line: number;
}

/** A heading being typed at the start of a line: `#`, `## `, `## Ma`. */
export function headingSpotAt(file: FileModel, offset: number): HeadingSpot | undefined {
  if (inFrontmatter(file, offset) || inCode(file, offset)) return undefined;
  const at = lineAt(file, offset);
  const before = at.text.slice(0, at.column);
  // A byte order mark at the start of the file stays where it is.
  const bom = at.start === 0 && before.startsWith('\uFEFF') ? 1 : 0;
  const match = /^ {0,3}(#{1,6})(?:\s+[^#]*)?$/.exec(before.slice(bom));
  if (!match || at.text.slice(at.column).trim() !== '') return undefined;
  return { marks: match[1]!, range: { start: at.start + bom, end: at.start + at.text.length }, line: at.line };
}
