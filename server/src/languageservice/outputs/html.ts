/**
 * HTML escaping and the frame of a standalone page. Everything the outputs put into HTML comes
 * from dossiers written by people, so every piece of text goes through `escapeHtml` and every
 * link through `safeHref`: a device called `<script>` must print as text, never run.
 * No Node import here: the VS Code client bundles this module for its webviews.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/** Schemes a published page may link to; anything else (javascript:, data:, vbscript:) is dropped. */
const SAFE_SCHEME = /^(https?|mailto):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * An href for a link found in a dossier, escaped for an attribute, or undefined when the link
 * must not be followed from a published page. Relative links are kept as they are.
 */
export function safeHref(url: string): string | undefined {
  return isSafeUrl(url) ? escapeHtml(url.trim()) : undefined;
}

/** Whether a link may be followed from an output: relative, or http(s) or mailto. */
export function isSafeUrl(url: string): boolean {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so strip them first.
  const compact = url.trim().replace(/[\u0000-\u0020\u007f]/g, '');
  if (compact === '') return false;
  return !ANY_SCHEME.test(compact) || SAFE_SCHEME.test(compact);
}

/** `<a href>` when the link is safe, else the text alone. */
export function htmlLink(text: string, url: string): string {
  const href = safeHref(url);
  return href === undefined ? escapeHtml(text) : `<a href="${href}">${escapeHtml(text)}</a>`;
}

export interface HtmlPageOptions {
  /** Plain text; escaped here. */
  title: string;
  /** Already-escaped HTML for inside <body>. */
  body: string;
  /** Inline style sheet (our own text, not escaped). */
  css: string;
  /**
   * A nonce for the inline style when the page is shown where a Content-Security-Policy with
   * nonces applies (a VS Code webview). Without one the page allows its inline style only.
   */
  nonce?: string;
}

/**
 * A standalone, accessible HTML page: doctype, UTF-8, lang="en-GB", a viewport for phones and a
 * Content-Security-Policy that allows nothing but the inline style sheet (no scripts, no
 * external resources), so the page can be published as it is on a trust website.
 */
export function htmlPage(options: HtmlPageOptions): string {
  const styleSource = options.nonce ? `'nonce-${escapeHtml(options.nonce)}'` : "'unsafe-inline'";
  const nonceAttribute = options.nonce ? ` nonce="${escapeHtml(options.nonce)}"` : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${styleSource}; base-uri 'none'; form-action 'none'">`,
    `<title>${escapeHtml(options.title)}</title>`,
    `<style${nonceAttribute}>`,
    options.css.trim(),
    '</style>',
    '</head>',
    '<body>',
    options.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Colours with at least 4.5:1 contrast; status is never shown by colour alone. */
export const BASE_CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; line-height: 1.5; color: #0b0c0c; background: #ffffff; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.8rem; margin: 0 0 1rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.75rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #b1b4b6; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f3f2f1; }
.facts th[scope="row"] { width: 14rem; }
.checklist th[scope="row"] { white-space: nowrap; }
td ul { margin: 0; padding-left: 1rem; }
a { color: #1d4f91; }
a:focus { outline: 3px solid #ffbf47; }
.draft { border: 4px solid #a4000f; color: #a4000f; background: #fff4f4; padding: 0.75rem 1rem; font-size: 1.25rem; font-weight: 700; margin: 0 0 1.5rem; }
.draft ul { font-size: 1rem; font-weight: 400; color: #0b0c0c; }
.statement { border-left: 5px solid #1d70b8; padding: 0.5rem 1rem; background: #f3f8fc; }
.status-missing, .status-no { font-weight: 600; }
.muted { color: #505a5f; }
@media print { .draft { border-width: 6px; } a { color: inherit; } }
`;
