/**
 * Document links: relative links resolved to file URIs (with the heading's line for `#anchor`,
 * as `#L12`), and each `parts` entry of an index to its file.
 */
import type { DocumentLink } from 'vscode-languageserver-types';
import type { FeatureContext } from './context';
import { displayPath } from './describe';
import { resolveLinkTarget } from './linkTarget';

export function documentLinks(context: FeatureContext): DocumentLink[] {
  const { file, dossier } = context;
  const links: DocumentLink[] = [];
  for (const link of file.links) {
    const target = resolveLinkTarget(context, file, link.url);
    if (!target) continue;
    const line = target.heading && target.model ? target.model.lines.positionAt(target.heading.range.start).line : undefined;
    const name = target.model ? displayPath(file, target.model) : target.path.split(/[\\/]/).pop()!;
    links.push({
      range: file.lines.rangeOf(link.urlRange.start, link.urlRange.end),
      target: `${context.uriOf(target.path)}${line !== undefined ? `#L${line + 1}` : ''}`,
      tooltip: target.heading ? `Open ${name} at "${target.heading.text}"` : `Open ${name}`,
    });
  }
  if (dossier && file === dossier.index) {
    for (const part of dossier.parts) {
      if (!part.file) continue;
      links.push({ range: file.lines.rangeOf(part.range.start, part.range.end), target: context.uriOf(part.file.path), tooltip: `Open the part ${part.written?.trim() ?? ''}` });
    }
  }
  return links;
}
