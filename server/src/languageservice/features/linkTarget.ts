/** Where a relative link in a dossier file leads: the file and, for `#anchor`, the heading. */
import type { FileModel } from '../model/fileModel';
import type { HeadingModel } from '../model/types';
import { staysInside } from '../model/dossier';
import { linkedFile, MARKDOWN_PATH, parseLinkDestination } from '../workspace/linkDestination';
import type { FeatureContext } from './context';

export interface LinkTarget {
  path: string;
  /** The anchor as written after `#`, decoded ('' when none). */
  anchor: string;
  /** The heading the anchor names, when the target is Markdown and has it. */
  heading?: HeadingModel;
  /** The target's model, when it is a Markdown file that could be read. */
  model?: FileModel;
}


/** The existing target of a relative link, inside the workspace; undefined for anything else. */
export function resolveLinkTarget(context: FeatureContext, from: FileModel, url: string): LinkTarget | undefined {
  const destination = parseLinkDestination(url);
  if (!destination) return undefined;
  const { anchor } = destination;
  const target = linkedFile(from.path, destination, context.workspaceRoot);
  if (!staysInside(context.host, context.workspaceRoot, target)) return undefined;
  const model = MARKDOWN_PATH.test(target) ? (target === context.file.path ? context.file : context.fileModel(target)) : undefined;
  if (!model && context.host.kind(target) !== 'file') return undefined;
  const result: LinkTarget = { path: target, anchor };
  if (model) {
    result.model = model;
    if (anchor) {
      let index = model.slugs.indexOf(anchor);
      if (index < 0) index = model.slugs.indexOf(anchor.toLowerCase());
      if (index >= 0) result.heading = model.headings[index]!;
    }
  }
  return result;
}
