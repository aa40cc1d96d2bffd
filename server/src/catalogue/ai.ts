// LLM provider SDKs: every API method is a remote call to the model provider, so CLIENT.
import type { CallRow } from './types';

/** Client members that configure rather than call the API. */
const SDK_LOCAL = ['withOptions', 'on', 'once', 'off', 'toJSON', 'toString'] as const;

export const aiCalls: CallRow[] = [
  { library: 'openai', modules: ['openai'], kind: 'CLIENT', members: '*', except: SDK_LOCAL },
  { library: '@anthropic-ai/sdk', modules: ['@anthropic-ai/sdk'], kind: 'CLIENT', members: '*', except: SDK_LOCAL },
];
