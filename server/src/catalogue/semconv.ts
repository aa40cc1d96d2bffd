// The constants of @opentelemetry/semantic-conventions (stable, incubating and the legacy SEMATTRS_* /
// SemanticAttributes names), by exported name, so code that writes `ATTR_URL_FULL` reads as `url.full`.
import * as stable from '@opentelemetry/semantic-conventions';
import * as incubating from '@opentelemetry/semantic-conventions/incubating';

function collect(): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const source of [incubating, stable] as Record<string, unknown>[]) {
    for (const [name, value] of Object.entries(source)) {
      if (typeof value === 'string') names.set(name, value);
      else if (value && typeof value === 'object' && /^Semantic(Resource)?Attributes$/.test(name)) {
        for (const [member, inner] of Object.entries(value as Record<string, unknown>)) {
          if (typeof inner === 'string') names.set(`${name}.${member}`, inner);
        }
      }
    }
  }
  return names;
}

/** `ATTR_URL_FULL` -> `url.full`, `MESSAGING_OPERATION_TYPE_VALUE_PROCESS` -> `process`, `SemanticAttributes.HTTP_URL` -> `http.url`. */
export const SEMCONV_CONSTANTS: ReadonlyMap<string, string> = collect();

/** Is this the semantic-conventions package (or one of its entry points)? */
export function isSemconvModule(module: string): boolean {
  return module === '@opentelemetry/semantic-conventions' || module.startsWith('@opentelemetry/semantic-conventions/');
}
