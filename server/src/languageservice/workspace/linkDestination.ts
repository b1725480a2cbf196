/**
 * How a Markdown link destination names a file: one reading shared by the broken-link rule,
 * navigation, quick fixes and dependency tracking, so they never disagree about a link.
 */
import * as path from 'node:path';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
export const MARKDOWN_PATH = /\.(md|markdown)$/i;

/** Percent-decoding that leaves malformed escapes as written instead of throwing. */
export function decodeLinkPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export interface LinkDestination {
  /** The path part as written (query dropped, not decoded); '' for a same-file `#anchor`. */
  writtenPath: string;
  /** The path part, decoded. */
  path: string;
  /** The anchor after `#`, decoded; '' when there is none. */
  anchor: string;
}

/** The parts of a relative link destination; undefined for external links (`https:`, `mailto:`, `//host`) and empty ones. */
export function parseLinkDestination(url: string): LinkDestination | undefined {
  const trimmed = url.trim();
  if (!trimmed || SCHEME.test(trimmed) || trimmed.startsWith('//')) return undefined;
  const hash = trimmed.indexOf('#');
  const writtenPath = (hash >= 0 ? trimmed.slice(0, hash) : trimmed).replace(/\?.*$/, '');
  return { writtenPath, path: decodeLinkPart(writtenPath), anchor: hash >= 0 ? decodeLinkPart(trimmed.slice(hash + 1)) : '' };
}

/** The file a destination names: the linking file itself for `#anchor`, the workspace root for `/path`. */
export function linkedFile(fromFile: string, destination: LinkDestination, workspaceRoot: string): string {
  if (destination.path === '') return fromFile;
  if (destination.path.startsWith('/')) return path.join(workspaceRoot, destination.path);
  return path.resolve(path.dirname(fromFile), destination.path);
}
