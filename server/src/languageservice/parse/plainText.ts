import type { Nodes } from 'mdast';

/** Plain text of an mdast node: text, inline code and image alt, with breaks as spaces. */
export function plainText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
    case 'html':
    case 'yaml':
      return node.value;
    case 'image':
      return node.alt ?? '';
    case 'break':
      return ' ';
    default:
      if ('children' in node) {
        const parts: string[] = [];
        for (const child of node.children as Nodes[]) parts.push(plainText(child));
        // Blocks inside containers (list items, quotes) are separated so words do not run together.
        const separator = node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote' || node.type === 'root' ? '\n' : '';
        return parts.join(separator);
      }
      return '';
  }
}
