/**
 * Hostile and odd inputs through the language service: each gets a clear diagnostic (or, for a
 * file that is not a dossier, none), in bounded time, and the same service then checks a clean
 * dossier to zero diagnostics, proving it is still in working order.
 */
import { strict as assert } from 'node:assert';
import { buildDossier, EVIDENCE } from '../support/dossierBuilder';
import { createTestService } from '../support/testService';
import type { CheckSettings, DossierDiagnostic, DossierService } from '../../server/src/languageservice/service';
import { assertWellFormed } from '../fuzz/properties';
import {
  binaryText,
  deeplyNestedQuotes,
  deeplyNestedYaml,
  hugeDossier,
  indexWith,
  longChecklist,
  manyHeadings,
  wideRow,
  yamlAliasBomb,
} from '../fixtures/hostile/inputs';

const INDEX = '/ws/index.md';
const CLEAN = '/ws/clean/index.md';

interface Outcome {
  diagnostics: DossierDiagnostic[];
  milliseconds: number;
  service: DossierService;
}

/** Checks index.md with `text`, times it, checks the ranges, and proves the service still works. */
function checkHostile(text: string, settings: CheckSettings = {}, extra: Record<string, string> = {}): Outcome {
  const files: Record<string, string> = { [INDEX]: text, [CLEAN]: buildDossier(), '/ws/clean/evidence/report.md': EVIDENCE['/ws/evidence/report.md'], ...extra };
  const { service } = createTestService(files);
  const started = performance.now();
  const result = service.check(INDEX, settings);
  const milliseconds = performance.now() - started;
  assertWellFormed(result, (path) => files[path]);
  const clean = [...service.check(CLEAN).diagnostics.values()].flat();
  assert.deepEqual(clean.map((d) => `${d.rule}: ${d.message}`), [], 'the service still checks a clean dossier afterwards');
  return { diagnostics: result.diagnostics.get(INDEX) ?? [], milliseconds, service };
}

function rules(diagnostics: DossierDiagnostic[]): string[] {
  return [...new Set(diagnostics.map((d) => d.rule))].sort();
}

function report(what: string, outcome: Outcome): void {
  console.log(`      ${what}: ${outcome.diagnostics.length} diagnostics in ${outcome.milliseconds.toFixed(0)} ms`);
}

describe('hostile and odd inputs (language service)', function () {
  this.timeout(120_000);

  it('an empty file: no diagnostic, no error', () => {
    const outcome = checkHostile('');
    assert.deepEqual(outcome.diagnostics, []);
  });

  it('a file that is only a frontmatter fence, or an unclosed one: not a dossier, no diagnostic', () => {
    for (const text of ['---\n---\n', '---\n', '---\r\ndevice:\r\n  name: x\r\n', '\uFEFF---\n']) {
      assert.deepEqual(checkHostile(text).diagnostics, [], JSON.stringify(text));
    }
  });

  it('a 20 MB dossier: one file-too-large warning naming the limit and the setting, at once', () => {
    const outcome = checkHostile(hugeDossier(20));
    report('20 MB dossier', outcome);
    assert.deepEqual(rules(outcome.diagnostics), ['file-too-large']);
    const [warning] = outcome.diagnostics;
    assert.equal(warning!.severity, 'warning');
    assert.match(warning!.message, /20\d\d\d KB, more than the 4096 KB limit/);
    assert.match(warning!.message, /hieDossier\.maxFileSizeKb/);
    assert.ok(outcome.milliseconds < 2000, `took ${outcome.milliseconds} ms`);
  });

  it('the size limit is the setting: a lower maxFileSizeKb stops a normal dossier, a part over it is reported', () => {
    const small = checkHostile(buildDossier(), { maxFileSizeKb: 1 });
    assert.deepEqual(rules(small.diagnostics), ['file-too-large']);
    assert.match(small.diagnostics[0]!.message, /more than the 1 KB limit/);
    const withPart = buildDossier({ frontmatter: `${buildDossier().split('---\n')[1]}parts: [big.md]\n` });
    const outcome = checkHostile(withPart, { maxFileSizeKb: 64 }, { '/ws/big.md': hugeDossier(1), '/ws/evidence/report.md': EVIDENCE['/ws/evidence/report.md'] });
    const part = outcome.diagnostics.find((d) => d.rule === 'part-missing');
    assert.ok(part, `no part-missing in ${rules(outcome.diagnostics)}`);
    assert.match(part.message, /`big\.md` cannot be read/);
  });

  it('binary-looking text (NULs, control characters, lone surrogates) as a dossier body: checked like any text', () => {
    const outcome = checkHostile(indexWith(binaryText()));
    report('binary body', outcome);
    assert.ok(rules(outcome.diagnostics).includes('er-checklist-missing'));
    assert.ok(outcome.milliseconds < 10_000);
    // Not a dossier (no frontmatter): nothing at all.
    assert.deepEqual(checkHostile(binaryText()).diagnostics, []);
  });

  it('a YAML alias bomb ("billion laughs"): frontmatter-invalid diagnostics, quickly, no expansion', () => {
    const outcome = checkHostile(yamlAliasBomb());
    report('alias bomb', outcome);
    assert.ok(outcome.milliseconds < 5000, `took ${outcome.milliseconds} ms`);
    // Each field that is an alias of the bomb is reported as not what it should be, without expanding it.
    const invalid = outcome.diagnostics.filter((d) => d.rule === 'frontmatter-invalid').map((d) => d.message);
    for (const field of ['device.name', 'device.code', 'device.classification', 'device.characteristics', 'institution', 'parts']) {
      assert.ok(invalid.some((message) => message.startsWith(`\`${field}\``)), `nothing on ${field}:\n${invalid.join('\n')}`);
    }
  });

  for (const [style, depth] of [['flow', 100_000], ['block', 1000]] as const) {
    it(`YAML nested ${depth} levels deep (${style}): a frontmatter-invalid diagnostic, no stack overflow`, () => {
      const outcome = checkHostile(deeplyNestedYaml(depth, style));
      report(`YAML ${style} ×${depth}`, outcome);
      const invalid = outcome.diagnostics.filter((d) => d.rule === 'frontmatter-invalid');
      assert.ok(invalid.length > 0, `rules: ${rules(outcome.diagnostics)}`);
      assert.ok(outcome.milliseconds < 10_000, `took ${outcome.milliseconds} ms`);
    });
  }

  it('Markdown nested 10,000 levels deep (block quotes): file-unreadable saying it could not be parsed', () => {
    const outcome = checkHostile(deeplyNestedQuotes(10_000));
    report('10,000 nested quotes', outcome);
    assert.deepEqual(rules(outcome.diagnostics), ['file-unreadable']);
    assert.match(outcome.diagnostics[0]!.message, /could not be parsed .*so it was not checked/);
    assert.deepEqual(outcome.diagnostics[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    // The same service recovers when the text is fixed.
    outcome.service.setOverlay(INDEX, deeplyNestedQuotes(10));
    const fixed = [...outcome.service.check(INDEX).diagnostics.values()].flat();
    assert.ok(!fixed.some((d) => d.rule === 'file-unreadable'));
  });

  it('10,000 headings: checked in bounded time, the usual section diagnostics', () => {
    const outcome = checkHostile(manyHeadings(10_000));
    report('10,000 headings', outcome);
    assert.ok(rules(outcome.diagnostics).includes('section-missing'));
    assert.ok(outcome.milliseconds < 30_000, `took ${outcome.milliseconds} ms`);
  });

  it('a checklist with 5,000 rows: every row checked, in bounded time', () => {
    const outcome = checkHostile(longChecklist(5000));
    report('5,000 rows', outcome);
    const byRule = (rule: string): number => outcome.diagnostics.filter((d) => d.rule === rule).length;
    // Every other row cites ISO 14971:2007; one row in seven names ER 99.
    assert.equal(byRule('standard-superseded'), 2500);
    assert.equal(byRule('er-unknown'), Math.ceil((5000 - 6) / 7));
    assert.ok(byRule('er-duplicate') > 0);
    assert.ok(outcome.milliseconds < 30_000, `took ${outcome.milliseconds} ms`);
  });

  it('a checklist row with 500 cells: read by its columns, the rest ignored', () => {
    const outcome = checkHostile(wideRow(500));
    report('500 cells', outcome);
    assert.ok(!outcome.diagnostics.some((d) => d.rule === 'er-unknown'), 'ER 1 is read from the first column');
    assert.ok(outcome.diagnostics.some((d) => d.rule === 'er-missing'));
    assert.ok(outcome.milliseconds < 10_000);
  });

  describe('parts that cannot be parts', () => {
    const partsOf = (entries: string): string => buildDossier({ frontmatter: `${buildDossier().split('---\n')[1]}parts: ${entries}\n` });
    const partMessages = (outcome: Outcome): string[] => outcome.diagnostics.filter((d) => d.rule === 'part-missing').map((d) => d.message);
    const extra = { '/ws/evidence/report.md': EVIDENCE['/ws/evidence/report.md'] };

    it('itself, a folder, a missing file, a path listed twice', () => {
      const outcome = checkHostile(partsOf('[index.md, ./index.md, evidence, missing.md, evidence/report.md, ./evidence/../evidence/report.md]'), {}, extra);
      assert.deepEqual(partMessages(outcome), [
        'Part `index.md` is the index itself: correct the path in `parts` or remove the entry.',
        'Part `./index.md` is the index itself: correct the path in `parts` or remove the entry.',
        'Part `evidence` is a folder, not a Markdown file: correct the path in `parts` or remove the entry.',
        'Part `missing.md` does not exist: correct the path in `parts` or remove the entry.',
        'Part `./evidence/../evidence/report.md` is listed twice: correct the path in `parts` or remove the entry.',
      ]);
    });

    it('two indexes that list each other (a cycle): each checked once, with the other as its part', () => {
      const other = buildDossier({ frontmatter: `${buildDossier().split('---\n')[1]}parts: [index.md]\n` });
      const outcome = checkHostile(partsOf('[other.md]'), {}, { ...extra, '/ws/other.md': other });
      assert.deepEqual(partMessages(outcome), []);
      const fromOther = [...outcome.service.check('/ws/other.md').diagnostics.keys()].sort();
      assert.deepEqual(fromOther, ['/ws/index.md', '/ws/other.md']);
    });

    it('outside the workspace: ../../etc/passwd and an absolute path are refused, not read', () => {
      const outcome = checkHostile(partsOf('[../../etc/passwd, /etc/hostname]'), {}, { ...extra, '/etc/hostname': 'secret' });
      assert.deepEqual(partMessages(outcome), [
        'Part `../../etc/passwd` is outside the workspace, so it is not read: correct the path in `parts` or remove the entry.',
        'Part `/etc/hostname` is outside the workspace, so it is not read: correct the path in `parts` or remove the entry.',
      ]);
    });
  });

  it('evidence links with URL-encoding, spaces, .. segments, query strings and external URLs', () => {
    const rows = [
      { er: '1', applies: 'Yes', evidence: '[a](evidence/risk%20file.md)' },
      { er: '2', applies: 'Yes', evidence: '[b](<evidence/risk file.md#hazards>)' },
      { er: '3', applies: 'Yes', evidence: '[c](evidence/../evidence/report.md#hazard-log)' },
      { er: '4', applies: 'Yes', evidence: '[d](evidence/report.md?version=2#hazard-log)' },
      { er: '5', applies: 'Yes', evidence: '[e](https://example.org/evidence?id=1) [f](//cdn.example.org/x) [g](mailto:qa@example.org) [h](file:///etc/passwd)' },
      { er: '6', applies: 'Yes', evidence: '[i](../../../etc/passwd)' },
      { er: '6a', applies: 'Yes', evidence: '[j](evidence/..%2F..%2F..%2Fetc%2Fpasswd) [k](evidence/risk%2)' },
    ];
    const outcome = checkHostile(buildDossier({ rows }), {}, { ...EVIDENCE, '/ws/evidence/risk file.md': '# Risk\n\n## Hazards\n' });
    const broken = outcome.diagnostics.filter((d) => d.rule === 'evidence-link-broken').map((d) => d.message);
    assert.deepEqual(broken, [
      'Link target `../../../etc/passwd` leaves the workspace: keep evidence inside the dossier\'s repository.',
      'Link target `evidence/..%2F..%2F..%2Fetc%2Fpasswd` leaves the workspace: keep evidence inside the dossier\'s repository.',
      'Link target `evidence/risk%2` does not exist: correct the path or add the evidence file.',
    ]);
  });

  describe('.hie-dossier.yaml that is malformed, of the wrong types, or huge', () => {
    const CONFIG = '/ws/.hie-dossier.yaml';
    const configDiagnostics = (config: string): { config: DossierDiagnostic[]; index: DossierDiagnostic[] } => {
      const files: Record<string, string> = { [INDEX]: buildDossier(), [CONFIG]: config, ...EVIDENCE };
      const { service } = createTestService(files);
      const result = service.check(INDEX);
      assertWellFormed(result, (path) => files[path]);
      return { config: result.diagnostics.get(CONFIG) ?? [], index: result.diagnostics.get(INDEX) ?? [] };
    };

    it('malformed YAML: config-invalid on the file, the dossier still checked with the defaults', () => {
      const { config, index } = configDiagnostics('rules: [unclosed\n  evidence-missing: off\n');
      assert.ok(config.length > 0 && config.every((d) => d.rule === 'config-invalid'));
      assert.ok(config.some((d) => /^\.hie-dossier\.yaml is not valid YAML: /.test(d.message)), config.map((d) => d.message).join('\n'));
      assert.deepEqual(index, []);
    });

    it('wrong types: each setting reported, the rest still used', () => {
      const { config } = configDiagnostics('rules: 7\ntemplates: {a: 1}\ncatalogue: [x]\nunknown: 1\n');
      assert.deepEqual(config.map((d) => d.message.split(':')[0]), ['`rules` must map rule names to a severity', '`templates` must be a folder or a list of folders, relative to this file.', '`catalogue` must be the path of a catalogue extension file, relative to this file.', 'Unknown setting `unknown`']);
      const { config: severities, index } = configDiagnostics('rules:\n  er-missing: loud\n  standard-superseded: [error]\n  nonsense-rule: off\n  section-missing: off\n');
      assert.equal(severities.length, 3);
      assert.deepEqual(index, [], 'section-missing: off still applies');
    });

    it('huge (a 5 MB list of rules) or an alias bomb: reported or used, never a hang', () => {
      const started = performance.now();
      const huge = `rules:\n${Array.from({ length: 150_000 }, (_, i) => `  rule-${i}: off`).join('\n')}\n`;
      const { config } = configDiagnostics(huge);
      assert.equal(config.length, 150_000);
      const bomb = configDiagnostics(`a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nrules: *c\n`);
      assert.ok(bomb.config.some((d) => /`rules` must map/.test(d.message)));
      assert.ok(performance.now() - started < 30_000);
    });

    it('a huge catalogue extension (45,000 keys): its problems reported, never a hang', () => {
      const extension = `standards:\n${Array.from({ length: 15_000 }, (_, i) => `  - id: LOCAL-${i}\n    title: Local standard ${i}`).join('\n')}\nextra:\n${Array.from({ length: 30_000 }, (_, i) => `  key-${i}: value`).join('\n')}\n`;
      const files: Record<string, string> = { [INDEX]: buildDossier(), [CONFIG]: 'catalogue: team.yaml\n', '/ws/team.yaml': extension, ...EVIDENCE };
      const { service } = createTestService(files);
      const started = performance.now();
      const result = service.check(INDEX);
      const milliseconds = performance.now() - started;
      console.log(`      huge catalogue extension: ${(result.diagnostics.get('/ws/team.yaml') ?? []).length} problems in ${milliseconds.toFixed(0)} ms`);
      assert.ok((result.diagnostics.get('/ws/team.yaml') ?? []).length > 0);
      assert.ok(milliseconds < 10_000, `took ${milliseconds} ms`);
    });

    it('a catalogue extension or template folder outside the workspace: refused with config-invalid', () => {
      const { config } = configDiagnostics('catalogue: ../../etc/passwd\ntemplates: [/etc, templates]\n');
      const messages = config.map((d) => d.message);
      assert.ok(messages.includes('The catalogue extension /etc/passwd is outside the workspace, so it is ignored: keep it inside the workspace folder.'), messages.join('\n'));
      assert.ok(messages.includes('The template folder /etc is outside the workspace, so it is ignored: keep it inside the workspace folder.'), messages.join('\n'));
    });
  });

  it('a file deleted while the editor has it open: checked from the editor text; closed, it is simply gone', () => {
    const { service, host } = createTestService({ [INDEX]: buildDossier(), ...EVIDENCE });
    service.setOverlay(INDEX, buildDossier());
    host.delete(INDEX);
    service.forget(INDEX);
    assert.deepEqual([...service.check(INDEX).diagnostics.values()].flat(), []);
    service.removeOverlay(INDEX);
    assert.deepEqual([...service.check(INDEX).diagnostics.values()].flat(), []);
  });
});
