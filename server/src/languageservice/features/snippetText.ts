/**
 * The VS Code snippet syntax, as far as the dossier features use it: expanding a snippet to the
 * text it inserts when every placeholder keeps its default (for clients without snippet support
 * and for tests), shifting tab stop numbers so several catalogue prompts combine into one
 * snippet, and escaping literal text.
 */

/** Escapes text so a snippet inserts it literally. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (ch) => `\\${ch}`);
}

class SnippetReader {
  private at = 0;
  constructor(
    private readonly source: string,
    private readonly variables: Readonly<Record<string, string>>,
  ) {}

  /** Reads until one of `stops` (unescaped) or the end; returns the expanded text. */
  readText(stops: string): string {
    let out = '';
    while (this.at < this.source.length) {
      const ch = this.source[this.at]!;
      if (stops.includes(ch)) return out;
      if (ch === '\\' && this.at + 1 < this.source.length && '\\$}'.concat(stops).includes(this.source[this.at + 1]!)) {
        out += this.source[this.at + 1];
        this.at += 2;
      } else if (ch === '$') out += this.readDollar();
      else {
        out += ch;
        this.at++;
      }
    }
    return out;
  }

  private readDollar(): string {
    const rest = this.source.slice(this.at);
    const simple = /^\$(\d+|[A-Za-z_]\w*)/.exec(rest);
    if (simple) {
      this.at += simple[0].length;
      return /^\d/.test(simple[1]!) ? '' : (this.variables[simple[1]!] ?? '');
    }
    const braced = /^\$\{(\d+|[A-Za-z_]\w*)/.exec(rest);
    if (!braced) {
      this.at++;
      return '$';
    }
    this.at += braced[0].length;
    const name = braced[1]!;
    const isTabStop = /^\d/.test(name);
    const next = this.source[this.at];
    if (next === '}') {
      this.at++;
      return isTabStop ? '' : (this.variables[name] ?? '');
    }
    if (next === ':') {
      this.at++;
      const fallback = this.readText('}');
      this.expect('}');
      return isTabStop ? fallback : (this.variables[name] ?? fallback);
    }
    if (next === '|' && isTabStop) {
      this.at++;
      const first = this.readText(',|');
      while (this.source[this.at] === ',') {
        this.at++;
        this.readText(',|');
      }
      this.expect('|');
      this.expect('}');
      return first;
    }
    throw new Error(`Unsupported snippet syntax at ${this.at}: ${rest.slice(0, 20)}`);
  }

  private expect(ch: string): void {
    if (this.source[this.at] !== ch) throw new Error(`Snippet: expected "${ch}" at ${this.at} in ${JSON.stringify(this.source)}`);
    this.at++;
  }

  get done(): boolean {
    return this.at >= this.source.length;
  }
}

/** The text a snippet inserts when every tab stop keeps its default (first choice, placeholder text). */
export function expandSnippet(body: string, variables: Readonly<Record<string, string>> = {}): string {
  const reader = new SnippetReader(body, variables);
  const text = reader.readText('');
  if (!reader.done) throw new Error(`Snippet: unexpected text in ${JSON.stringify(body)}`);
  return text;
}

/** Adds `by` to every tab stop number above 0 ($0 stays the final cursor position). */
export function shiftTabStops(body: string, by: number): string {
  return body.replace(/(\\.)|\$(\{)?(\d+)/g, (whole, escaped: string | undefined, brace: string | undefined, number: string) => {
    if (escaped) return whole;
    const n = Number(number);
    return `$${brace ?? ''}${n === 0 ? 0 : n + by}`;
  });
}

/** The highest tab stop number in a snippet. */
export function highestTabStop(body: string): number {
  let highest = 0;
  for (const match of body.matchAll(/(\\.)|\$\{?(\d+)/g)) if (!match[1]) highest = Math.max(highest, Number(match[2]));
  return highest;
}
