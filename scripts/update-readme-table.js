// Writes the supported-libraries table into README.md between its catalogue markers (npm run compile first).
const fs = require('node:fs');
const path = require('node:path');
const { catalogueTable } = require('../out/server/src/catalogue/table');

const readme = path.join(__dirname, '..', 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const start = '<!-- catalogue:start -->';
const end = '<!-- catalogue:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} markers`);
fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n${catalogueTable()}\n${text.slice(b)}`);
console.log('README.md: catalogue table updated');
