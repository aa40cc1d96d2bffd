// spankind.config.json: the settings file of the CLI (and the `ignores` of the editor), with the editor's
// keys. It is validated against schemas/spankind.config.schema.json (which VS Code also uses for completion
// in the file) and by parseSettings; every mistake is reported as `file:line:col: message`, an unknown key
// with the known key it most likely meant. The CLI refuses to run with any of them (exit 2); the editor
// shows them once and applies what is right.
import * as fs from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import ts = require('typescript');
import { parseDiagnosticsOf } from '../analysis/model';
import { closestName, DEFAULT_SETTINGS, parseSettings, type Settings } from '../analysis/settings';
import { ruleIds } from '../rules';
import schema from '../../../schemas/spankind.config.schema.json';

export const CONFIG_FILE = 'spankind.config.json';

export interface ConfigFileResult {
  settings: Settings;
  /** The `ignores` patterns (gitignore syntax, relative to the file's folder). */
  ignores: string[];
  /** `file:line:col: message`, one per mistake; empty when the file is right. */
  problems: string[];
}

let validator: ValidateFunction | undefined;

/** The schema, compiled on first use (a run without a config file never pays for it). */
function validate(raw: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, verbose: true }).compile(schema);
  return validator(raw) ? [] : (validator.errors ?? []);
}

/** Reads and checks a config file; a file that cannot be read is one problem. */
export function readConfigFile(fileName: string): ConfigFileResult {
  let text: string;
  try {
    text = fs.readFileSync(fileName, 'utf8');
  } catch (err) {
    return { settings: DEFAULT_SETTINGS, ignores: [], problems: [`${fileName}: cannot read it (${(err as Error).message})`] };
  }
  return readConfigText(fileName, text);
}

export function readConfigText(fileName: string, text: string): ConfigFileResult {
  const json = ts.parseJsonText(fileName, text);
  const where = (pos: number) => {
    const { line, character } = json.getLineAndCharacterOfPosition(pos);
    return `${fileName}:${line + 1}:${character + 1}`;
  };
  const syntax = parseDiagnosticsOf(json);
  const errors: ts.Diagnostic[] = [];
  const raw: unknown = syntax.length ? undefined : ts.convertToObject(json, errors);
  const invalid = [...syntax, ...errors];
  if (invalid.length || !json.statements.length) {
    const problems = invalid.map((d) => `${where(d.start ?? 0)}: not valid JSON: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    return { settings: DEFAULT_SETTINGS, ignores: [], problems: problems.length ? problems : [`${where(0)}: not valid JSON: the file is empty (write {} for no settings)`] };
  }
  const { settings, problems: settingsProblems } = parseSettings(raw, ruleIds);
  const found = settingsProblems.map((p) => ({ path: p.path, message: p.message }));
  // What the schema finds beyond parseSettings: unknown keys, `ignores`, `$schema`. One message per place.
  for (const error of validate(raw)) {
    const at = instancePath(error);
    const unknownKey = error.keyword === 'additionalProperties' ? String((error.params as { additionalProperty: string }).additionalProperty) : undefined;
    const place = unknownKey === undefined ? at : [...at, unknownKey];
    if (found.some((p) => overlaps(p.path, place))) continue;
    found.push({ path: place, message: unknownKey === undefined ? schemaMessage(at, error) : unknownKeyMessage(at, unknownKey, error) });
  }
  const ignores = isObject(raw) && Array.isArray(raw.ignores) ? raw.ignores.filter((p): p is string => typeof p === 'string' && p.length > 0) : [];
  if (isObject(raw) && Array.isArray(raw.ignores)) {
    raw.ignores.forEach((pattern, i) => {
      const why = typeof pattern === 'string' ? badIgnorePattern(pattern) : undefined;
      if (why) found.push({ path: ['ignores', i], message: `ignores[${i}] ${JSON.stringify(pattern)} ${why}` });
    });
  }
  const placed = found.map((p) => ({ offset: nodeAt(json, p.path)?.getStart(json) ?? 0, message: p.message })).sort((a, b) => a.offset - b.offset);
  return { settings, ignores, problems: placed.map((p) => `${where(p.offset)}: ${p.message}`) };
}

/** Why a gitignore-syntax pattern can never match (it names a path outside its folder), or undefined. */
export function badIgnorePattern(pattern: string): string | undefined {
  return /^!?(\.\.?)(\/|$)/.test(pattern) ? `cannot start with ./ or ../: patterns are relative to the folder of ${CONFIG_FILE}, in .gitignore syntax` : undefined;
}

function instancePath(error: ErrorObject): (string | number)[] {
  if (!error.instancePath) return [];
  return error.instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function dotted(at: (string | number)[]): string {
  return at.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');
}

function unknownKeyMessage(at: (string | number)[], key: string, error: ErrorObject): string {
  const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}).filter((k) => k !== '$schema');
  const inside = at.length ? ` in ${dotted(at)}` : '';
  const unprefixed = key.replace(/^spanKind\./, '');
  if (unprefixed !== key && known.includes(unprefixed)) return `unknown key "${key}"${inside}; did you mean "${unprefixed}"? (the file takes the editor's keys without the spanKind. prefix)`;
  const near = closestName(unprefixed, known);
  return `unknown key "${key}"${inside}; ${near ? `did you mean "${near}"?` : `the known keys are ${known.join(', ')}`}`;
}

function schemaMessage(at: (string | number)[], error: ErrorObject): string {
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  const message = allowed ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : (error.message ?? 'is not valid');
  return `${at.length ? dotted(at) : 'the settings'} ${message}, got ${JSON.stringify(error.data)}`;
}

/** Is one path a prefix of the other (the same place, or one inside the other)? */
function overlaps(a: (string | number)[], b: (string | number)[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (String(a[i]) !== String(b[i])) return false;
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON node at a settings path (`['rules', 'nope']` is the `"nope"` property), or the nearest above it. */
function nodeAt(json: ts.JsonSourceFile, path: (string | number)[]): ts.Node | undefined {
  let node: ts.Node | undefined = json.statements[0]?.expression;
  for (let i = 0; i < path.length && node; i++) {
    const key = path[i];
    const last = i === path.length - 1;
    if (ts.isObjectLiteralExpression(node)) {
      const prop: ts.ObjectLiteralElementLike | undefined = node.properties.find(
        (p) => !!p.name && (ts.isStringLiteral(p.name) || ts.isIdentifier(p.name)) && p.name.text === String(key),
      );
      if (!prop || !ts.isPropertyAssignment(prop)) return node;
      node = last ? prop : prop.initializer;
    } else if (ts.isArrayLiteralExpression(node) && typeof key === 'number') {
      const element: ts.Expression | undefined = node.elements[key];
      if (!element) return node;
      node = element;
    } else {
      return node;
    }
  }
  return node;
}
