/** The one Markdown processor of the service: CommonMark + GFM tables + YAML frontmatter. */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root } from 'mdast';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

/** Parses Markdown without a BOM (micromark drops a BOM and would shift every offset). */
export function parseMarkdownTree(text: string): Root {
  return processor.parse(text);
}
