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
    assert.deepEqual(settings, { ...DEFAULT_SETTINGS, enable: false, severity: 'hint', debounceMs: 0, maxFileSize: 10, rules: { 'wrong-kind': 'off' } });
  });

  it('reports wrong values and keeps the defaults for them, never throwing', () => {
    const { settings, problems } = parseSettings({ enable: 'yes', severity: 'loud', debounceMs: -1, maxFileSize: 'big', rules: { nope: 'error', 'missing-kind': 3 } }, ruleIds);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.equal(problems.length, 6);
    assert.match(problems.map((p) => p.message).join('\n'), /unknown rule "nope"/);
    assert.deepEqual(problems.find((p) => /nope/.test(p.message))?.path, ['rules', 'nope']);
    for (const raw of [null, 42, 'x', [], { rules: [] }, { rules: null }]) assert.doesNotThrow(() => parseSettings(raw));
    assert.equal(parseSettings(42).problems.length, 1);
  });

  it('codeLens: off by default, takes a boolean, reports anything else', () => {
    assert.equal(DEFAULT_SETTINGS.codeLens, false);
    assert.deepEqual(parseSettings({ codeLens: true }), { settings: { ...DEFAULT_SETTINGS, codeLens: true }, problems: [] });
    const { settings, problems } = parseSettings({ codeLens: 'on' });
    assert.equal(settings.codeLens, false);
    assert.deepEqual(problems, [{ path: ['codeLens'], message: 'spanKind.codeLens must be true or false, got "on"' }]);
  });

  it('unresolvedWrappers: information by default, takes off or a level, reports anything else', () => {
    assert.equal(DEFAULT_SETTINGS.unresolvedWrappers, 'information');
    assert.deepEqual(parseSettings({ unresolvedWrappers: 'off' }), { settings: { ...DEFAULT_SETTINGS, unresolvedWrappers: 'off' }, problems: [] });
    assert.equal(parseSettings({ unresolvedWrappers: 'hint' }).settings.unresolvedWrappers, 'hint');
    const { settings, problems } = parseSettings({ unresolvedWrappers: true });
    assert.equal(settings.unresolvedWrappers, 'information');
    assert.deepEqual(problems, [{ path: ['unresolvedWrappers'], message: 'spanKind.unresolvedWrappers must be off or one of error, warning, information, hint, got true' }]);
  });

  it('libraries and wrappers: valid entries kept, wrong ones reported with their path', () => {
    const { settings, problems } = parseSettings({
      libraries: [
        { module: '@acme/http', member: 'request', kind: 'CLIENT' },
        { module: '@acme/bus', member: ['emit', 'publish'], kind: 'PRODUCER' },
        { module: '@acme/x', member: 'go', kind: 'REMOTE' },
        'nope',
      ],
      wrappers: [{ function: 'withSpan', nameArg: 0, kindArg: 1, callbackArg: 2 }, { function: 'traced' }, { function: 'f', kindArg: -1 }],
    });
    assert.deepEqual(settings.libraries, [
      { module: '@acme/http', members: ['request'], kind: 'CLIENT' },
      { module: '@acme/bus', members: ['emit', 'publish'], kind: 'PRODUCER' },
    ]);
    assert.deepEqual(settings.wrappers, [{ function: 'withSpan', nameArg: 0, kindArg: 1, callbackArg: 2 }]);
    assert.deepEqual(problems.map((p) => p.path), [['libraries', 2, 'kind'], ['libraries', 3], ['wrappers', 1], ['wrappers', 2, 'kindArg'], ['wrappers', 2]]);
  });
});
