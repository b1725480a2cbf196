/** Decides whether a link in a dossier reaches an existing file and heading inside the workspace. */
import * as path from 'node:path';
import type { FileModel } from '../model/fileModel';
import { staysInside } from '../model/dossier';
import type { LinkResolver, LinkStatus } from '../rules/rule';
import type { FileSystemHost } from './host';
import { resolveFrom } from './paths';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const MARKDOWN = /\.(md|markdown)$/i;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function createLinkResolver(
  host: FileSystemHost,
  workspaceRoot: string,
  slugsOf: (path: string) => readonly string[] | undefined,
  isOpen: (path: string) => boolean,
): LinkResolver {
  return {
    check(from: FileModel, url: string): LinkStatus {
      const trimmed = url.trim();
      if (!trimmed || SCHEME.test(trimmed) || trimmed.startsWith('//')) return { kind: 'external' };
      const hash = trimmed.indexOf('#');
      const rawPath = (hash >= 0 ? trimmed.slice(0, hash) : trimmed).replace(/\?.*$/, '');
      const anchor = hash >= 0 ? decode(trimmed.slice(hash + 1)) : '';
      const relative = decode(rawPath);
      const target = relative === '' ? from.path : relative.startsWith('/') ? path.join(workspaceRoot, relative) : resolveFrom(from.path, relative);
      if (!staysInside(host, workspaceRoot, target)) return { kind: 'outside', path: target };
      if (!isOpen(target) && host.kind(target) === undefined) return { kind: 'missing-file', path: target };
      if (anchor && MARKDOWN.test(target)) {
        const slugs = slugsOf(target);
        if (slugs && !slugs.includes(anchor) && !slugs.includes(anchor.toLowerCase())) return { kind: 'missing-anchor', path: target, anchor };
      }
      return { kind: 'ok' };
    },
  };
}
