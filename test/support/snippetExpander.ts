/**
 * Expands VS Code snippet syntax the way the editor does while an author fills a snippet in: at
 * each tab stop the author either types a value, picks one of the choices, or tabs on and keeps
 * the default. Mirrors (the same tab stop twice) get the same value. The result says where each
 * tab stop's text landed and where the final cursor (`$0`) is, so a test can go on editing there.
 *
 * This is test tooling: it replays an author, so it knows what was typed and what was chosen.
 * The server's own expander (features/snippetText.ts) only ever takes the defaults.
 *
 * Supported: `$1`, `${1}`, `${1:default}` (nested), `${1|a,b|}`, `$0`, `$NAME`, `${NAME}`,
 * `${NAME:default}`, and the escapes `\$`, `\}`, `\\` (and `\,`, `\|` inside choices).
 * Transformations (`${1/regex/format/}`) are not: they throw, so a snippet that starts using
 * them is noticed rather than expanded wrongly.
 */

/** What the author does at a tab stop; a tab stop without an answer keeps its default. */
export type TabStopAnswer = { type: string } | { choose: string };

export interface ExpansionOptions {
  /** The author's answers, by tab stop number. */
  answers?: Readonly<Record<number, TabStopAnswer>>;
  /**
   * Values of variables (`TM_FILENAME`, …). As in VS Code, a variable missing here inserts its
   * default, or its own name when it has none; an empty value inserts the default.
   */
  variables?: Readonly<Record<string, string>>;
}

export interface OffsetSpan {
  start: number;
  end: number;
}

export interface ExpandedTabStop {
  index: number;
  value: string;
  /** typed: the author typed it; chosen: picked from the choices; default: the author tabbed on. */
  source: 'typed' | 'chosen' | 'default';
  /** Where the value landed in the text, once per occurrence (mirrors); empty when a typed outer placeholder replaced it. */
  spans: OffsetSpan[];
  /** The placeholder's default text (the first choice for a choice), before the author acted. */
  defaultText: string;
  choices?: string[];
}

export interface SnippetExpansion {
  text: string;
  /** Tab stops above 0, by number. */
  tabStops: ExpandedTabStop[];
  /** Where the cursor ends: at `$0`, else at the end of the text. */
  finalCursor: number;
}

type SnippetNode =
  | { kind: 'text'; text: string }
  | { kind: 'tabStop'; index: number; body?: SnippetNode[]; choices?: string[] }
  | { kind: 'variable'; name: string; fallback?: SnippetNode[] };

const INT = /^\d+/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

class SnippetParser {
  private at = 0;
  constructor(private readonly source: string) {}

  parse(): SnippetNode[] {
    const nodes = this.sequence(false);
    if (this.at < this.source.length) this.fail('unexpected "}"');
    return nodes;
  }

  /** Text and elements up to the end, or (inside a placeholder) up to its closing brace. */
  private sequence(nested: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    while (this.at < this.source.length) {
      const ch = this.source[this.at]!;
      if (ch === '}' && nested) break;
      if (ch === '\\' && '$}\\'.includes(this.source[this.at + 1] ?? '')) {
        text += this.source[this.at + 1];
        this.at += 2;
      } else if (ch === '$') {
        const element = this.dollar();
        if (typeof element === 'string') text += element;
        else {
          flush();
          nodes.push(element);
        }
      } else {
        text += ch;
        this.at++;
      }
    }
    flush();
    return nodes;
  }

  /** After a `$`: a tab stop, a variable, or a literal dollar sign. */
  private dollar(): SnippetNode | string {
    const rest = this.source.slice(this.at + 1);
    const index = INT.exec(rest)?.[0];
    if (index !== undefined) {
      this.at += 1 + index.length;
      return { kind: 'tabStop', index: Number(index) };
    }
    const name = NAME.exec(rest)?.[0];
    if (name !== undefined) {
      this.at += 1 + name.length;
      return { kind: 'variable', name };
    }
    if (rest[0] !== '{') {
      this.at++;
      return '$';
    }
    return this.braced();
  }

  /** `${…}`: a tab stop, placeholder or choice, or a variable with an optional default. */
  private braced(): SnippetNode {
    this.at += 2;
    const rest = this.source.slice(this.at);
    const index = INT.exec(rest)?.[0];
    const name = index === undefined ? NAME.exec(rest)?.[0] : undefined;
    if (index === undefined && name === undefined) this.fail('expected a tab stop number or a variable name after "${"');
    this.at += (index ?? name)!.length;
    const next = this.source[this.at];
    if (next === '}') {
      this.at++;
      return index !== undefined ? { kind: 'tabStop', index: Number(index) } : { kind: 'variable', name: name! };
    }
    if (next === ':') {
      this.at++;
      const body = this.sequence(true);
      this.expect('}');
      return index !== undefined ? { kind: 'tabStop', index: Number(index), body } : { kind: 'variable', name: name!, fallback: body };
    }
    if (next === '|' && index !== undefined) {
      this.at++;
      const choices = this.choices();
      return { kind: 'tabStop', index: Number(index), choices };
    }
    if (next === '/') this.fail('transformations are not supported');
    return this.fail(`unexpected ${next === undefined ? 'end' : `"${next}"`}`);
  }

  /** The options of `${n|a,b|}`, after the first `|`, through the closing `|}`. */
  private choices(): string[] {
    const options: string[] = [];
    let current = '';
    while (this.at < this.source.length) {
      const ch = this.source[this.at]!;
      if (ch === '\\' && ',|\\$}'.includes(this.source[this.at + 1] ?? '')) {
        current += this.source[this.at + 1];
        this.at += 2;
      } else if (ch === ',') {
        options.push(current);
        current = '';
        this.at++;
      } else if (ch === '|') {
        options.push(current);
        this.at++;
        this.expect('}');
        return options;
      } else {
        current += ch;
        this.at++;
      }
    }
    return this.fail('unclosed choice');
  }

  private expect(ch: string): void {
    if (this.source[this.at] !== ch) this.fail(`expected "${ch}"`);
    this.at++;
  }

  private fail(what: string): never {
    throw new Error(`Snippet syntax: ${what} at ${this.at} in ${JSON.stringify(this.source)}`);
  }
}

/** Parses snippet syntax into nodes (exported for tests of the grammar itself). */
export function parseSnippet(body: string): SnippetNode[] {
  return new SnippetParser(body).parse();
}

/** Every tab stop node, depth first, with what the first one carrying a default or choices defines. */
function definitions(nodes: readonly SnippetNode[], found = new Map<number, { body?: SnippetNode[]; choices?: string[] }>()): Map<number, { body?: SnippetNode[]; choices?: string[] }> {
  for (const node of nodes) {
    if (node.kind === 'tabStop') {
      const known = found.get(node.index);
      if (!known || (!known.body && !known.choices)) found.set(node.index, { ...(node.body ? { body: node.body } : {}), ...(node.choices ? { choices: node.choices } : {}) });
      if (node.body) definitions(node.body, found);
    } else if (node.kind === 'variable' && node.fallback) definitions(node.fallback, found);
  }
  return found;
}

/** Plain text of nodes with every tab stop at its default (for the default text of a placeholder). */
function defaultsOf(nodes: readonly SnippetNode[], defs: ReturnType<typeof definitions>, variables: Readonly<Record<string, string>>): string {
  return nodes
    .map((node) => {
      if (node.kind === 'text') return node.text;
      if (node.kind === 'variable') return variableText(node, variables, (fallback) => defaultsOf(fallback, defs, variables));
      const def = defs.get(node.index);
      return def?.choices?.[0] ?? (def?.body ? defaultsOf(def.body, defs, variables) : '');
    })
    .join('');
}

function variableText(node: Extract<SnippetNode, { kind: 'variable' }>, variables: Readonly<Record<string, string>>, render: (fallback: SnippetNode[]) => string): string {
  const value = variables[node.name];
  if (value) return value;
  if (node.fallback) return render(node.fallback);
  return value === undefined ? node.name : '';
}

/** Expands a snippet as an author filling it in with `answers` would leave it. */
export function expandSnippetAs(body: string, options: ExpansionOptions = {}): SnippetExpansion {
  const answers = options.answers ?? {};
  const variables = options.variables ?? {};
  const nodes = parseSnippet(body);
  const defs = definitions(nodes);

  for (const key of Object.keys(answers)) {
    const index = Number(key);
    if (!defs.has(index) || index === 0) throw new Error(`An answer for tab stop ${key}, which the snippet does not have`);
    const answer = answers[index]!;
    if ('choose' in answer) {
      const choices = defs.get(index)!.choices;
      if (!choices) throw new Error(`Tab stop ${index} offers no choices, so "${answer.choose}" cannot be chosen`);
      if (!choices.includes(answer.choose)) throw new Error(`Tab stop ${index} offers ${choices.join(', ')}, not "${answer.choose}"`);
    }
  }

  const stops = new Map<number, ExpandedTabStop>();
  for (const [index, def] of defs) {
    if (index === 0) continue;
    const answer = answers[index];
    const defaultText = def.choices?.[0] ?? (def.body ? defaultsOf(def.body, defs, variables) : '');
    const source = answer === undefined ? 'default' : 'choose' in answer ? 'chosen' : 'typed';
    const value = answer === undefined ? defaultText : 'choose' in answer ? answer.choose : answer.type;
    stops.set(index, { index, value, source, spans: [], defaultText, ...(def.choices ? { choices: def.choices } : {}) });
  }

  let text = '';
  let finalCursor: number | undefined;
  const render = (list: readonly SnippetNode[]): void => {
    for (const node of list) {
      if (node.kind === 'text') text += node.text;
      else if (node.kind === 'variable') text += variableText(node, variables, (fallback) => defaultsOf(fallback, defs, variables));
      else if (node.index === 0) {
        finalCursor ??= text.length;
        const def = defs.get(0);
        if (def?.body) render(def.body);
        else if (def?.choices) text += def.choices[0];
      } else {
        const stop = stops.get(node.index)!;
        const start = text.length;
        const def = defs.get(node.index)!;
        // A kept placeholder shows its default, with its nested tab stops filled in as answered.
        if (stop.source === 'default' && def.body) render(def.body);
        else text += stop.value;
        // What the author sees for a kept placeholder includes the answers nested in it.
        if (stop.spans.length === 0) stop.value = text.slice(start);
        stop.spans.push({ start, end: text.length });
      }
    }
  };
  render(nodes);

  for (const stop of stops.values()) {
    if (stop.source !== 'default' && stop.spans.length === 0) throw new Error(`Tab stop ${stop.index} was answered but a typed placeholder around it replaced it`);
  }
  return { text, tabStops: [...stops.values()].sort((a, b) => a.index - b.index), finalCursor: finalCursor ?? text.length };
}
