// The catalogue as a markdown table, for README.md (generated, and checked to be current by a test).
import { type Catalogue, catalogue as builtIn } from '.';

const KIND_ORDER = ['CLIENT', 'PRODUCER', 'SERVER', 'CONSUMER', 'INTERNAL'];

/** One row per library and kind: what it matches, and how. */
export function catalogueTable(c: Catalogue = builtIn): string {
  const rows = new Map<string, { kind: string; library: string; what: Set<string> }>();
  const add = (kind: string, library: string, what: string) => {
    const key = `${kind}\u0000${library}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { kind, library, what: new Set() }));
    row.what.add(what);
  };
  const members = (m: readonly string[] | '*') => (m === '*' ? 'any API call' : m.map((x) => `\`${x}\``).join(', '));
  for (const g of c.globals) add(g.kind, g.library, g.globals.map((x) => `global \`${x}\``).join(', '));
  for (const r of c.calls) add(r.kind, r.library, members(r.members));
  for (const r of c.commands) {
    for (const [command, kind] of Object.entries(r.commands)) add(kind, r.library, `\`send(new ${command}())\``);
    add(r.defaultKind, r.library, Object.keys(r.commands).length ? 'other commands' : '`send(new XCommand())`');
  }
  for (const r of c.handlers) {
    const where = r.handlerIn === 'arguments' ? 'callback of' : `\`${r.handlerIn.properties.join('`/`')}\` of`;
    add(r.kind, r.library, `${where} ${r.construct ? r.members.map((m) => `\`new ${m}\``).join(', ') : members(r.members)}`);
  }
  for (const r of c.entries) {
    if (r.decorators) add(r.kind, r.library, r.decorators.map((d) => `\`@${d}\``).join(', '));
    if (r.exportNames) add(r.kind, r.library, `exported ${r.exportNames.map((n) => `\`${n}\``).join(', ')} of ${r.filePattern?.source.includes('pages') ? 'pages/api files' : 'route files'}`);
    if (r.types) add(r.kind, r.library, `handlers typed ${r.types.map((t) => `\`${t}\``).join(', ')}`);
  }
  for (const l of c.local) add('INTERNAL', l.library, l.modules.map((m) => `\`${m}\``).join(', '));
  const sorted = [...rows.values()].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.library.localeCompare(b.library));
  const lines = ['| kind | library | what counts |', '|---|---|---|'];
  for (const r of sorted) lines.push(`| ${r.kind} | ${r.library} | ${[...r.what].join('; ').replace(/\|/g, '\\|')} |`);
  return lines.join('\n');
}
