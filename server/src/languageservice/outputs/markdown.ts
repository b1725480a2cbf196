/**
 * Escaping for the Markdown outputs. Text from a dossier is written so that a Markdown renderer
 * shows it as written: `<b>` stays visible text instead of becoming HTML, `*` and `_` do not
 * start emphasis, and a `|` does not split a table cell.
 */
import { isSafeUrl } from './html';

/** Inline text: backslash-escapes the punctuation that could start markup (CommonMark allows it before any ASCII punctuation). */
export function mdText(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#!&]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

/** A table cell: inline text on one line (a line break would end the row). */
export function mdCell(text: string): string {
  const escaped = mdText(text.replace(/\s*\r?\n\s*/g, ' ').trim());
  return escaped === '' ? ' ' : escaped;
}

/** `[text](url)`, with the destination in angle brackets when it holds spaces or parentheses. */
export function mdLink(text: string, url: string): string {
  if (!isSafeUrl(url)) return mdText(text);
  // A pipe would end a table cell even inside a link destination.
  const safe = url.replace(/[|<>]/g, (char) => encodeURIComponent(char));
  const destination = /[\s()]/.test(safe) ? `<${safe}>` : safe;
  return `[${mdText(text)}](${destination})`;
}
