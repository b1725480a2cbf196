import { checklistOf } from '../model/checklist';
import { erLabel } from './erLabels';
import type { Rule } from './rule';

export const exclusionContradictsDevice: Rule = {
  id: 'exclusion-contradicts-device',
  defaultSeverity: 'warning',
  description: "An ER marked No that the device's characteristics make applicable.",
  dependsOn: ['checklist', 'frontmatter'],
  check({ dossier, catalogue }) {
    const checklist = checklistOf(dossier, catalogue);
    const characteristics = dossier.characteristics;
    return checklist.rows
      .filter((row) => row.applies === 'no' && row.number !== undefined && catalogue.ers.get(row.number)?.excludable === true && checklist.rowFor.get(row.number) === row)
      .flatMap((row) => {
        const number = row.number!;
        // A group row speaks for the sub-requirements that have no row of their own.
        const covered = catalogue.isGroup(number)
          ? catalogue.leavesOf(number).filter((leaf) => checklist.addressing(leaf.number) === row)
          : [catalogue.ers.get(number)!];
        const applicable = covered.filter((er) => catalogue.isApplicable(er.number, characteristics));
        if (applicable.length === 0) return [];
        const reasons = new Set(applicable.flatMap((er) => (er.applicability.always ? ['every device'] : (er.applicability.characteristics ?? []).filter((c) => characteristics.has(c)))));
        const which = catalogue.isGroup(number) ? ` (${applicable.map((er) => er.number).join(', ')})` : '';
        return [
          {
            file: row.file,
            range: row.appliesCell!.range,
            target: number,
            message: `${erLabel(catalogue, number)}${which} is marked No, but it applies to ${[...reasons].map((r) => (r === 'every device' ? r : `a device with \`${r}\``)).join(' and ')}: mark it Yes or Partly, or correct the characteristics.`,
          },
        ];
      });
  },
};
