// Writes schemas/spankind.config.schema.json, the JSON Schema of spankind.config.json, from the editor
// settings in package.json (contributes.configuration): the same keys without the `spanKind.` prefix, plus
// the file's own `ignores` and `$schema`. The CLI and the language server validate config files with it, and
// VS Code offers completion in spankind.config.json through contributes.jsonValidation.
// `--check` exits 1 when the committed schema is not what this script writes (a test runs it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'schemas', 'spankind.config.schema.json');
/** Settings that mean something in an editor only, or are the editor's own. */
const EDITOR_ONLY = new Set(['trace.server']);
/** Schema keywords kept from the settings; VS Code's own (order, scope, markdown*) are dropped or converted. */
const KEYWORDS = ['type', 'enum', 'default', 'minimum', 'maximum', 'required', 'additionalProperties', 'oneOf'];

function convert(setting) {
  const schema = {};
  const description = setting.markdownDescription ?? setting.description;
  if (description) schema.description = description.replace(/`#spanKind\.([\w.]+)#`/g, '`$1`');
  for (const key of KEYWORDS) if (setting[key] !== undefined) schema[key] = key === 'oneOf' ? setting[key].map(convert) : setting[key];
  if (setting.properties) schema.properties = Object.fromEntries(Object.entries(setting.properties).map(([k, v]) => [k, convert(v)]));
  if (setting.items) schema.items = convert(setting.items);
  return schema;
}

export function configSchema(pkg) {
  const properties = {
    $schema: { type: 'string', description: 'The JSON Schema of this file (editors use it for completion).' },
    ignores: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: [],
      description:
        'Paths to leave out, in .gitignore syntax, relative to this file\'s folder: `test/`, `**/*.spec.ts`, `/scripts`; `!` brings a path back. Ignored files are neither checked by the command line nor shown in the editor.',
    },
  };
  for (const [key, setting] of Object.entries(pkg.contributes.configuration.properties)) {
    const name = key.replace(/^spanKind\./, '');
    if (!EDITOR_ONLY.has(name)) properties[name] = convert(setting);
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/span-kind-lens/span-kind-lens/blob/HEAD/schemas/spankind.config.schema.json',
    title: 'spankind.config.json',
    description: 'Settings of the Span Kind Lens checker (the `spankind` command line and the editor): the editor settings without the `spanKind.` prefix, and `ignores`.',
    type: 'object',
    properties,
    additionalProperties: false,
  };
}

const text = `${JSON.stringify(configSchema(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))), null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(root, out)} is out of date: run npm run schema`);
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
}
