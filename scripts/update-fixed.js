// Regenerates the `.fixed` twins of the test-workspace fixtures from the compiled engine (npm run compile
// first). Review the diff before committing: the twins are the expected output of the quick-fixes.
const fs = require('node:fs');
const path = require('node:path');
const { analyzeFile } = require('../out/server/src/analysis/analyzeFile');
const { applyFixes } = require('../out/server/src/analysis/applyFixes');
const { parseSource } = require('../out/server/src/analysis/program');
const { fixtureFiles, fixedTwinOf, WORKSPACE } = require('../out/server/test/fixtures');

for (const file of fixtureFiles()) {
  const text = fs.readFileSync(file, 'utf8');
  const fixes = analyzeFile(parseSource(file, text)).findings.flatMap((f) => f.fixes.filter((x) => x.preferred));
  const twin = fixedTwinOf(file);
  if (fixes.length) {
    fs.mkdirSync(path.dirname(twin), { recursive: true });
    fs.writeFileSync(twin, applyFixes(text, fixes));
    console.log(`wrote ${path.relative(WORKSPACE, twin)}`);
  } else if (fs.existsSync(twin)) {
    fs.rmSync(twin);
    console.log(`removed ${path.relative(WORKSPACE, twin)}`);
  }
}
