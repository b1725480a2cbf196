/** Decides whether a link in a dossier reaches an existing file and heading inside the workspace. */
import type { FileModel } from '../model/fileModel';
import { staysInside } from '../model/dossier';
import type { LinkResolver, LinkStatus } from '../rules/rule';
import type { FileSystemHost } from './host';
import { linkedFile, MARKDOWN_PATH, parseLinkDestination } from './linkDestination';

export function createLinkResolver(
  host: FileSystemHost,
  workspaceRoot: string,
  slugsOf: (path: string) => readonly string[] | undefined,
  isOpen: (path: string) => boolean,
): LinkResolver {
  return {
    check(from: FileModel, url: string): LinkStatus {
      const destination = parseLinkDestination(url);
      if (!destination) return { kind: 'external' };
      const { anchor } = destination;
      const target = linkedFile(from.path, destination, workspaceRoot);
      if (!staysInside(host, workspaceRoot, target)) return { kind: 'outside', path: target };
      if (!isOpen(target) && host.kind(target) === undefined) return { kind: 'missing-file', path: target };
      if (anchor && MARKDOWN_PATH.test(target)) {
        const slugs = slugsOf(target);
        if (slugs && !slugs.includes(anchor) && !slugs.includes(anchor.toLowerCase())) return { kind: 'missing-anchor', path: target, anchor };
      }
      return { kind: 'ok' };
    },
  };
}
