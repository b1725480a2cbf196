/**
 * The two placeholder syntaxes a template can be written in, and how each becomes either a
 * snippet (for clients that support snippet edits) or plain text (for those that do not):
 *
 * - VS Code snippet syntax (`.code-snippets` bodies): `$1`, `${1:default}`, `${1|a,b|}`,
 *   `$TM_FILENAME`, `${VAR:default}`, with `\$`, `\}` and `\\` as escapes.
 * - Template syntax (Markdown templates and the catalogue's prompts): only `${n:default}`,
 *   `${n}` and `${n|a,b|}` are placeholders and everything else is literal, so a `$` or `\`
 *   in ordinary Markdown prose survives.
 */

/** Escapes literal text so a snippet inserts it unchanged. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (ch) => `\\${ch}`);
}

class SnippetReader {
  private at = 0;
  constructor(private readonly source: string) {}

  /** Reads until `stop` (a character that ends the enclosing construct) or the end; returns the plain text. */
  readAny(stop?: string): string {
    let out = '';
    while (this.at < this.source.length) {
      const ch = this.source[this.at]!;
      if (stop !== undefined && ch === stop) return out;
      if (ch === '\\' && this.at + 1 < this.source.length && '$}\\,|'.includes(this.source[this.at + 1]!)) {
        out += this.source[this.at + 1];
        this.at += 2;
      } else if (ch === '$') {
        out += this.readDollar();
      } else {
        out += ch;
        this.at++;
      }
    }
    return out;
  }

  private readDollar(): string {
    const start = this.at;
    this.at++;
    const simple = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.source.slice(this.at));
    if (simple) {
      // `$1` is a tab stop and `$VAR` a variable: both insert nothing in plain text.
      this.at += simple[0].length;
      return '';
    }
    if (this.source[this.at] !== '{') return '$';
    this.at++;
    const name = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.source.slice(this.at));
    if (!name) {
      this.at = start + 1;
      return '$';
    }
    this.at += name[0].length;
    const next = this.source[this.at];
    if (next === '}') {
      this.at++;
      return '';
    }
    if (next === ':') {
      this.at++;
      const inner = this.readAny('}');
      this.at++;
      return inner;
    }
    if (next === '|' && /^\d+$/.test(name[0])) {
      this.at++;
      const options: string[] = [];
      let current = '';
      while (this.at < this.source.length && !(this.source[this.at] === '|' && this.source[this.at + 1] === '}')) {
        const ch = this.source[this.at]!;
        if (ch === '\\' && this.at + 1 < this.source.length) {
          current += this.source[this.at + 1];
          this.at += 2;
        } else if (ch === ',') {
          options.push(current);
          current = '';
          this.at++;
        } else {
          current += ch;
          this.at++;
        }
      }
      options.push(current);
      this.at += 2;
      return options[0] ?? '';
    }
    if (next === '/') {
      // A variable transform: the plain text of a variable is empty whatever the transform.
      let slashes = 0;
      while (this.at < this.source.length && slashes < 3) {
        if (this.source[this.at] === '\\') this.at++;
        else if (this.source[this.at] === '/') slashes++;
        this.at++;
      }
      while (this.at < this.source.length && this.source[this.at] !== '}') this.at++;
      this.at++;
      return '';
    }
    this.at = start + 1;
    return '$';
  }
}

/** The text a snippet inserts when every placeholder keeps its default (first choice, empty variables). */
export function snippetToPlain(snippet: string): string {
  return new SnippetReader(snippet).readAny();
}

/** `${n:…}` (with nested braces), `${n}` or `${n|…|}` at `at`, or undefined. */
function templatePlaceholderAt(text: string, at: number): { end: number } | undefined {
  const head = /^\$\{\d+([:|}])/.exec(text.slice(at, at + 12));
  if (!head) return undefined;
  if (head[1] === '}') return { end: at + head[0].length };
  if (head[1] === '|') {
    const close = text.indexOf('|}', at + head[0].length);
    return close < 0 ? undefined : { end: close + 2 };
  }
  let depth = 1;
  for (let i = at + head[0].length; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '{' && text[i - 1] === '$') depth++;
    else if (ch === '}' && --depth === 0) return { end: i + 1 };
  }
  return undefined;
}

/** Converts template syntax to snippet syntax: placeholders kept, every other character literal. */
export function templateToSnippet(template: string): string {
  let out = '';
  let literalStart = 0;
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== '$') continue;
    const placeholder = templatePlaceholderAt(template, i);
    if (!placeholder) continue;
    out += escapeSnippetText(template.slice(literalStart, i)) + template.slice(i, placeholder.end);
    literalStart = placeholder.end;
    i = placeholder.end - 1;
  }
  return out + escapeSnippetText(template.slice(literalStart));
}

/** Template syntax as plain text: each placeholder becomes its default text. */
export function templateToPlain(template: string): string {
  return snippetToPlain(templateToSnippet(template));
}

/**
 * The fixed text a prompt starts with ("Date of the last market scan:"), by which an inserted
 * prompt is recognised even after its placeholder was filled in; the whole plain prompt when it
 * starts with a placeholder.
 */
export function promptLead(prompt: string): string {
  const lead = prompt.split('${')[0]!.trim();
  return lead.length >= 4 ? lead : templateToPlain(prompt).trim();
}
