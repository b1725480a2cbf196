import type { Finding, Rule } from './rule';

/** Ten digits, written together or as 3-3-4 with spaces or hyphens, not part of a longer number. */
const TEN_DIGITS = /(?<![\d.,/-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d.,/]\d|\d)/g;

/** NHS (and CHI) numbers end in a modulus 11 check digit. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits) || /^(\d)\1{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

export const patientIdentifier: Rule = {
  id: 'patient-identifier',
  defaultSeverity: 'warning',
  description: 'Text that looks like a patient identifier, such as a valid NHS number.',
  dependsOn: ['text'],
  check({ dossier }) {
    const findings: Finding[] = [];
    for (const file of dossier.files) {
      const regions = [...(file.parsed.frontmatter ? [file.parsed.frontmatter.contentRange] : []), ...file.parsed.blocks.map((b) => b.range)];
      for (const region of regions) {
        const source = file.text.slice(region.start, region.end);
        TEN_DIGITS.lastIndex = 0;
        for (let match = TEN_DIGITS.exec(source); match; match = TEN_DIGITS.exec(source)) {
          if (!isValidNhsNumber(match[1]! + match[3]! + match[4]!)) continue;
          const start = region.start + match.index;
          findings.push({
            file,
            range: { start, end: start + match[0].length },
            message: 'This looks like an NHS number (its check digit is valid): remove patient identifiers from the technical documentation.',
          });
        }
      }
    }
    return findings;
  },
};
