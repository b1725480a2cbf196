/** Where a relative link in a dossier file leads: the file and, for `#anchor`, the heading. */
import * as path from 'node:path';
import type { FileModel } from '../model/fileModel';
import type { HeadingModel } from '../model/types';
import { staysInside } from '../model/dossier';
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

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const MARKDOWN = /\.(md|markdown)$/i;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The existing target of a relative link, inside the workspace; undefined for anything else. */
export function resolveLinkTarget(context: FeatureContext, from: FileModel, url: string): LinkTarget | undefined {
  const trimmed = url.trim();
  if (!trimmed || SCHEME.test(trimmed) || trimmed.startsWith('//')) return undefined;
  const hash = trimmed.indexOf('#');
  const written = decode((hash >= 0 ? trimmed.slice(0, hash) : trimmed).replace(/\?.*$/, ''));
  const anchor = hash >= 0 ? decode(trimmed.slice(hash + 1)) : '';
  const target = written === '' ? from.path : written.startsWith('/') ? path.join(context.workspaceRoot, written) : path.resolve(path.dirname(from.path), written);
  if (!staysInside(context.host, context.workspaceRoot, target)) return undefined;
  const model = MARKDOWN.test(target) ? (target === context.file.path ? context.file : context.fileModel(target)) : undefined;
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
