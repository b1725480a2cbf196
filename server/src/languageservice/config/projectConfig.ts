/**
 * The workspace configuration file `.hie-dossier.yaml`, read by the CLI and the server alike:
 *
 *   rules:                  # severity per rule: error | warning | info | hint | off
 *     evidence-missing: off
 *   templates: [templates]  # folders of the team's section templates (relative to this file)
 *   catalogue: team-catalogue.yaml   # the team's catalogue extension (relative to this file)
 *
 * A bad file never stops checking: its problems become diagnostics on the file itself.
 */
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { parseYamlDocument } from '../parse/yamlDocument';
import * as path from 'node:path';
import { SEVERITY_NAMES, type SeverityName } from '../../../../shared/src/settings';
import type { FileSystemHost } from '../workspace/host';
import type { OffsetRange } from '../model/types';

export const CONFIG_FILE_NAME = '.hie-dossier.yaml';

export interface ConfigProblem {
  range: OffsetRange;
  message: string;
  severity: 'error' | 'warning';
}

export interface ProjectConfig {
  /** Absolute path of the file, when there is one. */
  path?: string;
  text?: string;
  rules: Record<string, SeverityName>;
  /** Absolute folders of section templates. */
  templates: string[];
  /** Absolute path of a catalogue extension file. */
  catalogue?: string;
  problems: ConfigProblem[];
}

const KNOWN_KEYS = ['rules', 'templates', 'catalogue'];

function rangeOf(node: YamlNode | null | undefined, fallback: OffsetRange): OffsetRange {
  return node?.range ? { start: node.range[0], end: node.range[1] } : fallback;
}

export function parseProjectConfig(configPath: string, text: string, knownRules: readonly string[]): ProjectConfig {
  const config: ProjectConfig = { path: configPath, text, rules: {}, templates: [], problems: [] };
  const whole = { start: 0, end: Math.min(text.length, 1) };
  const doc = parseYamlDocument(text, { strict: true });
  for (const error of doc.errors) {
    config.problems.push({ range: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1) }, severity: 'error', message: `${CONFIG_FILE_NAME} is not valid YAML: ${error.message.split('\n')[0]}` });
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return config;
  if (!isMap(contents)) {
    config.problems.push({ range: rangeOf(contents, whole), severity: 'error', message: `${CONFIG_FILE_NAME} must be a mapping with \`rules\`, \`templates\` or \`catalogue\`.` });
    return config;
  }
  const base = path.dirname(configPath);
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyRange = rangeOf(pair.key as YamlNode, whole);
    const value = pair.value as YamlNode | null;
    if (!KNOWN_KEYS.includes(key)) {
      config.problems.push({ range: keyRange, severity: 'warning', message: `Unknown setting \`${key}\`: ${CONFIG_FILE_NAME} understands ${KNOWN_KEYS.join(', ')}.` });
      continue;
    }
    if (key === 'rules') {
      if (!isMap(value)) {
        config.problems.push({ range: rangeOf(value, keyRange), severity: 'error', message: '`rules` must map rule names to a severity: error, warning, info, hint or off.' });
        continue;
      }
      for (const rulePair of value.items) {
        const rule = isScalar(rulePair.key) ? String(rulePair.key.value) : '';
        const ruleRange = rangeOf(rulePair.key as YamlNode, keyRange);
        const severity = isScalar(rulePair.value) ? String(rulePair.value.value) : undefined;
        if (!knownRules.includes(rule)) {
          config.problems.push({ range: ruleRange, severity: 'warning', message: `Unknown rule \`${rule}\`: known rules are ${knownRules.join(', ')}.` });
        } else if (!severity || !(SEVERITY_NAMES as readonly string[]).includes(severity)) {
          config.problems.push({ range: rangeOf(rulePair.value as YamlNode, ruleRange), severity: 'error', message: `Severity of \`${rule}\` must be one of ${SEVERITY_NAMES.join(', ')}.` });
        } else config.rules[rule] = severity as SeverityName;
      }
    } else if (key === 'templates') {
      const items = isSeq(value) ? value.items : isScalar(value) ? [value] : undefined;
      if (!items || !items.every((item) => isScalar(item) && typeof item.value === 'string')) {
        config.problems.push({ range: rangeOf(value, keyRange), severity: 'error', message: '`templates` must be a folder or a list of folders, relative to this file.' });
        continue;
      }
      config.templates = items.map((item) => path.resolve(base, String((item as { value: string }).value)));
    } else if (key === 'catalogue') {
      if (!isScalar(value) || typeof value.value !== 'string') {
        config.problems.push({ range: rangeOf(value, keyRange), severity: 'error', message: '`catalogue` must be the path of a catalogue extension file, relative to this file.' });
        continue;
      }
      config.catalogue = path.resolve(base, value.value);
    }
  }
  return config;
}

/** Offsets of a top-level `key:` in the configuration text, to point a problem at the setting. */
function topLevelKey(text: string, key: string): OffsetRange {
  const match = new RegExp(`^${key}[ \\t]*:`, 'm').exec(text);
  return match ? { start: match.index, end: match.index + key.length } : { start: 0, end: Math.min(1, text.length) };
}

/**
 * A configuration comes with the workspace, which may come from anywhere: the catalogue extension
 * and template folders it names are used only inside the workspace, like parts and evidence
 * links. Anything else is dropped, with a problem on the setting, and never read.
 */
export function confineToWorkspace(config: ProjectConfig, isInsideWorkspace: (path: string) => boolean): void {
  const outside = (what: string, target: string): string => `${what} ${target} is outside the workspace, so it is ignored: keep it inside the workspace folder.`;
  if (config.catalogue && !isInsideWorkspace(config.catalogue)) {
    config.problems.push({ range: topLevelKey(config.text ?? '', 'catalogue'), severity: 'error', message: outside('The catalogue extension', config.catalogue) });
    delete config.catalogue;
  }
  for (const folder of config.templates.filter((candidate) => !isInsideWorkspace(candidate))) {
    config.problems.push({ range: topLevelKey(config.text ?? '', 'templates'), severity: 'error', message: outside('The template folder', folder) });
  }
  config.templates = config.templates.filter(isInsideWorkspace);
}

/** Finds `.hie-dossier.yaml` in the file's folder or the nearest folder above it, stopping at `stopAt`. */
export function findProjectConfig(host: FileSystemHost, fromFile: string, stopAt?: string): string | undefined {
  let folder = path.dirname(fromFile);
  for (;;) {
    const candidate = path.join(folder, CONFIG_FILE_NAME);
    if (host.kind(candidate) === 'file') return candidate;
    const parent = path.dirname(folder);
    if (parent === folder || (stopAt !== undefined && folder === stopAt)) return undefined;
    folder = parent;
  }
}
