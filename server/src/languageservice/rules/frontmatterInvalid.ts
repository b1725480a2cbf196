import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { fieldAt, scalarText } from '../model/frontmatterFields';
import type { FrontmatterModel, OffsetRange } from '../model/types';
import type { FileModel } from '../model/fileModel';
import { openingFenceRange } from './anchors';
import type { Finding, Rule } from './rule';

export const CLASSIFICATIONS = ['I', 'Is', 'Im', 'IIa', 'IIb', 'III'];
export const STATUSES = ['draft', 'in-use', 'suspended', 'withdrawn'];

type FieldType = 'text' | 'list' | 'text-or-list' | 'boolean' | 'url' | { oneOf: string[] };

interface FieldSpec {
  path: string[];
  required: boolean;
  type: FieldType;
  /** What the field is for, used in messages and completions. */
  about: string;
}

/** The frontmatter contract of the format page (plus the optional register fields). */
export const FRONTMATTER_FIELDS: FieldSpec[] = [
  { path: ['device', 'name'], required: true, type: 'text', about: 'the device name' },
  { path: ['device', 'code'], required: true, type: 'text', about: 'the product code or reference' },
  { path: ['device', 'version'], required: true, type: 'text', about: 'the device version' },
  { path: ['device', 'description'], required: true, type: 'text', about: 'a description of the device' },
  { path: ['device', 'intended-purpose'], required: true, type: 'text', about: 'the intended purpose' },
  { path: ['device', 'classification'], required: true, type: { oneOf: CLASSIFICATIONS }, about: 'the device class' },
  { path: ['device', 'characteristics'], required: true, type: 'list', about: 'the device characteristics (may be an empty list)' },
  { path: ['device', 'traceability'], required: false, type: 'text', about: 'how a unit is identified' },
  { path: ['institution', 'name'], required: true, type: 'text', about: 'the health institution name' },
  { path: ['institution', 'address'], required: true, type: 'text', about: 'the health institution address' },
  { path: ['institution', 'declaration-url'], required: false, type: 'url', about: 'where the public declaration is published' },
  { path: ['target-group'], required: false, type: 'text', about: 'the target patient group' },
  { path: ['status'], required: false, type: { oneOf: STATUSES }, about: 'the device status' },
  { path: ['clinical-investigation'], required: false, type: 'boolean', about: 'whether a clinical investigation runs under the HIE' },
  { path: ['parts'], required: false, type: 'list', about: 'the other files of this dossier' },
  { path: ['users'], required: false, type: 'text-or-list', about: 'who uses the device (central record)' },
  { path: ['locations'], required: false, type: 'text-or-list', about: 'where the device is used (central record)' },
  { path: ['asset'], required: false, type: 'text', about: 'the asset or inventory reference (central record)' },
];

function typeProblem(node: YamlNode | undefined, type: FieldType): string | undefined {
  const text = scalarText(node);
  switch (type) {
    case 'text':
      if (isMap(node) || isSeq(node)) return 'must be text, not a list or mapping';
      return text === undefined || text.trim() === '' ? 'is empty' : undefined;
    case 'list':
      if (!isSeq(node)) return 'must be a list, e.g. [software, measuring]';
      return node.items.every((item) => isScalar(item) && typeof item.value === 'string') ? undefined : 'must be a list of words';
    case 'text-or-list':
      if (isSeq(node)) return node.items.every((item) => isScalar(item)) ? undefined : 'must be text or a list of text';
      return text === undefined || text.trim() === '' ? 'is empty' : undefined;
    case 'boolean':
      return isScalar(node) && typeof node.value === 'boolean' ? undefined : 'must be true or false';
    case 'url':
      return text !== undefined && /^https?:\/\/\S+$/i.test(text) ? undefined : 'must be a web address starting with https://';
    default:
      return text !== undefined && type.oneOf.includes(text) ? undefined : `must be one of ${type.oneOf.join(', ')}`;
  }
}

function yamlErrors(file: FileModel, fm: FrontmatterModel): Finding[] {
  return fm.yaml.errors.map((error) => {
    const [start, end] = error.pos;
    const range: OffsetRange = { start: fm.offset + start, end: fm.offset + Math.max(end, start + 1) };
    range.end = Math.min(range.end, fm.contentRange.end);
    range.start = Math.min(range.start, range.end);
    const detail = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { file, range, message: `The frontmatter is not valid YAML: ${detail}. Fix the YAML so the dossier can be read.` };
  });
}

export const frontmatterInvalid: Rule = {
  id: 'frontmatter-invalid',
  defaultSeverity: 'error',
  description: 'The frontmatter YAML does not parse, or a required field is missing or of the wrong type.',
  dependsOn: ['frontmatter'],
  check({ dossier }) {
    const file = dossier.index;
    const fm = file.parsed.frontmatter!;
    const findings = yamlErrors(file, fm);
    for (const spec of FRONTMATTER_FIELDS) {
      const field = fieldAt(fm, spec.path);
      const name = spec.path.join('.');
      if (!field) {
        if (!spec.required) continue;
        const parent = spec.path.length > 1 ? fieldAt(fm, spec.path.slice(0, -1)) : undefined;
        if (spec.path.length > 1 && parent && !isMap(parent.node)) continue; // reported for the parent below
        findings.push({
          file,
          range: parent?.keyRange ?? openingFenceRange(file),
          message: `Required field \`${name}\` is missing: add \`${spec.path[spec.path.length - 1]}:\` with ${spec.about}.`,
        });
        continue;
      }
      const problem = field.node === undefined || (isScalar(field.node) && field.node.value === null) ? (spec.required ? 'is empty' : undefined) : typeProblem(field.node, spec.type);
      if (problem) findings.push({ file, range: field.valueRange, message: `\`${name}\` ${problem}: give ${spec.about}.` });
    }
    const institution = fieldAt(fm, ['institution']);
    if (!institution) {
      findings.push({ file, range: openingFenceRange(file), message: 'Required mapping `institution` is missing: add `institution:` with `name:` and `address:` of the health institution.' });
    } else if (!isMap(institution.node)) {
      findings.push({ file, range: institution.valueRange, message: '`institution` must be a mapping with `name:` and `address:` of the health institution.' });
    }
    return findings;
  },
};
