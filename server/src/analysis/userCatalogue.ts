// The catalogue a file is checked with: the built-in rows plus the libraries and wrappers its settings add.
import { type Catalogue, catalogue as builtIn } from '../catalogue';
import type { Settings } from './settings';

const cache = new WeakMap<Settings, Catalogue>();

/** The catalogue for these settings; the built-in one when they add nothing. Memoised per settings object. */
export function catalogueFor(settings: Settings): Catalogue {
  if (!settings.libraries.length && !settings.wrappers.length) return builtIn;
  let merged = cache.get(settings);
  if (!merged) {
    const outbound = settings.libraries.filter((l) => l.kind !== 'SERVER' && l.kind !== 'CONSUMER');
    const handlers = settings.libraries.filter((l) => l.kind === 'SERVER' || l.kind === 'CONSUMER');
    merged = {
      ...builtIn,
      // User rows come first: they refine or override the built-in ones.
      calls: [
        ...outbound.map((l) => ({ library: l.module, modules: [l.module], kind: l.kind, members: l.members })),
        ...builtIn.calls,
      ],
      handlers: [
        ...handlers.map((l) => ({
          library: l.module,
          modules: [l.module],
          kind: l.kind as 'SERVER' | 'CONSUMER',
          members: l.members,
          handlerIn: 'arguments' as const,
        })),
        ...builtIn.handlers,
      ],
      // User rows first: a declared wrapper of the same name wins over a built-in SDK row.
      wrappers: [...settings.wrappers, ...builtIn.wrappers],
    };
    cache.set(settings, merged);
  }
  return merged;
}
