/**
 * Fixes that replace the text a diagnostic points at: a superseded standard by its current
 * edition, an unknown characteristic or ER number by the nearest known one, and an exclusion
 * (`No`) that may not stand by `Yes`. Each checks the text is still what the diagnostic was about,
 * so a stale or repeated request changes nothing.
 */
import { normaliseStandard } from '../../catalogue/catalogueIndex';
import { checklistOf } from '../../model/checklist';
import type { ErRow } from '../../model/erTable';
import { fieldAt, sequenceItems } from '../../model/frontmatterFields';
import type { OffsetRange } from '../../model/types';
import { closestWords } from './text';
import type { FileEdit, FixContext, FixProvider, IncomingDiagnostic } from './types';

function sameRange(a: OffsetRange, b: OffsetRange): boolean {
  return a.start === b.start && a.end === b.end;
}

function replace(context: FixContext, range: OffsetRange, text: string): FileEdit {
  return { path: context.path, range, text };
}

/** The words at the smallest edit distance: the nearest, and any tied with it. */
function nearestTied(word: string, candidates: Iterable<string>): string[] {
  const scored = closestWords(word, candidates);
  return scored.filter((s) => s.distance === scored[0]?.distance).map((s) => s.word);
}

const BRITISH_EUROPEAN_PREFIX = /^((?:BS\s+)?EN\s+)(?=(?:ISO|IEC)\b)/i;

/** `standard-superseded`: cite the current edition (keeping a "BS EN " prefix the author wrote). */
export const standardSupersededFixes: FixProvider = (context, diagnostic) => {
  const written = context.file.text.slice(diagnostic.range.start, diagnostic.range.end);
  const edition = context.catalogue.editions.get(normaliseStandard(written));
  if (!edition || edition.current) return [];
  const current = edition.standard.current;
  const prefix = BRITISH_EUROPEAN_PREFIX.exec(written)?.[1];
  const replacement = prefix && /^(ISO|IEC)\b/.test(current) ? prefix + current : current;
  return [
    {
      id: `standard:${replacement}`,
      title: `Replace ${written.trim()} with ${replacement}`,
      isPreferred: true,
      autoFix: true,
      edits: () => [replace(context, diagnostic.range, replacement)],
    },
  ];
};

/** `characteristic-unknown`: the nearest word of the vocabulary (each one, when several are as near). */
export const characteristicUnknownFixes: FixProvider = (context, diagnostic) => {
  const fm = context.file.parsed.frontmatter;
  const field = fm ? fieldAt(fm, ['device', 'characteristics']) : undefined;
  const items = fm && field ? sequenceItems(fm, field.node) : undefined;
  const item = items?.find((candidate) => sameRange(candidate.range, diagnostic.range));
  if (!item?.text || context.catalogue.characteristics.has(item.text)) return [];
  const written = context.file.text.slice(item.range.start, item.range.end);
  const quote = /^(['"])[^]*\1$/.exec(written)?.[1] ?? '';
  const words = nearestTied(item.text, context.catalogue.characteristics);
  return words.map((word) => ({
    id: `characteristic:${word}`,
    title: `Replace \`${item.text}\` with \`${word}\``,
    isPreferred: words.length === 1,
    autoFix: words.length === 1,
    edits: () => [replace(context, item.range, `${quote}${word}${quote}`)],
  }));
};

/** The checklist row of the requested file whose cell a diagnostic points at. */
function rowAt(context: FixContext, diagnostic: IncomingDiagnostic, cell: (row: ErRow) => OffsetRange | undefined): ErRow | undefined {
  for (const table of context.file.erTables) {
    for (const row of table.rows) {
      const range = cell(row);
      if (range && sameRange(range, diagnostic.range)) return row;
    }
  }
  return undefined;
}

const MAX_NUMBER_SUGGESTIONS = 3;

function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** `er-unknown`: the nearest numbers of Annex I, those without a row first; never one that would make a `No` row an exclusion that is not allowed. */
export const erUnknownFixes: FixProvider = (context, diagnostic) => {
  const row = rowAt(context, diagnostic, (r) => r.numberRange);
  const number = row?.number;
  if (!row || number === undefined || context.catalogue.ers.has(number)) return [];
  if (context.file.text.slice(row.numberRange.start, row.numberRange.end).toLowerCase() !== number) return [];
  const rowFor = context.dossier ? checklistOf(context.dossier, context.catalogue).rowFor : new Map<string, unknown>();
  const candidates = closestWords(number, context.catalogue.ers.keys())
    .filter(({ word }) => row.applies !== 'no' || context.catalogue.ers.get(word)?.excludable !== false)
    // Nearest first; then ERs without a row, then those that share more of the written number ("12.1b" → "12.1a" before "12.1").
    .sort((a, b) => a.distance - b.distance || Number(rowFor.has(a.word)) - Number(rowFor.has(b.word)) || sharedPrefix(b.word, number) - sharedPrefix(a.word, number) || Math.abs(a.word.length - number.length) - Math.abs(b.word.length - number.length))
    .slice(0, MAX_NUMBER_SUGGESTIONS);
  return candidates.map(({ word }, i) => ({
    id: `er:${word}`,
    title: `Change ER ${number} to ${word} (${context.catalogue.ers.get(word)!.title})`,
    isPreferred: i === 0 && candidates.length === 1,
    edits: () => [replace(context, row.numberRange, word)],
  }));
};

/** `exclusion-not-allowed` and `exclusion-contradicts-device`: mark the row Yes. */
export const exclusionFixes: FixProvider = (context, diagnostic) => {
  const row = rowAt(context, diagnostic, (r) => r.appliesCell?.range);
  if (!row?.appliesCell || row.applies !== 'no' || (diagnostic.target !== undefined && row.number !== diagnostic.target)) return [];
  const range = row.appliesCell.range;
  const written = context.file.text.slice(range.start, range.end);
  return [
    {
      id: 'applies:yes',
      title: `Mark ER ${row.number} as applicable: change ${written} to Yes`,
      isPreferred: true,
      // Only a general requirement is certainly applicable; a device-based one may mean the characteristics are wrong.
      autoFix: diagnostic.rule === 'exclusion-not-allowed',
      edits: () => [replace(context, range, 'Yes')],
    },
  ];
};
