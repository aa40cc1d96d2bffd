// Every rule, listed explicitly. A rule's id is its file name; its docs are docs/rules/<id>.md.
import missingKind from './missing-kind';
import nestedServer from './nested-server';
import rootClient from './root-client';
import wrongKind from './wrong-kind';
import spanNotEnded from './span-not-ended';
import clientNotActive from './client-not-active';
import kindSetLate from './kind-set-late';
import producerWithoutInject from './producer-without-inject';
import consumerWithoutContext from './consumer-without-context';
import serverWithoutExtract from './server-without-extract';
import clientWithoutInject from './client-without-inject';
import type { Rule } from './types';

export type { Rule, RuleContext } from './types';
export { ruleCode } from './types';

export const rules: readonly Rule[] = [missingKind, wrongKind, nestedServer, rootClient, spanNotEnded, clientNotActive, kindSetLate, producerWithoutInject, consumerWithoutContext, serverWithoutExtract, clientWithoutInject];

export const ruleIds: readonly string[] = rules.map((r) => r.id);
