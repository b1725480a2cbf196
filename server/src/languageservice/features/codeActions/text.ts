/** Text helpers for building edits that respect the document's line breaks and Markdown structure. */
import { distance } from 'fastest-levenshtein';
import type { FileModel } from '../../model/fileModel';
import type { FileEdit } from './types';

function isBlankLine(file: FileModel, line: number): boolean {
  return line < 0 || line >= file.lines.lineCount || file.lines.lineText(line).trim() === '';
}

/** Whether the text ends with a line break (so its last "line" is the empty one after it). */
function endsWithBreak(file: FileModel): boolean {
  return /[\r\n]$/.test(file.text);
}

/** Builds the edit, with the snippet form when there is one. */
function insertion(file: FileModel, at: number, wrap: (body: string[]) => string, lines: string[], snippetLines?: string[]): FileEdit {
  return { path: file.path, range: { start: at, end: at }, text: wrap(lines), ...(snippetLines ? { snippet: wrap(snippetLines) } : {}) };
}

/**
 * Inserts whole lines before line `beforeLine` (or after the last line), with nothing around
 * them: for table rows and YAML keys, which must stay next to their neighbours.
 */
export function insertLines(file: FileModel, beforeLine: number, lines: string[], snippetLines?: string[]): FileEdit {
  const eol = file.lines.eol;
  if (beforeLine < file.lines.lineCount) {
    return insertion(file, file.lines.lineStart(beforeLine), (body) => body.join(eol) + eol, lines, snippetLines);
  }
  const wrap = (body: string[]): string => (endsWithBreak(file) ? body.join(eol) + eol : eol + body.join(eol));
  return insertion(file, file.text.length, wrap, lines, snippetLines);
}

const OPENING_FENCE = /^ {0,3}(`{3,}|~{3,})/;
const RAW_HTML_OPENER = /<(script|pre|style|textarea)\b/i;

/**
 * The first line of a last block that is still open at the end of the file: a fenced code block
 * without its closing fence, or an HTML comment (or script/pre/style/textarea) never closed.
 * Anything inserted after it would become part of it.
 */
function openTailLine(file: FileModel): number | undefined {
  const last = file.parsed.blocks[file.parsed.blocks.length - 1];
  if (!last || last.range.end < file.text.trimEnd().length) return undefined;
  const source = file.text.slice(last.range.start, last.range.end);
  let open = false;
  if (last.kind === 'code') {
    const fence = OPENING_FENCE.exec(source);
    const lines = source.split(/\r\n|\n|\r/);
    const closing = lines.length > 1 ? lines[lines.length - 1]!.trim() : '';
    open = fence !== null && !(closing.length >= fence[1]!.length && closing === fence[1]![0]!.repeat(closing.length));
  } else if (last.kind === 'html') {
    const comment = source.lastIndexOf('<!--');
    const raw = RAW_HTML_OPENER.exec(source);
    open = (comment >= 0 && source.indexOf('-->', comment + 4) < 0) || (raw !== null && !new RegExp(`</${raw[1]}>`, 'i').test(source));
  }
  return open ? lineOf(file, last.range.start) : undefined;
}

/**
 * Inserts a Markdown block (heading, paragraph, table) before line `at` (or at the end),
 * separated from its neighbours by a blank line, so it neither joins the paragraph above nor
 * swallows the one below, nor is swallowed by a code fence or HTML comment left open above it
 * (then it goes before that block).
 */
export function insertBlock(file: FileModel, at: number, lines: string[], snippetLines?: string[]): FileEdit {
  const eol = file.lines.eol;
  const lineCount = file.lines.lineCount;
  const openTail = openTailLine(file);
  // Blank lines after the content above stay above the new block: it starts where the next text does.
  let beforeLine = openTail !== undefined ? Math.min(at, openTail) : at;
  while (beforeLine < lineCount - 1 && isBlankLine(file, beforeLine)) beforeLine++;
  if (beforeLine < lineCount) {
    const before = isBlankLine(file, beforeLine - 1) ? '' : eol;
    const after = isBlankLine(file, beforeLine) ? '' : eol;
    return insertion(file, file.lines.lineStart(beforeLine), (body) => before + body.join(eol) + eol + after, lines, snippetLines);
  }
  const lead = endsWithBreak(file) ? (isBlankLine(file, lineCount - 2) ? '' : eol) : eol + (isBlankLine(file, lineCount - 1) ? '' : eol);
  return insertion(file, file.text.length, (body) => lead + body.join(eol) + eol, lines, snippetLines);
}

/** The line after the one that holds the offset just before `end` (where the next line begins). */
export function lineAfter(file: FileModel, end: number): number {
  const position = file.lines.positionAt(end);
  // An end at the very start of a line belongs to the line before it.
  const last = position.character === 0 && end > 0 ? position.line - 1 : position.line;
  return last + 1;
}

export function lineOf(file: FileModel, offset: number): number {
  return file.lines.positionAt(offset).line;
}

/** Makes text safe in one table cell: pipes escaped, line breaks flattened. */
export function tableCellText(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').trim();
}

/** A GFM table row from cell texts (already escaped), in the `| a | b |` style. */
export function tableRow(cells: string[]): string {
  return `|${cells.map((cell) => (cell ? ` ${cell} ` : ' ')).join('|')}|`;
}

/**
 * The candidates closest to `word` by edit distance (case-insensitive), best first, within the
 * distance a typo plausibly has. Ties keep the candidates' order.
 */
export function closestWords(word: string, candidates: Iterable<string>, maxDistance = Math.max(2, Math.floor(word.length / 3))): { word: string; distance: number }[] {
  const lower = word.toLowerCase();
  const scored: { word: string; distance: number; order: number }[] = [];
  let order = 0;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d <= maxDistance && candidate !== word) scored.push({ word: candidate, distance: d, order: order++ });
  }
  return scored.sort((a, b) => a.distance - b.distance || a.order - b.order).map(({ word: w, distance: d }) => ({ word: w, distance: d }));
}
