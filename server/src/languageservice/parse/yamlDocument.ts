/**
 * YAML parsing for files that come with the workspace (frontmatter, `.hie-dossier.yaml`), with
 * duplicate keys reported in linear time. The yaml package's own `uniqueKeys` check compares
 * each new key with every earlier key of its map: quadratic, so a hostile 4 MB file with 150,000
 * keys took minutes. This reports the same DUPLICATE_KEY error at the same place, using a set.
 */
import { isMap, isScalar, isSeq, parseDocument, YAMLParseError, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

type Options = Omit<DocumentOptions & ParseOptions & SchemaOptions, 'uniqueKeys'>;

export function parseYamlDocument(source: string, options: Options = {}): Document.Parsed {
  const doc = parseDocument(source, { ...options, uniqueKeys: false });
  // An explicit stack, not recursion: the document may be nested thousands of levels deep.
  // Aliases are not followed, so an alias bomb costs nothing here either.
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          if (seen.has(pair.key.value)) {
            const start = pair.key.range?.[0] ?? 0;
            doc.errors.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          }
          seen.add(pair.key.value);
        }
        pending.push(pair.value);
      }
    } else if (isSeq(node)) pending.push(...node.items);
  }
  doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
  return doc;
}
