/**
 * The shape of the requirement catalogue (data under shared/catalogue/*.yaml).
 * Regulatory content lives in those files; this module only says what they look like,
 * so the server, the CLI and the client agree on it.
 */

/** A citation key into sources.yaml (e.g. "S1"), or "MHRA-LPG" for the leading practice guidelines. */
export type SourceId = string;

export type Confirmation = 'C' | 'C#' | 'U';

export interface Applicability {
  /** The ER applies to every device (general requirements, information supplied). */
  always?: boolean;
  /** Any one of these device characteristics makes the ER applicable. */
  characteristics?: string[];
  /** Why the mapping is what it is, where it is a judgement. */
  note?: string;
}

export interface EssentialRequirement {
  /** Exact Annex I number: "1", "6a", "7.1", "11.2.2", "12.1a". */
  number: string;
  /** Number of the enclosing group ("7" for "7.1", "11.2" for "11.2.2"); absent for top level. */
  parent?: string;
  title: string;
  /** Our own words; never the legal text. */
  summary: string;
  /** False for the general requirements 1 to 6a, which apply to every device. */
  excludable: boolean;
  applicability: Applicability;
  /** Sources that confirm the number and subject. */
  sources: SourceId[];
  confirmation: Confirmation;
  /** Standard ids (standards.yaml) typically cited as evidence. */
  standards?: string[];
}

/** How a required element of a section is recognised in its text. */
export interface ElementRecognition {
  /** Every group must match; within a group any pattern may match. Patterns are case-insensitive JS regex sources. */
  allOf: string[][];
}

export interface SectionElement {
  id: string;
  /** Shown in messages: "the date of the scan". */
  description: string;
  recognisedBy: ElementRecognition;
  /** The element also counts as present when any of these frontmatter paths has a value ("institution.declaration-url"). */
  orFrontmatter?: string[];
  /** Text of the prompt line a quick fix inserts (a placeholder, never regulatory text). */
  prompt: string;
}

export interface SectionSpec {
  id: string;
  /** Heading written by the built-in template. */
  name: string;
  /** Other headings that open this section (compared after normalising case and punctuation). */
  aliases: string[];
  /** Required only when this frontmatter path is true ("clinical-investigation"). */
  requiredWhen?: string;
  elements: SectionElement[];
  sources: SourceId[];
}

export interface Characteristic {
  id: string;
  description: string;
}

export interface Standard {
  /** Reference without edition: "ISO 14971", "IEC 60601-1". */
  id: string;
  title: string;
  /** Current edition as cited: "ISO 14971:2019", "IEC 62304:2006+A1:2015". */
  current: string;
  /** Editions (or predecessor documents) replaced by the current one. */
  replaces: string[];
  /** ER numbers the standard typically supports. */
  supports: string[];
  sources: SourceId[];
}

export interface Source {
  id: SourceId;
  title: string;
  address?: string;
}

export interface Catalogue {
  essentialRequirements: EssentialRequirement[];
  sections: SectionSpec[];
  characteristics: Characteristic[];
  standards: Standard[];
  sources: Source[];
}
