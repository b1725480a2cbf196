/**
 * Memos that last one check (or, for the section matcher, the service's lifetime). A large
 * dossier links to the same few evidence files hundreds of times; asking the disk once per
 * link (stat, realpath, and a read to learn the target's headings) cost 40 ms per keystroke
 * on a 5,000-line dossier and 190 ms on a 20,000-line one. Within one check the disk is taken
 * as fixed, so the answers are the same as without the memo.
 */
import { SectionMatcher } from '../model/sectionMatcher';
import type { LinkResolver, LinkStatus } from '../rules/rule';
import type { EntryKind, FileSystemHost } from '../workspace/host';

function remember<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  cache.set(key, value);
  return value;
}

/** A FileSystemHost that asks the real one at most once per path and question. */
export function memoisedHost(host: FileSystemHost): FileSystemHost {
  const texts = new Map<string, string | undefined>();
  const kinds = new Map<string, EntryKind | undefined>();
  const realPaths = new Map<string, string | undefined>();
  const listings = new Map<string, { name: string; kind: EntryKind }[]>();
  const readErrors = new Map<string, string | undefined>();
  const memo: FileSystemHost = {
    readText: (path) => remember(texts, path, () => host.readText(path)),
    kind: (path) => remember(kinds, path, () => host.kind(path)),
    realPath: (path) => remember(realPaths, path, () => host.realPath(path)),
    list: (path) => remember(listings, path, () => host.list(path)),
  };
  if (host.readError) memo.readError = (path) => remember(readErrors, path, () => host.readError!(path));
  return memo;
}

/** A LinkResolver that resolves each distinct destination of a file once. */
export function memoisedLinkResolver(resolver: LinkResolver): LinkResolver {
  const statuses = new Map<string, LinkStatus>();
  return {
    check: (from, url) => remember(statuses, `${from.path}\u0000${url}`, () => resolver.check(from, url)),
  };
}

/** Past this many distinct headings the memo starts again, so it cannot grow without bound. */
const MAX_REMEMBERED_HEADINGS = 20000;

/**
 * Section matching compares a heading with every name and alias of the catalogue; with
 * thousands of headings, re-matching all of them after each keystroke was a third of the
 * time of an edit. Matching is a pure function of the heading text, so it is remembered.
 */
export class RememberingSectionMatcher extends SectionMatcher {
  private readonly known = new Map<string, string | undefined>();

  override match(headingText: string): string | undefined {
    if (this.known.has(headingText)) return this.known.get(headingText);
    if (this.known.size >= MAX_REMEMBERED_HEADINGS) this.known.clear();
    const id = super.match(headingText);
    this.known.set(headingText, id);
    return id;
  }
}
