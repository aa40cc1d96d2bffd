import * as assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, parseSettings } from '../src/analysis/settings';
import { ruleIds } from '../src/rules';

describe('parseSettings', () => {
  it('fills defaults for missing values', () => {
    assert.deepEqual(parseSettings(undefined), { settings: DEFAULT_SETTINGS, problems: [] });
    assert.deepEqual(parseSettings({}).settings, DEFAULT_SETTINGS);
  });

  it('takes valid values', () => {
    const { settings, problems } = parseSettings({ enable: false, severity: 'hint', debounceMs: 0, maxFileSize: 10, rules: { 'wrong-kind': 'off' } }, ruleIds);
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, { enable: false, severity: 'hint', debounceMs: 0, maxFileSize: 10, rules: { 'wrong-kind': 'off' } });
  });

  it('reports wrong values and keeps the defaults for them, never throwing', () => {
    const { settings, problems } = parseSettings({ enable: 'yes', severity: 'loud', debounceMs: -1, maxFileSize: 'big', rules: { nope: 'error', 'missing-kind': 3 } }, ruleIds);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.equal(problems.length, 6);
    assert.match(problems.join('\n'), /unknown rule "nope"/);
    for (const raw of [null, 42, 'x', [], { rules: [] }, { rules: null }]) assert.doesNotThrow(() => parseSettings(raw));
    assert.equal(parseSettings(42).problems.length, 1);
  });
});
