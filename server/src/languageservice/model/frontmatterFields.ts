/** Typed access to frontmatter values together with the ranges of their keys and values. */
import { isMap, isScalar, isSeq, isAlias, type Node as YamlNode, type Pair } from 'yaml';
import type { FrontmatterModel, OffsetRange } from './types';

export interface FieldAt {
  /** The YAML node of the value (undefined when the key has no value). */
  node: YamlNode | undefined;
  keyRange: OffsetRange;
  /** The value's range, or the key's when there is no value. */
  valueRange: OffsetRange;
}

function nodeRange(node: YamlNode | null | undefined, offset: number): OffsetRange | undefined {
  const range = node?.range;
  return range ? { start: range[0] + offset, end: range[1] + offset } : undefined;
}

/** The pair at a dotted path such as `device.name`, if the path exists. */
export function fieldAt(frontmatter: FrontmatterModel, path: readonly string[]): FieldAt | undefined {
  let current: unknown = frontmatter.yaml.contents;
  let found: FieldAt | undefined;
  for (const key of path) {
    if (!isMap(current)) return undefined;
    const pair = (current.items as Pair[]).find((item) => isScalar(item.key) && String(item.key.value) === key);
    if (!pair) return undefined;
    const keyRange = nodeRange(pair.key as YamlNode, frontmatter.offset) ?? frontmatter.contentRange;
    const valueNode = (pair.value ?? undefined) as YamlNode | undefined;
    found = { node: valueNode, keyRange, valueRange: nodeRange(valueNode, frontmatter.offset) ?? keyRange };
    current = isAlias(valueNode) ? valueNode.resolve(frontmatter.yaml) : valueNode;
  }
  return found;
}

/** A scalar value as text (numbers and booleans included), or undefined. */
export function scalarText(node: YamlNode | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

export interface SequenceItem {
  text: string | undefined;
  range: OffsetRange;
}

/** Items of a sequence value with their ranges; undefined when the value is not a sequence. */
export function sequenceItems(frontmatter: FrontmatterModel, node: YamlNode | undefined): SequenceItem[] | undefined {
  if (!isSeq(node)) return undefined;
  return node.items.map((item) => ({
    text: scalarText(item as YamlNode),
    range: nodeRange(item as YamlNode, frontmatter.offset) ?? frontmatter.contentRange,
  }));
}

/** True when the frontmatter has a `device` mapping: the definition of a dossier index. */
export function hasDeviceMapping(frontmatter: FrontmatterModel | undefined): boolean {
  if (!frontmatter) return false;
  const contents = frontmatter.yaml.contents;
  if (!isMap(contents)) return false;
  const device = contents.items.find((item) => isScalar(item.key) && item.key.value === 'device');
  return isMap(device?.value);
}
