/**
 * Finds the first date written in a piece of prose, as authors write them in a market scan:
 * "2026-01-20", "20 January 2026", "January 20, 2026", "20/01/2026" (day first, as in the UK)
 * or "January 2026". The register shows it in ISO form so that it sorts.
 */

export interface FoundDate {
  /** As written: "20 January 2026". */
  text: string;
  /** "2026-01-20", or "2026-01" when the text gives no day. */
  iso: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

interface DatePattern {
  pattern: RegExp;
  /** Year, month (1-12) and day (undefined for a month) from the match. */
  read(match: RegExpExecArray): [number, number, number | undefined];
}

const monthNumber = (name: string): number => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

const PATTERNS: DatePattern[] = [
  { pattern: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, read: (m) => [Number(m[1]), Number(m[2]), Number(m[3])] },
  { pattern: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\.?,?\\s+(\\d{4})\\b`, 'gi'), read: (m) => [Number(m[3]), monthNumber(m[2]!), Number(m[1])] },
  { pattern: new RegExp(`\\b${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,\\s*(\\d{4})\\b`, 'gi'), read: (m) => [Number(m[3]), monthNumber(m[1]!), Number(m[2])] },
  { pattern: /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/g, read: (m) => [Number(m[3]), Number(m[2]), Number(m[1])] },
  // A month alone, unless it is the tail of a day-month-year date that was invalid ("31 February 2026").
  { pattern: new RegExp(`(?<!\\d(?:st|nd|rd|th)?\\s+(?:of\\s+)?)\\b${MONTH}\\.?\\s+(\\d{4})\\b`, 'gi'), read: (m) => [Number(m[2]), monthNumber(m[1]!), undefined] },
];

function isValid(year: number, month: number, day: number | undefined): boolean {
  if (year < 1900 || year > 2999 || month < 1 || month > 12) return false;
  if (day === undefined) return true;
  return day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (value: number): string => String(value).padStart(2, '0');

export function findFirstDate(text: string): FoundDate | undefined {
  let best: { at: number; found: FoundDate } | undefined;
  for (const { pattern, read } of PATTERNS) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const [year, month, day] = read(match);
      if (!isValid(year, month, day)) continue;
      // A longer match at the same place wins ("20 January 2026" over "January 2026").
      if (!best || match.index < best.at || (match.index === best.at && match[0].length > best.found.text.length)) {
        best = { at: match.index, found: { text: match[0], iso: `${year}-${pad(month)}${day === undefined ? '' : `-${pad(day)}`}` } };
      }
      break;
    }
  }
  return best?.found;
}
