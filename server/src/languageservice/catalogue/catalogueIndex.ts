/** Look-ups over the catalogue that rules and features share, built once per catalogue. */
import type { Catalogue, EssentialRequirement, SectionSpec, Standard } from '../../../../shared/src/catalogue-types';
import { SectionMatcher } from '../model/sectionMatcher';

export interface StandardEdition {
  standard: Standard;
  /** The edition as written in the catalogue. */
  edition: string;
  current: boolean;
}

/** "BS EN ISO 14971:2019" and "ISO 14971 : 2019" both become "ISO 14971:2019". */
export function normaliseStandard(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/^(BS\s+)?(EN\s+)(?=(ISO|IEC)\b)/i, '')
    .replace(/\s*([:+/])\s*/g, '$1')
    .toUpperCase()
    .trim();
}

export class CatalogueIndex {
  readonly ers = new Map<string, EssentialRequirement>();
  readonly children = new Map<string, EssentialRequirement[]>();
  readonly topLevel: EssentialRequirement[] = [];
  readonly sections = new Map<string, SectionSpec>();
  readonly characteristics = new Set<string>();
  readonly editions = new Map<string, StandardEdition>();
  readonly standards = new Map<string, Standard>();
  readonly sectionMatcher: SectionMatcher;

  constructor(readonly catalogue: Catalogue) {
    for (const er of catalogue.essentialRequirements) {
      this.ers.set(er.number, er);
      if (er.parent) {
        const siblings = this.children.get(er.parent) ?? [];
        siblings.push(er);
        this.children.set(er.parent, siblings);
      } else this.topLevel.push(er);
    }
    for (const section of catalogue.sections) this.sections.set(section.id, section);
    for (const characteristic of catalogue.characteristics) this.characteristics.add(characteristic.id);
    for (const standard of catalogue.standards) {
      this.standards.set(standard.id, standard);
      this.editions.set(normaliseStandard(standard.current), { standard, edition: standard.current, current: true });
      for (const old of standard.replaces) this.editions.set(normaliseStandard(old), { standard, edition: old, current: false });
    }
    this.sectionMatcher = new SectionMatcher(catalogue.sections);
  }

  isGroup(number: string): boolean {
    return this.children.has(number);
  }

  childrenOf(number: string): EssentialRequirement[] {
    return this.children.get(number) ?? [];
  }

  /** The ER and all its ancestors, nearest first. */
  ancestorsOf(number: string): string[] {
    const chain: string[] = [];
    for (let er = this.ers.get(number); er?.parent; er = this.ers.get(er.parent)) chain.push(er.parent);
    return chain;
  }

  /** Leaves below (or equal to) an ER. */
  leavesOf(number: string): EssentialRequirement[] {
    const er = this.ers.get(number);
    if (!er) return [];
    const kids = this.childrenOf(number);
    return kids.length === 0 ? [er] : kids.flatMap((kid) => this.leavesOf(kid.number));
  }

  /** Whether the device's characteristics make an ER applicable (a group: any of its leaves). */
  isApplicable(number: string, characteristics: ReadonlySet<string>): boolean {
    const er = this.ers.get(number);
    if (!er) return false;
    if (this.isGroup(number)) return this.leavesOf(number).some((leaf) => this.isApplicable(leaf.number, characteristics));
    if (er.applicability.always) return true;
    return (er.applicability.characteristics ?? []).some((c) => characteristics.has(c));
  }

  /** Sections the dossier must have, given its frontmatter flags. */
  requiredSections(flags: (path: string) => boolean): SectionSpec[] {
    return this.catalogue.sections.filter((section) => !section.requiredWhen || flags(section.requiredWhen));
  }
}
