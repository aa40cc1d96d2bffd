// spankind.config.json: the CLI's settings file, with the editor's keys. Every problem is reported with
// its file, line and column; what is wrong falls back to its default and the rest keeps working.
import ts = require('typescript');
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../analysis/settings';
import { ruleIds } from '../rules';

export interface ConfigFileResult {
  settings: Settings;
  /** `file:line:col: message` */
  problems: string[];
}

export function readConfigText(fileName: string, text: string): ConfigFileResult {
  const json = ts.parseJsonText(fileName, text);
  const where = (pos: number) => {
    const { line, character } = json.getLineAndCharacterOfPosition(pos);
    return `${fileName}:${line + 1}:${character + 1}`;
  };
  const syntax = (json as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  if (syntax.length) {
    const problems = syntax.map((d) => `${where(d.start ?? 0)}: not valid JSON: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}; using default settings`);
    return { settings: DEFAULT_SETTINGS, problems };
  }
  const errors: ts.Diagnostic[] = [];
  const raw: unknown = ts.convertToObject(json, errors);
  const { settings, problems } = parseSettings(raw, ruleIds);
  return {
    settings,
    problems: [
      ...errors.map((d) => `${where(d.start ?? 0)}: not valid JSON: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}; the rest of the file applies`),
      ...problems.map((p) => `${where(nodeAt(json, p.path)?.getStart(json) ?? 0)}: ${p.message}; using the default for it`),
    ],
  };
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
