/** Recognises catalogue sections from heading text, ignoring case, punctuation and numbering. */
import type { SectionSpec } from '../../../../shared/src/catalogue-types';

/** "3.2. Post-Market Surveillance!" → "post market surveillance". */
export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/^\s*(section\s+)?\d+(\.\d+)*[.):]?\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export class SectionMatcher {
  private readonly names: { id: string; phrase: string }[];

  constructor(sections: readonly SectionSpec[]) {
    this.names = sections.flatMap((section) =>
      [section.name, ...section.aliases].map((name) => ({ id: section.id, phrase: normaliseHeading(name) })),
    );
  }

  /**
   * The section a heading opens: an exact name first, then a heading that starts with a name
   * ("Risk management process"), then one that contains a name of two or more words
   * ("HIE public declaration").
   */
  match(headingText: string): string | undefined {
    const heading = normaliseHeading(headingText);
    if (!heading) return undefined;
    const exact = this.names.find((n) => n.phrase === heading);
    if (exact) return exact.id;
    const prefix = this.names.find((n) => heading.startsWith(`${n.phrase} `));
    if (prefix) return prefix.id;
    const padded = ` ${heading} `;
    return this.names.find((n) => n.phrase.includes(' ') && padded.includes(` ${n.phrase} `))?.id;
  }
}
