// The README's rules section, generated from the rules (out/) and their docs pages (docs/rules/<id>.md):
// a table of every rule, then a short wrong/right example of each. `node scripts/readme-rules.js` writes it
// between the README's rules markers (npm run compile first); a meta test checks that it is current.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';
const MAX_EXAMPLE_LINES = 30;

/** The first ```ts/js code block after `heading` in `text`, or undefined. */
function codeBlockAfter(text, heading) {
  const at = text.indexOf(`\n${heading}\n`);
  if (at < 0) return undefined;
  const m = /```(ts|typescript|js|javascript)\n([\s\S]*?)```/.exec(text.slice(at));
  return m ? { lang: m[1], code: m[2].trimEnd() } : undefined;
}

/** The wrong/right pair of a docs page: its `## In short` blocks, else the first Incorrect and Correct blocks. */
function examplesOf(id, doc) {
  let wrong;
  let right;
  const short = doc.indexOf('\n## In short\n');
  if (short >= 0) {
    const next = doc.indexOf('\n## ', short + 1);
    const section = doc.slice(short, next < 0 ? undefined : next);
    const blocks = [...section.matchAll(/```(ts|typescript|js|javascript)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2].trimEnd() }));
    [wrong, right] = blocks;
  } else {
    wrong = codeBlockAfter(doc, '### ❌ Incorrect');
    right = codeBlockAfter(doc, '### ✅ Correct');
  }
  if (!wrong || !right) throw new Error(`docs/rules/${id}.md: needs a wrong and a right example (## In short, or ### ❌ Incorrect / ### ✅ Correct)`);
  for (const [name, block] of [['wrong', wrong], ['right', right]]) {
    const lines = block.code.split('\n').length;
    if (lines > MAX_EXAMPLE_LINES) throw new Error(`docs/rules/${id}.md: the ${name} example has ${lines} lines; add a shorter pair under "## In short"`);
  }
  return { wrong, right };
}

/** The markdown between the markers. */
function rulesSection(rules) {
  const out = ['| rule | reports | default | quick-fix |', '|---|---|---|---|'];
  for (const rule of rules) {
    out.push(`| [\`spankind/${rule.id}\`](docs/rules/${rule.id}.md) | ${rule.description.replace(/\|/g, '\\|')} | ${rule.defaultSeverity} | ${rule.fixable ? 'yes' : 'no'} |`);
  }
  for (const rule of rules) {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/rules', `${rule.id}.md`), 'utf8');
    const { wrong, right } = examplesOf(rule.id, doc);
    out.push('', `#### \`spankind/${rule.id}\``, '', 'Wrong:', '', '```' + wrong.lang, wrong.code, '```', '', 'Right:', '', '```' + right.lang, right.code, '```');
  }
  return out.join('\n');
}

module.exports = { rulesSection, START, END };

if (require.main === module) {
  const { rules } = require('../out/server/src/rules');
  const readme = path.join(ROOT, 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} ... ${END} markers`);
  fs.writeFileSync(readme, `${text.slice(0, a + START.length)}\n${rulesSection(rules)}\n${text.slice(b)}`);
  console.log('README.md: rules section updated');
}
