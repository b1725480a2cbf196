/**
 * Re-runs only the rules whose inputs changed. For each dossier it keeps every rule's last
 * findings with the fingerprints of the facets the rule reads (Rule.dependsOn). At the next
 * check a rule whose facets are unchanged is not run: its findings are moved by the edit
 * (a finding after the edited span moves by the edit's length; one before it stays). A finding
 * that touches the edited span cannot be moved with certainty, so the rule runs again then.
 * Rules that declare no facets always run.
 */
import type { FileModel } from '../model/fileModel';
import type { OffsetRange } from '../model/types';
import { diffTexts, type TextChange } from '../parse/parseMarkdown';
import type { Facet, Finding, Rule, RuleContext } from '../rules/rule';
import { facetFingerprint, sameFingerprint } from './facets';

type Fingerprint = string | string[];

interface RuleRun {
  fingerprints: Fingerprint[];
  findings: Finding[];
}

interface DossierRuns {
  /** The dossier's files, in order: a different list invalidates everything. */
  files: string;
  runs: Map<string, RuleRun>;
}

/** Maps positions of an old file onto its new text. */
class FileShift {
  private readonly change: TextChange | undefined;

  constructor(
    readonly target: FileModel,
    before: FileModel,
  ) {
    this.change = before.text === target.text ? undefined : diffTexts(before.text, target.text);
  }

  /** The range in the new text, or undefined when the edit touches it. */
  map(range: OffsetRange): OffsetRange | undefined {
    const change = this.change;
    if (!change) return range;
    if (range.end < change.start) return range;
    if (range.start > change.oldEnd) {
      const delta = change.newEnd - change.oldEnd;
      return { start: range.start + delta, end: range.end + delta };
    }
    return undefined;
  }
}

export class RuleResultCache {
  private readonly dossiers = new Map<string, DossierRuns>();

  forget(indexPath: string): void {
    this.dossiers.delete(indexPath);
  }

  clear(): void {
    this.dossiers.clear();
  }

  /**
   * Runs (or reuses) every rule in `rules` for the dossier and returns each rule's findings.
   * `run` runs one rule (the service wraps it to contain a rule's failure).
   */
  findings(context: RuleContext, rules: readonly Rule[], run: (rule: Rule) => Finding[]): Map<string, Finding[]> {
    const { dossier } = context;
    const filesKey = dossier.files.map((file) => file.path).join('\u0000');
    let previous = this.dossiers.get(dossier.index.path);
    if (!previous || previous.files !== filesKey) previous = undefined;
    const current: DossierRuns = { files: filesKey, runs: new Map() };

    const fingerprints = new Map<Facet, Fingerprint>();
    const fingerprintOf = (facet: Facet): Fingerprint => {
      let value = fingerprints.get(facet);
      if (value === undefined) fingerprints.set(facet, (value = facetFingerprint(facet, context)));
      return value;
    };
    const byPath = new Map(dossier.files.map((file) => [file.path, file]));
    const shifts = new Map<FileModel, FileShift | undefined>();
    const shiftFor = (before: FileModel): FileShift | undefined => {
      if (!shifts.has(before)) {
        const target = byPath.get(before.path);
        shifts.set(before, target ? new FileShift(target, before) : undefined);
      }
      return shifts.get(before);
    };

    const results = new Map<string, Finding[]>();
    for (const rule of rules) {
      const facets = rule.dependsOn;
      if (!facets || facets.length === 0) {
        results.set(rule.id, run(rule));
        continue;
      }
      const now = facets.map(fingerprintOf);
      const before = previous?.runs.get(rule.id);
      const reused = before && now.every((value, i) => sameFingerprint(value, before.fingerprints[i]!)) ? moveFindings(before.findings, shiftFor) : undefined;
      const findings = reused ?? run(rule);
      current.runs.set(rule.id, { fingerprints: now, findings });
      results.set(rule.id, findings);
    }
    this.dossiers.set(dossier.index.path, current);
    return results;
  }
}

/** The findings moved onto the new models, or undefined when one of them cannot be moved. */
function moveFindings(findings: Finding[], shiftFor: (file: FileModel) => FileShift | undefined): Finding[] | undefined {
  const moved: Finding[] = [];
  for (const finding of findings) {
    const shift = shiftFor(finding.file);
    if (!shift) return undefined;
    if (shift.target === finding.file) {
      moved.push(finding);
      continue;
    }
    const range = shift.map(finding.range);
    if (!range) return undefined;
    moved.push({ ...finding, file: shift.target, range });
  }
  return moved;
}
