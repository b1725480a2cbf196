/**
 * `frontmatter-invalid` for a missing required field: add the key, in the order of the format page,
 * inside its mapping and at that mapping's indentation, with a placeholder the author replaces.
 * The classification gets one fix per class instead: a placeholder would not be a class, and a
 * chosen class would be a regulatory decision the fix has no business making.
 */
import { isMap, isScalar, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { FRONTMATTER_FIELDS, CLASSIFICATIONS } from '../../rules/frontmatterInvalid';
import { fieldAt } from '../../model/frontmatterFields';
import type { FileModel } from '../../model/fileModel';
import type { FrontmatterModel } from '../../model/types';
import { escapeSnippetText } from '../../templates/snippetSyntax';
import { insertLines, lineAfter, lineOf } from './text';
import type { FileEdit, FixContext, FixProposal, FixProvider } from './types';

const MISSING_FIELD = /Required field `([^`]+)` is missing/;
const MISSING_MAPPING = /Required mapping `([^`]+)` is missing/;

/** Top-level keys in the order of the format page. */
const TOP_LEVEL_ORDER = ['device', 'institution', ...FRONTMATTER_FIELDS.filter((f) => f.path.length === 1).map((f) => f.path[0]!)];

function keyOrder(parent: readonly string[]): string[] {
  if (parent.length === 0) return TOP_LEVEL_ORDER;
  return FRONTMATTER_FIELDS.filter((f) => f.path.length === parent.length + 1 && parent.every((key, i) => f.path[i] === key)).map((f) => f.path[parent.length]!);
}

/** The value lines of a new key, as (plain, snippet) pairs; undefined for the classification. */
function placeholderFor(fieldPath: readonly string[], tabStop = 1): { plain: string; snippet: string } | undefined {
  const spec = FRONTMATTER_FIELDS.find((f) => f.path.join('.') === fieldPath.join('.'));
  if (!spec) return undefined;
  if (spec.type === 'list') return { plain: '[]', snippet: `[$${tabStop}]` };
  if (typeof spec.type === 'object') return undefined;
  const hint = spec.about.replace(/[:#]/g, ' ');
  return { plain: `<${hint}>`, snippet: `\${${tabStop}:<${escapeSnippetText(hint)}>}` };
}

function pairKey(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** The offset where a pair's value (or its key, when it has none) ends. */
function pairEnd(pair: Pair, fm: FrontmatterModel): number {
  const value = pair.value as YamlNode | null;
  const key = pair.key as YamlNode | null;
  const range = value?.range ?? key?.range;
  return fm.offset + (range ? range[1] : 0);
}

function pairStart(pair: Pair, fm: FrontmatterModel): number {
  return fm.offset + ((pair.key as YamlNode | null)?.range?.[0] ?? 0);
}

/**
 * The edit that adds `key: value` lines to the mapping at `parent` (the root when empty): after
 * the nearest key before it in the format's order, else before the nearest one after it, else last.
 */
function keyInsertion(file: FileModel, fm: FrontmatterModel, map: YAMLMap, parent: readonly string[], lines: { plain: string[]; snippet: string[] }): FileEdit | undefined {
  const order = keyOrder(parent);
  const key = lines.plain[0]!.split(':')[0]!;
  const rank = order.indexOf(key);
  const items = map.items as Pair[];
  if (map.flow) {
    const end = fm.offset + (map.range?.[1] ?? 0);
    const close = file.text.lastIndexOf('}', end);
    if (close < 0 || lines.plain.length !== 1) return undefined;
    const separator = items.length > 0 ? ', ' : '';
    return { path: file.path, range: { start: close, end: close }, text: separator + lines.plain[0]!, snippet: separator + lines.snippet[0]! };
  }
  const first = items[0];
  if (!first) return undefined;
  const indent = ' '.repeat(file.lines.positionAt(pairStart(first, fm)).character);
  let before: Pair | undefined;
  let after: Pair | undefined;
  for (const item of items) {
    const itemRank = order.indexOf(pairKey(item) ?? '');
    if (itemRank < 0) continue;
    if (itemRank < rank && (!before || itemRank >= order.indexOf(pairKey(before) ?? ''))) before = item;
    if (itemRank > rank && (!after || itemRank < order.indexOf(pairKey(after) ?? ''))) after = item;
  }
  const line = before ? lineAfter(file, pairEnd(before, fm)) : after ? lineOf(file, pairStart(after, fm)) : lineAfter(file, pairEnd(items[items.length - 1]!, fm));
  return insertLines(
    file,
    line,
    lines.plain.map((l) => indent + l),
    lines.snippet.map((l) => indent + l),
  );
}

function mapAt(fm: FrontmatterModel, parent: readonly string[]): YAMLMap | undefined {
  if (parent.length === 0) return isMap(fm.yaml.contents) ? fm.yaml.contents : undefined;
  const node = fieldAt(fm, parent)?.node;
  return isMap(node) ? node : undefined;
}

/** The indentation one level below the root, taken from the `device` mapping. */
function childIndent(file: FileModel, fm: FrontmatterModel): string {
  const device = mapAt(fm, ['device']);
  const first = device?.items[0] as Pair | undefined;
  const width = first && !device?.flow ? file.lines.positionAt(pairStart(first, fm)).character : 2;
  return ' '.repeat(Math.max(1, width));
}

export const frontmatterFixes: FixProvider = (context: FixContext, diagnostic) => {
  const file = context.file;
  const fm = file.parsed.frontmatter;
  if (!fm || fm.yaml.errors.length > 0) return [];
  const fieldPath = MISSING_FIELD.exec(diagnostic.lsp.message)?.[1]?.split('.') ?? MISSING_MAPPING.exec(diagnostic.lsp.message)?.[1]?.split('.');
  if (!fieldPath) return [];

  // A whole missing mapping (`institution`) is added with its required keys.
  const parent = fieldPath.slice(0, -1);
  const missingMapping = parent.length === 0 ? (fieldPath[0] === 'institution' ? ['institution'] : undefined) : mapAt(fm, parent) ? undefined : parent;
  if (missingMapping) {
    if (fieldAt(fm, missingMapping)) return [];
    const root = mapAt(fm, []);
    if (!root || missingMapping.length !== 1) return [];
    const indent = childIndent(file, fm);
    const required = FRONTMATTER_FIELDS.filter((f) => f.required && f.path.length === 2 && f.path[0] === missingMapping[0]);
    const values = required.map((f, i) => ({ key: f.path[1]!, value: placeholderFor(f.path, i + 1)! }));
    const lines = {
      plain: [`${missingMapping[0]}:`, ...values.map(({ key, value }) => `${indent}${key}: ${value.plain}`)],
      snippet: [`${missingMapping[0]}:`, ...values.map(({ key, value }) => `${indent}${key}: ${value.snippet}`)],
    };
    const edit = keyInsertion(file, fm, root, [], lines);
    return edit ? [{ id: `mapping:${missingMapping[0]}`, title: `Add \`${missingMapping[0]}:\` with ${values.map((v) => `\`${v.key}\``).join(' and ')}`, isPreferred: true, edits: () => [edit] }] : [];
  }

  if (fieldAt(fm, fieldPath)) return [];
  const map = mapAt(fm, parent);
  if (!map) return [];
  const key = fieldPath[fieldPath.length - 1]!;
  const placeholder = placeholderFor(fieldPath);
  const proposals: FixProposal[] = [];
  if (placeholder) {
    const edit = keyInsertion(file, fm, map, parent, { plain: [`${key}: ${placeholder.plain}`], snippet: [`${key}: ${placeholder.snippet}`] });
    if (edit) proposals.push({ id: `key:${fieldPath.join('.')}`, title: `Add \`${key}: ${placeholder.plain}\` to \`${parent.join('.') || 'the frontmatter'}\``, isPreferred: true, edits: () => [edit] });
  } else if (fieldPath.join('.') === 'device.classification') {
    for (const value of CLASSIFICATIONS) {
      const edit = keyInsertion(file, fm, map, parent, { plain: [`${key}: ${value}`], snippet: [`${key}: ${value}`] });
      if (edit) proposals.push({ id: `key:${fieldPath.join('.')}:${value}`, title: `Add \`${key}: ${value}\``, edits: () => [edit] });
    }
  }
  return proposals;
};
