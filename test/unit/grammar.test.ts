/**
 * The TextMate injection grammar: valid JSON, contributed for Markdown, every regex compiles
 * (after converting Oniguruma-only syntax to JavaScript) and matches what it is meant to.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/lspClient';

const GRAMMAR_PATH = path.join(REPO_ROOT, 'syntaxes', 'hie-dossier.injection.tmLanguage.json');

interface CaptureRule {
  name?: string;
  patterns?: Rule[];
}
interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  include?: string;
  captures?: Record<string, CaptureRule>;
  patterns?: Rule[];
}
interface Grammar {
  scopeName: string;
  injectionSelector: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
};

/**
 * Converts an Oniguruma pattern to an equivalent JavaScript RegExp. Handles what TextMate
 * grammars commonly use; anything else that JavaScript would read differently makes it throw,
 * so a construct the conversion does not know cannot pass unnoticed.
 */
export function onigurumaToJs(source: string): RegExp {
  let flags = '';
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    const rest = source.slice(i);
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw new Error('trailing backslash');
      if (next === 'h') out += inClass ? '0-9A-Fa-f' : '[0-9A-Fa-f]';
      else if (next === 'H') out += '[^0-9A-Fa-f]';
      else if (next === 'A' && !inClass) out += '^';
      else if ((next === 'z' || next === 'Z') && !inClass) out += next === 'z' ? '$' : '(?=\\n?$)';
      else if (next === 'G' && !inClass) out += ''; // "where the last match ended": the scan start here
      else if (next === 'x' && source[i + 2] === '{') {
        const close = source.indexOf('}', i);
        out += `\\u{${source.slice(i + 3, close)}}`;
        flags += flags.includes('u') ? '' : 'u';
        i = close;
        continue;
      } else if ('kgKRXOyY'.includes(next)) throw new Error(`Oniguruma-only escape \\${next} in ${source}`);
      else out += `\\${next}`;
      i++;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^)?([a-z]+):\]/.exec(rest);
      if (posix) {
        if (posix[1] || !POSIX_CLASSES[posix[2]!]) throw new Error(`unsupported POSIX class ${posix[0]}`);
        out += POSIX_CLASSES[posix[2]!];
        i += posix[0].length - 1;
        continue;
      }
      if (ch === '[') throw new Error(`nested character class in ${source}`);
      if (ch === ']') inClass = false;
      if (ch === '&' && source[i + 1] === '&') throw new Error(`class intersection in ${source}`);
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      if (source[i + 1] === '^') (out += '^'), i++;
      if (source[i + 1] === ']') (out += '\\]'), i++;
      continue;
    }
    const inline = /^\(\?([imx]+)\)/.exec(rest);
    if (inline) {
      if (i !== 0 || inline[1] !== 'i') throw new Error(`inline flags ${inline[0]} not at the start of ${source}`);
      flags += 'i';
      i += inline[0].length - 1;
      continue;
    }
    if (/^\(\?[imx-]+:/.test(rest)) throw new Error(`scoped inline flags in ${source}: JavaScript (Node 20) has no equivalent`);
    if (rest.startsWith('(?>')) {
      out += '(?:'; // atomic group: the same matches for the patterns tested here
      i += 2;
      continue;
    }
    if (rest.startsWith('(?~')) throw new Error(`absence operator in ${source}`);
    if ((ch === '+' || ch === '*' || ch === '?' || ch === '}') && source[i + 1] === '+' && ch !== '?') {
      out += ch; // possessive quantifier: greedy in JavaScript
      i++;
      continue;
    }
    out += ch;
  }
  return new RegExp(out, flags);
}

const grammar = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8')) as Grammar;

function allRules(): { where: string; rule: Rule }[] {
  const found: { where: string; rule: Rule }[] = [];
  const visit = (rule: Rule, where: string): void => {
    found.push({ where, rule });
    (rule.patterns ?? []).forEach((child, i) => visit(child, `${where}.patterns[${i}]`));
    for (const [group, capture] of Object.entries(rule.captures ?? {})) (capture.patterns ?? []).forEach((child, i) => visit(child, `${where}.captures[${group}][${i}]`));
  };
  grammar.patterns.forEach((rule, i) => visit(rule, `patterns[${i}]`));
  for (const [name, rule] of Object.entries(grammar.repository)) visit(rule, `repository.${name}`);
  return found;
}

interface Token {
  text: string;
  scopes: string[];
}

/** Applies a match rule's captures: the scope of each captured group, sub-patterns included. */
function capturedTokens(rule: Rule, match: RegExpExecArray): Token[] {
  const tokens: Token[] = [];
  for (const [group, capture] of Object.entries(rule.captures ?? {})) {
    const text = match[Number(group)];
    if (text === undefined) continue;
    if (capture.name) tokens.push({ text, scopes: [capture.name] });
    if (capture.patterns) tokens.push(...scan(text, capture.patterns));
  }
  return tokens;
}

/** A small TextMate scanner for match rules: at each position the earliest match wins, ties by order. */
function scan(line: string, rules: Rule[]): Token[] {
  const resolved = rules.map((rule) => (rule.include ? grammar.repository[rule.include.slice(1)]! : rule));
  const tokens: Token[] = [];
  let position = 0;
  while (position <= line.length) {
    let best: { rule: Rule; match: RegExpExecArray } | undefined;
    for (const rule of resolved) {
      const regex = onigurumaToJs(rule.match!);
      const global = new RegExp(regex.source, `${regex.flags}g`);
      global.lastIndex = position;
      const match = global.exec(line);
      if (match && (!best || match.index < best.match.index)) best = { rule, match };
    }
    if (!best) break;
    if (best.rule.name) tokens.push({ text: best.match[0], scopes: [best.rule.name] });
    tokens.push(...capturedTokens(best.rule, best.match));
    position = best.match.index + Math.max(best.match[0].length, 1);
  }
  return tokens;
}

const scopesOf = (line: string): [string, string][] => scan(line, grammar.patterns).flatMap((token) => token.scopes.map((scope): [string, string] => [token.text, scope]));

describe('grammar: the injection grammar file', () => {
  it('is valid JSON injected into Markdown and contributed in package.json', () => {
    assert.equal(grammar.scopeName, 'hie-dossier.markdown.injection');
    assert.match(grammar.injectionSelector, /^L:text\.html\.markdown\b/);
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] } };
    const contribution = manifest.contributes.grammars.find((g) => g.scopeName === grammar.scopeName);
    assert.ok(contribution, 'package.json contributes the grammar');
    assert.deepEqual(contribution.injectTo, ['text.html.markdown']);
    assert.equal(path.resolve(REPO_ROOT, contribution.path), GRAMMAR_PATH);
  });

  it('has regexes that all compile, and includes that all resolve', () => {
    const rules = allRules();
    assert.ok(rules.length >= 5);
    for (const { where, rule } of rules) {
      if (rule.include) assert.ok(grammar.repository[rule.include.slice(1)], `${where}: ${rule.include} resolves`);
      for (const key of ['match', 'begin', 'end'] as const) {
        const source = rule[key];
        if (source !== undefined) assert.doesNotThrow(() => onigurumaToJs(source), `${where}.${key} compiles`);
      }
    }
  });
});

describe('grammar: the Oniguruma conversion', () => {
  it('converts what JavaScript writes differently, and refuses what it cannot express', () => {
    assert.equal(onigurumaToJs('\\h+').source, '[0-9A-Fa-f]+');
    assert.equal(onigurumaToJs('[[:alpha:]_]').source, '[A-Za-z_]');
    assert.equal(onigurumaToJs('(?i)yes').flags, 'i');
    assert.equal(onigurumaToJs('\\Aa\\z').source, '^a$');
    assert.equal(onigurumaToJs('a++').source, 'a+');
    assert.ok(onigurumaToJs('\\x{1F600}').test('😀'));
    assert.throws(() => onigurumaToJs('(?i:yes)'));
    assert.throws(() => onigurumaToJs('\\K'));
  });
});

describe('grammar: what it highlights', () => {
  it('highlights ER references in prose, and not other words', () => {
    assert.deepEqual(scopesOf('See ER 12.1a and ER 7.1.'), [
      ['ER 12.1a', 'meta.er-reference.hie-dossier'],
      ['ER', 'keyword.other.er.hie-dossier'],
      ['12.1a', 'constant.numeric.er-number.hie-dossier'],
      ['ER 7.1', 'meta.er-reference.hie-dossier'],
      ['ER', 'keyword.other.er.hie-dossier'],
      ['7.1', 'constant.numeric.er-number.hie-dossier'],
    ]);
    assert.deepEqual(
      scopesOf('ERs 6a apply').filter(([, scope]) => scope.startsWith('constant')),
      [['6a', 'constant.numeric.er-number.hie-dossier']],
    );
    assert.deepEqual(scopesOf('OTHER 12 and HER 3 and ER alone'), []);
  });

  it('highlights Yes, No and Partly in table cells, not elsewhere', () => {
    assert.deepEqual(scopesOf('| 1 | Yes | ISO 14971:2019 | | |'), [['Yes', 'markup.inserted.applies.yes.hie-dossier']]);
    assert.deepEqual(scopesOf('| 7 | No | | | reason |'), [['No', 'markup.deleted.applies.no.hie-dossier']]);
    assert.deepEqual(scopesOf('| 10.1 |Partly| x |'), [['Partly', 'markup.changed.applies.partly.hie-dossier']]);
    assert.deepEqual(scopesOf('| 1 | Yesterday | Not applicable | None |'), []);
    assert.deepEqual(scopesOf('Yes, No or Partly in prose'), []);
  });

  it('highlights hie-disable comments with their directive and rule names', () => {
    assert.deepEqual(scopesOf('<!-- hie-disable-next-line evidence-missing, er-missing -->'), [
      ['<!-- hie-disable-next-line evidence-missing, er-missing -->', 'comment.block.html.hie-directive.hie-dossier'],
      ['<!--', 'punctuation.definition.comment.begin.html'],
      ['hie-disable-next-line', 'keyword.control.directive.hie-dossier'],
      ['evidence-missing', 'variable.other.rule-name.hie-dossier'],
      [',', 'punctuation.separator.rule-list.hie-dossier'],
      ['er-missing', 'variable.other.rule-name.hie-dossier'],
      ['-->', 'punctuation.definition.comment.end.html'],
    ]);
    assert.equal(scopesOf('<!-- hie-enable -->')[2]![0], 'hie-enable');
    assert.deepEqual(scopesOf('<!-- a note --> <!-- hie-disabled x -->'), []);
  });

  it('highlights an ER reference and an Applies value on the same row', () => {
    const scopes = scopesOf('| 12.1a | Partly | see ER 12.1 |').map(([, scope]) => scope);
    assert.deepEqual(scopes, ['markup.changed.applies.partly.hie-dossier', 'meta.er-reference.hie-dossier', 'keyword.other.er.hie-dossier', 'constant.numeric.er-number.hie-dossier']);
  });
});
