/**
 * CSV as RFC 4180 has it: fields separated by commas, records by CRLF, and a field quoted (with
 * its quotes doubled) when it holds a comma, a quote, a line break or leading/trailing spaces,
 * so a justification such as `Not sterile, "single use"` survives a spreadsheet round trip.
 */

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(fields: readonly (string | number | boolean | undefined | null)[]): string {
  return fields.map(csvField).join(',');
}

/** A header record followed by the data records, each ended by CRLF. */
export function toCsv(header: readonly string[], records: readonly (readonly (string | number | boolean | undefined | null)[])[]): string {
  return [header, ...records].map((record) => `${csvRecord(record)}\r\n`).join('');
}
