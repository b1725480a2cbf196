/** Severity from .hie-dossier.yaml and editor settings, inline suppressions, bad configuration. */
import { strict as assert } from 'node:assert';
import { buildDossier, defaultRows, EVIDENCE } from '../support/dossierBuilder';
import { check, createTestService } from '../support/testService';

const rows = defaultRows();
rows[0] = { ...rows[0]!, standards: 'ISO 14971:2007' };
const DOSSIER = buildDossier({ rows });

describe('configuration and suppression', () => {
  it('takes severities from .hie-dossier.yaml found by walking up', () => {
    const found = check({ '/ws/devices/a/index.md': DOSSIER, '/ws/devices/a/evidence/report.md': EVIDENCE['/ws/evidence/report.md'], '/ws/.hie-dossier.yaml': 'rules:\n  standard-superseded: error\n' }, '/ws/devices/a/index.md');
    assert.deepEqual(found.map((d) => [d.rule, d.severity]), [['standard-superseded', 'error']]);
  });

  it('turns a rule off, and editor settings win over the file', () => {
    const files = { '/ws/index.md': DOSSIER, ...EVIDENCE, '/ws/.hie-dossier.yaml': 'rules:\n  standard-superseded: off\n' };
    assert.deepEqual(check(files), []);
    assert.deepEqual(check(files, '/ws/index.md', { ruleOverrides: { 'standard-superseded': 'info' } }).map((d) => d.severity), ['info']);
  });

  it('reports a bad configuration file on the file itself and keeps checking with defaults', () => {
    const { service } = createTestService({ '/ws/index.md': DOSSIER, ...EVIDENCE, '/ws/.hie-dossier.yaml': 'rules:\n  standard-superseded: loud\n  no-such-rule: off\nextra: 1\n' });
    const result = service.check('/ws/index.md');
    const config = result.diagnostics.get('/ws/.hie-dossier.yaml')!;
    assert.deepEqual(config.map((d) => d.rule), ['config-invalid', 'config-invalid', 'config-invalid']);
    assert.deepEqual(config.map((d) => d.range.start.line), [1, 2, 3]);
    assert.deepEqual(result.diagnostics.get('/ws/index.md')!.map((d) => [d.rule, d.severity]), [['standard-superseded', 'warning']]);
  });

  it('reports YAML that does not parse, and a missing explicit config file', () => {
    const broken = createTestService({ '/ws/index.md': DOSSIER, ...EVIDENCE, '/ws/.hie-dossier.yaml': 'rules: [\n' }).service.check('/ws/index.md');
    assert.equal(broken.diagnostics.get('/ws/.hie-dossier.yaml')![0]!.rule, 'config-invalid');
    const missing = createTestService({ '/ws/index.md': DOSSIER, ...EVIDENCE }).service.check('/ws/index.md', { configFile: '/ws/nope.yaml' });
    assert.match(missing.diagnostics.get('/ws/nope.yaml')![0]!.message, /cannot be read/);
  });

  it('silences a rule for the next line, a region and the whole file', () => {
    const append = (comment: string) => buildDossier({ append: `\n${comment}\nOld: ISO 14971:2007\n` });
    const base = check({ '/ws/index.md': append(''), ...EVIDENCE });
    assert.equal(base.length, 1);
    assert.deepEqual(check({ '/ws/index.md': append('<!-- hie-disable-next-line standard-superseded -->'), ...EVIDENCE }), []);
    assert.deepEqual(check({ '/ws/index.md': append('<!-- hie-disable-next-line -->'), ...EVIDENCE }), [], 'no rule name: every rule');
    assert.equal(check({ '/ws/index.md': append('<!-- hie-disable-next-line evidence-missing -->'), ...EVIDENCE }).length, 1, 'another rule is not silenced');
    const region = buildDossier({ append: '\n<!-- hie-disable standard-superseded -->\nA: ISO 14971:2007\n<!-- hie-enable standard-superseded -->\nB: ISO 14971:2007\n' });
    assert.equal(check({ '/ws/index.md': region, ...EVIDENCE }).length, 1);
    const whole = buildDossier({ rows, append: '\n<!-- hie-disable-file standard-superseded -->\n' });
    assert.deepEqual(check({ '/ws/index.md': whole, ...EVIDENCE }), []);
  });

  it('silences frontmatter diagnostics with a YAML comment', () => {
    const text = buildDossier().replace('  characteristics: [software]', '  # hie-disable-next-line characteristic-unknown\n  characteristics: [software, bespoke]');
    assert.deepEqual(check({ '/ws/index.md': text, ...EVIDENCE }), []);
  });
});
