// Every rule, listed explicitly. A rule's id is its file name; its docs are docs/rules/<id>.md.
import missingKind from './missing-kind';
import wrongKind from './wrong-kind';
import type { Rule } from './types';

export type { Rule, RuleContext } from './types';
export { ruleCode } from './types';

export const rules: readonly Rule[] = [missingKind, wrongKind];

export const ruleIds: readonly string[] = rules.map((r) => r.id);
