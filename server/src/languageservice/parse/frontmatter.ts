/** Parses the YAML frontmatter block with source ranges, so diagnostics can point at one key or value. */
import { parseYamlDocument } from './yamlDocument';
import type { FrontmatterModel, OffsetRange } from '../model/types';

/**
 * YAML aliases can expand exponentially (the "billion laughs" document); the yaml package
 * which then refuses to resolve more alias nodes, so a hostile file stays cheap.
 */
export const MAX_ALIAS_COUNT = 100;

export function parseFrontmatter(source: string, block: OffsetRange): FrontmatterModel {
  // The block is `---\n…\n---`; the YAML content starts after the first line break.
  const firstBreak = source.indexOf('\n', block.start);
  const contentStart = firstBreak < 0 || firstBreak >= block.end ? block.end : firstBreak + 1;
  // The closing fence starts at the last line start of the block.
  let contentEnd = block.end;
  const lastBreak = source.lastIndexOf('\n', block.end - 1);
  if (lastBreak >= contentStart - 1) contentEnd = Math.max(contentStart, lastBreak + 1);
  const content = source.slice(contentStart, contentEnd);
  const yaml = parseYamlDocument(content, { keepSourceTokens: false, prettyErrors: false, strict: true });
  return { range: block, contentRange: { start: contentStart, end: contentEnd }, yaml, offset: contentStart };
}
